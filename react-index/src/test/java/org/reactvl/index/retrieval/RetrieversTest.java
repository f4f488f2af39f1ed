package org.reactvl.index.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;

class RetrieversTest {

  @Test
  void should_find_the_knn_retriever_by_name_through_the_service_loader() {
    AxisEmbedder embedder = new AxisEmbedder("m", List.of("dog"));
    try (ExactEmbeddingStore images = ExactEmbeddingStore.builder("images", AxisEmbedder.DIMENSION)
        .properties(PoolStores.properties("m", PoolKey.IMAGE)).open()) {
      Retriever retriever = Retrievers.create("knn", RetrieverContext.of(embedder).withImageStore(images));

      assertThat(Retrievers.names()).contains("knn");
      assertThat(retriever).isInstanceOf(KnnRetriever.class);
      assertThat(retriever.name()).isEqualTo("knn");
      assertThat(Retrievers.provider("knn")).isInstanceOf(KnnRetrieverProvider.class);
    }
  }

  @Test
  void should_list_the_available_names_when_a_name_is_unknown() {
    assertThatThrownBy(() -> Retrievers.provider("faiss"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("retriever 'faiss' is not available; available retrievers: [hybrid, knn]")
        .hasMessageContaining("META-INF/services/org.reactvl.index.retrieval.RetrieverProvider");
  }
}
