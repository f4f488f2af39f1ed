package org.reactvl.index.retrieval;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.pool.PoolVectors;

/** The built-in k-NN retriever keeps the {@link RetrieverContract}, on {@link KnnRetrieverTest}'s axis pool. */
class KnnRetrieverContractTest extends RetrieverContract {
  private static final List<String> CLASSES = List.of("dog", "cat", "bird");
  /** "fish" embeds to axis 4, which no pool item has: its scores are 0. */
  private final AxisEmbedder embedder = new AxisEmbedder("axis-model", List.of("dog", "cat", "bird", "-", "fish"));
  private final ExactEmbeddingStore images = ExactEmbeddingStore.builder("images", AxisEmbedder.DIMENSION)
      .properties(PoolStores.properties("axis-model", PoolKey.IMAGE)).open();

  @AfterEach
  void close() {
    images.close();
  }

  @Override
  protected Retriever retriever() {
    if (images.count() == 0) {
      List<EmbeddingEntry> entries = new ArrayList<>();
      for (int c = 0; c < CLASSES.size(); c++) {
        for (int k = 0; k < 5; k++) {
          entries.add(KnnRetrieverTest.entry(CLASSES.get(c) + "-" + k, KnnRetrieverTest.item(c, k)));
        }
      }
      images.upsert(entries);
    }
    return KnnRetriever.builder(embedder).pool(PoolVectors.images(images)).build();
  }

  @Override
  protected RetrievalRequest.Builder request(List<String> classes) {
    return RetrievalRequest.builder(classes).mode(RetrievalMode.T2I).perQuery(10).minScore(0.5f);
  }

  @Override
  protected List<String> classes() {
    return CLASSES;
  }

  @Override
  protected String classWithoutPairs() {
    return "fish";
  }

  @Override
  protected RetrievalRequest unservableRequest() {
    return RetrievalRequest.builder(List.of("dog")).mode(RetrievalMode.T2T).build();
  }
}
