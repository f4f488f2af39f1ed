package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStoreProviders;
import org.reactvl.index.pool.PoolStoreRequest;
import org.reactvl.index.pool.PoolStores;

/** solr:// and solr+zk:// pool locations through the provider that PoolStoreProviders finds by scheme. */
@ExtendWith(SolrClusterExtension.class)
class SolrPoolStoreProviderTest {
  private final SolrCluster cluster;

  SolrPoolStoreProviderTest(SolrCluster cluster) {
    this.cluster = cluster;
  }

  @AfterEach
  void deleteCollections() {
    cluster.deleteCollection("spi-images");
  }

  @Test
  void should_create_the_image_collection_with_the_model_and_reopen_it_through_zookeeper() {
    // given
    PoolStoreRequest create = PoolStoreRequest.builder(cluster.location("spi").toString(), PoolKey.IMAGE, "model-a", 4)
        .createIfMissing(true).setting(SolrPoolStoreProvider.SHARDS, "1").build();
    try (EmbeddingStore images = PoolStoreProviders.open(create)) {
      images.upsert(List.of(new EmbeddingEntry("p1", new float[] {1, 0, 0, 0}, Map.of())));
    }

    // when
    PoolStoreRequest reopen = PoolStoreRequest.builder(cluster.zooKeeperLocation("spi").toString(), PoolKey.IMAGE,
        "model-a", 4).build();
    try (EmbeddingStore images = PoolStoreProviders.open(reopen)) {
      // then
      assertThat(images).isInstanceOf(SolrEmbeddingStore.class);
      assertThat(images.info().name()).isEqualTo("spi-images");
      assertThat(images.info().properties()).containsEntry(PoolStores.MODEL_PROPERTY, "model-a");
      assertThat(images.search(SearchRequest.builder(new float[] {1, 0, 0, 0}).k(1).build()).get(0).id())
          .isEqualTo("p1");
    }
  }

  @Test
  void should_refuse_quantized_encodings_and_unknown_or_malformed_settings_before_connecting() {
    String location = "solr://127.0.0.1:1/never";
    PoolStoreRequest.Builder base = PoolStoreRequest.builder(location, PoolKey.CAPTION, "model-a", 4);

    assertThatThrownBy(() -> PoolStoreProviders.open(base.encoding(VectorEncoding.INT8).build()))
        .hasMessage("encoding must be float32 for a Solr store (Solr 9.10 has no quantized vector fields), but was int8");
    PoolStoreRequest.Builder floats = PoolStoreRequest.builder(location, PoolKey.CAPTION, "model-a", 4);
    assertThatThrownBy(() -> PoolStoreProviders.open(floats.setting("shard", "2").build()))
        .hasMessage("Solr store setting must be one of [shards, replicas], but was 'shard'");
    PoolStoreRequest.Builder malformed = PoolStoreRequest.builder(location, PoolKey.CAPTION, "model-a", 4);
    assertThatThrownBy(() -> PoolStoreProviders.open(malformed.setting("shards", "two").build()))
        .hasMessage("Solr store setting 'shards' must be a whole number, but was 'two'");
  }
}
