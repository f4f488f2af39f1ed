package org.reactvl.index.retrieval;

import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;

/**
 * The pool stores an embedding retriever searches (image vectors, caption vectors, or both), checked
 * against its embedder when built; shared by {@link KnnRetriever} and {@link HybridRetriever}.
 *
 * @param images the image store, or null
 * @param captions the caption store, or null
 */
record SearchedStores(EmbeddingStore images, EmbeddingStore captions) {

  /**
   * The stores after checking them against {@code embedder}.
   *
   * @param retriever the retriever's name, for messages
   * @throws IllegalStateException if both are null
   * @throws IllegalArgumentException if a store records another model (both fingerprints named), the
   *     other key, or another dimension
   */
  static SearchedStores checked(String retriever, Embedder embedder, EmbeddingStore images, EmbeddingStore captions) {
    if (images == null && captions == null) {
      throw new IllegalStateException("a " + retriever + " retriever needs an image store, a caption store or both, but was given none");
    }
    if (images != null) {
      PoolStores.check(images, PoolKey.IMAGE, embedder.fingerprint(), embedder.dimension());
    }
    if (captions != null) {
      PoolStores.check(captions, PoolKey.CAPTION, embedder.fingerprint(), embedder.dimension());
    }
    return new SearchedStores(images, captions);
  }

  /**
   * The store {@code mode} searches.
   *
   * @param retrieval how the retrieval is named in the message ("t2i retrieval")
   * @throws IllegalArgumentException if it is missing
   */
  EmbeddingStore forMode(RetrievalMode mode, String retrieval) {
    EmbeddingStore store = mode.searched() == PoolKey.IMAGE ? images : captions;
    if (store == null) {
      String article = mode.searched() == PoolKey.IMAGE ? "an " : "a ";
      throw new IllegalArgumentException(retrieval + " searches " + article + mode.searched().label()
          + " store, but this retriever was built without one");
    }
    return store;
  }

  /** The stored unit vector of {@code id}, which a search of {@code store} just found. */
  static float[] unitVector(EmbeddingStore store, String id) {
    return store.get(id).map(EmbeddingEntry::unitVector).orElseThrow(() -> new IllegalStateException(
        "pair '" + id + "' was found in store '" + store.info().name() + "' but is gone (deleted during retrieval)"));
  }
}
