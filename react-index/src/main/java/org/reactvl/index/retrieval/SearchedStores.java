package org.reactvl.index.retrieval;

import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolVectors;

/**
 * The pool stores an embedding retriever searches, checked against its embedder when built; shared
 * by {@link KnnRetriever} and {@link HybridRetriever}.
 *
 * @param pool the pool's vector stores
 */
record SearchedStores(PoolVectors pool) {

  /**
   * The stores after checking them against {@code embedder}.
   *
   * @param retriever the retriever's name, for messages
   * @param pool the stores, or null if none was given
   * @throws IllegalArgumentException if none was given, or a store records another model (both
   *     fingerprints named), the other key, or another dimension
   */
  static SearchedStores checked(String retriever, Embedder embedder, PoolVectors pool) {
    if (pool == null) {
      throw new IllegalArgumentException("a " + retriever + " retriever needs an image store, a caption store or both, but was given none");
    }
    pool.check(embedder.fingerprint(), embedder.dimension());
    return new SearchedStores(pool);
  }

  /**
   * The store {@code mode} searches.
   *
   * @param retrieval how the retrieval is named in the message ("t2i retrieval")
   * @throws IllegalArgumentException if it is missing
   */
  EmbeddingStore forMode(RetrievalMode mode, String retrieval) {
    PoolKey key = mode.searched();
    return pool.store(key).orElseThrow(() -> new IllegalArgumentException(retrieval + " searches "
        + (key == PoolKey.IMAGE ? "an " : "a ") + key.label() + " store, but this retriever was built without one"));
  }

  /** The stored unit vector of {@code id}, which a search of {@code store} just found. */
  static float[] unitVector(EmbeddingStore store, String id) {
    return store.get(id).map(EmbeddingEntry::unitVector).orElseThrow(() -> new IllegalStateException(
        "pair '" + id + "' was found in store '" + store.info().name() + "' but is gone (deleted during retrieval)"));
  }
}
