package org.reactvl.index.retrieval;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.pool.PoolVectors;

/**
 * The built-in k-NN retriever keeps the {@link RetrieverContract}, on {@link KnnRetrieverTest}'s axis
 * pool; {@link HybridRetrieverContractTest} reuses the pool and the requests.
 */
class KnnRetrieverContractTest extends RetrieverContract {
  private static final List<String> CLASSES = List.of("dog", "cat", "bird");
  /** "fish" embeds to axis 4, which no pool item has (and no caption names): its scores are 0. */
  final AxisEmbedder embedder = new AxisEmbedder("axis-model", List.of("dog", "cat", "bird", "-", "fish"));
  final ExactEmbeddingStore images = ExactEmbeddingStore.builder("images", AxisEmbedder.DIMENSION)
      .properties(PoolStores.properties("axis-model", PoolKey.IMAGE)).open();

  @AfterEach
  void close() {
    images.close();
  }

  @Override
  protected Retriever retriever() {
    fillPool();
    return KnnRetriever.builder(embedder).pool(PoolVectors.images(images)).build();
  }

  /** Stores the pool's vectors once (5 pairs per class, captioned with their class) and returns its pairs. */
  List<ImageTextPair> fillPool() {
    List<EmbeddingEntry> entries = new ArrayList<>();
    List<ImageTextPair> pairs = new ArrayList<>();
    for (int c = 0; c < CLASSES.size(); c++) {
      for (int k = 0; k < 5; k++) {
        String id = CLASSES.get(c) + "-" + k;
        ImageTextPair pair = ImageTextPair.of(id, "/pool/" + id + ".png", "a " + CLASSES.get(c) + " drawing number " + k);
        pairs.add(pair);
        entries.add(new EmbeddingEntry(id, KnnRetrieverTest.item(c, k), pair.toStoreMetadata()));
      }
    }
    if (images.count() == 0) {
      images.upsert(entries);
    }
    return pairs;
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
