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
import org.reactvl.index.text.CaptionTextIndex;

/**
 * The hybrid retriever keeps the {@link RetrieverContract}, on {@link KnnRetrieverTest}'s axis pool
 * with a caption per pair that names its class.
 */
class HybridRetrieverContractTest extends RetrieverContract {
  private static final List<String> CLASSES = List.of("dog", "cat", "bird");
  /** "fish" embeds to axis 4, which no pool item has, and no caption names it. */
  private final AxisEmbedder embedder = new AxisEmbedder("axis-model", List.of("dog", "cat", "bird", "-", "fish"));
  private final ExactEmbeddingStore images = ExactEmbeddingStore.builder("images", AxisEmbedder.DIMENSION)
      .properties(PoolStores.properties("axis-model", PoolKey.IMAGE)).open();
  private final CaptionTextIndex text = CaptionTextIndex.inMemory();

  @AfterEach
  void close() {
    images.close();
    text.close();
  }

  @Override
  protected Retriever retriever() {
    if (images.count() == 0) {
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
      images.upsert(entries);
      text.add(pairs);
    }
    return HybridRetriever.builder(embedder, text).pool(PoolVectors.images(images)).build();
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
