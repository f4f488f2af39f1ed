package org.reactvl.index.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.EmbeddingStoreContract;
import org.reactvl.index.Hit;
import org.reactvl.index.MetadataFilter;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.VectorEncoding;

/** The contract on a 2-shard collection of the loopback cluster, plus what only the Solr store does. */
@ExtendWith(SolrClusterExtension.class)
class SolrEmbeddingStoreTest implements EmbeddingStoreContract {
  private static final AtomicInteger COLLECTIONS = new AtomicInteger();

  private final SolrCluster cluster;
  private final Map<EmbeddingStore, SolrStoreOptions> opened = new IdentityHashMap<>();
  private final Set<String> collections = new LinkedHashSet<>();

  SolrEmbeddingStoreTest(SolrCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public EmbeddingStore newStore(String name, int dimension, Map<String, String> properties) {
    String collection = "contract-" + COLLECTIONS.incrementAndGet();
    return open(SolrStoreOptions.builder(cluster.location(collection), dimension).name(name).properties(properties)
        .build());
  }

  @Override
  public EmbeddingStore reopen(EmbeddingStore closed) {
    return open(opened.get(closed).toBuilder().properties(Map.of()).build());
  }

  /** A killed client leaves nothing behind that Solr has not acknowledged: a new client sees what the cluster has. */
  @Override
  public EmbeddingStore crashAndReopen(EmbeddingStore running) {
    return open(opened.get(running).toBuilder().properties(Map.of()).build());
  }

  private SolrEmbeddingStore open(SolrStoreOptions options) {
    SolrEmbeddingStore store = SolrEmbeddingStore.open(options);
    opened.put(store, options);
    collections.add(options.location().collection());
    return store;
  }

  @AfterEach
  void deleteCollections() {
    opened.keySet().forEach(EmbeddingStore::close);
    collections.forEach(cluster::deleteCollection);
  }

  @Test
  void should_see_the_same_store_through_zookeeper_and_through_solr_nodes() {
    // given
    EmbeddingStore store = newStore("both-ways", 4, Map.of("model", "m"));
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("z", 30, 4, 3);
    store.upsert(entries);
    SolrStoreOptions options = opened.get(store);

    // when
    try (EmbeddingStore viaZooKeeper = open(SolrStoreOptions.builder(
        cluster.zooKeeperLocation(options.location().collection()), 4).build())) {
      // then
      assertThat(viaZooKeeper.count()).isEqualTo(30);
      assertThat(viaZooKeeper.info().properties()).isEqualTo(Map.of("model", "m"));
      SearchRequest request = SearchRequest.builder(entries.get(5).vector()).k(7).build();
      assertThat(viaZooKeeper.search(request)).isEqualTo(store.search(request));
    }
  }

  @Test
  void should_refuse_to_open_with_another_dimension_or_properties() {
    EmbeddingStore store = newStore("pool-images", 8, Map.of("model", "a"));
    SolrStoreOptions options = opened.get(store);
    String collection = options.location().collection();

    assertThatThrownBy(() -> open(SolrStoreOptions.builder(options.location(), 16).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension must be 8 (Solr collection '" + collection + "' was created with it), but was 16");
    assertThatThrownBy(() -> open(options.toBuilder().properties(Map.of("model", "b")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("properties must be {model=a} (as Solr collection '" + collection + "' was created) or none, but were "
            + "{model=b}");
    assertThat(store.info().encoding()).isEqualTo(VectorEncoding.FLOAT32);
  }

  @Test
  void should_refuse_to_open_a_missing_collection_unless_it_may_create_it() {
    SolrLocation location = cluster.location("never-created");

    assertThatThrownBy(() -> SolrEmbeddingStore.open(SolrStoreOptions.builder(location, 4).createIfMissing(false).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Solr collection 'never-created' must exist (opened without createIfMissing), but " + location
            + " has no such collection");
  }

  @Test
  void should_refuse_a_metadata_value_solr_cannot_index_and_store_nothing_of_its_batch() {
    EmbeddingStore store = newStore("long-values", 2, Map.of());
    List<EmbeddingEntry> batch = List.of(new EmbeddingEntry("fine", EmbeddingStoreContract.vec(1, 0)),
        new EmbeddingEntry("huge", EmbeddingStoreContract.vec(0, 1), Map.of("caption", "x".repeat(40_000))));

    assertThatThrownBy(() -> store.upsert(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value 'caption' of entry 'huge' must be at most 32766 bytes in UTF-8 to be indexed by Solr"
            + " (store 'long-values', nothing of its batch was stored), but was 40000");
    assertThat(store.count()).isZero();
  }

  @Test
  void should_keep_and_filter_metadata_keys_and_values_of_any_characters() {
    // given: keys that are no Solr field names, values with the 'in' filter's default separator
    EmbeddingStore store = newStore("keys", 2, Map.of());
    Map<String, String> odd = Map.of("pool.image", "/a,b/c.png", "ключ word", "значение", "_x_2e", "", "a_b", "1,2");
    store.upsert(List.of(new EmbeddingEntry("odd", EmbeddingStoreContract.vec(1, 0), odd),
        new EmbeddingEntry("plain", EmbeddingStoreContract.vec(1, 1), Map.of("a_b", "3"))));
    float[] q = EmbeddingStoreContract.vec(1, 0);

    // when / then
    assertThat(store.get("odd").orElseThrow().metadata()).isEqualTo(odd);
    assertThat(store.search(SearchRequest.builder(q).build()).get(0).metadata()).isEqualTo(odd);
    assertThat(ids(store.search(SearchRequest.builder(q).filter(MetadataFilter.eq("ключ word", "значение")).build())))
        .containsExactly("odd");
    assertThat(ids(store.search(SearchRequest.builder(q).filter(MetadataFilter.in("a_b", Set.of("1,2", "3"))).build())))
        .containsExactly("odd", "plain");
    assertThat(ids(store.search(SearchRequest.builder(q).filter(MetadataFilter.eq("_x_2e", "")).build())))
        .containsExactly("odd");
  }

  @Test
  void should_write_and_delete_in_requests_of_batch_size() {
    // given: 1,050 entries sent as 11 requests of at most 100, committed once
    EmbeddingStore store = open(SolrStoreOptions.builder(cluster.location("batches-" + COLLECTIONS.incrementAndGet()), 8)
        .batchSize(100).build());
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("b", 1050, 8, 5);

    // when
    store.upsert(entries);
    List<String> doomed = new ArrayList<>();
    for (int i = 0; i < 1050; i += 3) {
      doomed.add("b" + i);
    }
    store.delete(doomed);

    // then
    assertThat(store.count()).isEqualTo(1050 - 350);
    assertThat(store.existingIds(List.of("b0", "b1", "b2", "b1047", "b1049"))).containsExactlyInAnyOrder("b1", "b2",
        "b1049");
  }

  @Test
  void should_search_the_same_after_force_merge() {
    // given: five batches, five commits, five segments per shard
    SolrEmbeddingStore store = (SolrEmbeddingStore) newStore("merge", 16, Map.of());
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("m", 500, 16, 9);
    for (int from = 0; from < 500; from += 100) {
      store.upsert(entries.subList(from, from + 100));
    }
    SearchRequest request = SearchRequest.builder(entries.get(42).vector()).k(5).candidates(250).build();
    List<Hit> before = store.search(request);

    // when
    store.forceMerge(1);

    // then
    assertThat(store.count()).isEqualTo(500);
    assertThat(ids(store.search(request))).isEqualTo(ids(before));
    assertThatThrownBy(() -> store.forceMerge(0)).hasMessage("maxSegments must be positive, but was 0");
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
