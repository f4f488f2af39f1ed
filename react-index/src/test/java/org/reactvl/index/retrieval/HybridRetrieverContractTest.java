package org.reactvl.index.retrieval;

import org.junit.jupiter.api.AfterEach;
import org.reactvl.index.pool.PoolVectors;
import org.reactvl.index.text.CaptionTextIndex;

/** The hybrid retriever keeps the {@link RetrieverContract}, on the k-NN contract test's pool and requests. */
class HybridRetrieverContractTest extends KnnRetrieverContractTest {
  private final CaptionTextIndex text = CaptionTextIndex.inMemory();

  @AfterEach
  void closeText() {
    text.close();
  }

  @Override
  protected Retriever retriever() {
    text.add(fillPool());
    return HybridRetriever.builder(embedder, text).pool(PoolVectors.images(images)).build();
  }
}
