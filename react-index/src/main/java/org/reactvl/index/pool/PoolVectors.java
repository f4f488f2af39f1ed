package org.reactvl.index.pool;

import java.util.Objects;
import java.util.Optional;
import org.reactvl.index.EmbeddingStore;

/**
 * A pool's vector stores: its image vectors (searched by T2I and I2I retrieval), its caption vectors
 * (T2T), or both, in two different stores. The one type that {@link PoolIndexer}, {@link
 * EmbeddingImporter}, the k-NN retriever and {@code RetrieverContext} take for the pair. Immutable;
 * the stores stay owned by the caller.
 *
 * <pre>{@code
 * PoolVectors pool = PoolVectors.of(images, captions);       // or PoolVectors.images(images)
 * pool.check(embedder.fingerprint(), embedder.dimension());  // each store made by this model, for its key
 * }</pre>
 *
 * @param images the image-vector store, if any
 * @param captions the caption-vector store, if any
 */
public record PoolVectors(Optional<EmbeddingStore> images, Optional<EmbeddingStore> captions) {

  /**
   * @throws IllegalArgumentException if neither store is given, or both are the same store
   */
  public PoolVectors {
    Objects.requireNonNull(images, "images must not be null (use Optional.empty())");
    Objects.requireNonNull(captions, "captions must not be null (use Optional.empty())");
    if (images.isEmpty() && captions.isEmpty()) {
      throw new IllegalArgumentException("a pool must have an image store, a caption store or both, but was given none");
    }
    if (images.isPresent() && captions.isPresent() && images.get() == captions.get()) {
      throw new IllegalArgumentException("image and caption vectors must be in two different stores, but both are in '"
          + images.get().info().name() + "'");
    }
  }

  /** Image and caption vectors. */
  public static PoolVectors of(EmbeddingStore images, EmbeddingStore captions) {
    return new PoolVectors(Optional.of(images), Optional.of(captions));
  }

  /** Image vectors only. */
  public static PoolVectors images(EmbeddingStore images) {
    return new PoolVectors(Optional.of(images), Optional.empty());
  }

  /** Caption vectors only. */
  public static PoolVectors captions(EmbeddingStore captions) {
    return new PoolVectors(Optional.empty(), Optional.of(captions));
  }

  /** This pool with {@code store} as its image store. */
  public PoolVectors withImages(EmbeddingStore store) {
    return new PoolVectors(Optional.of(store), captions);
  }

  /** This pool with {@code store} as its caption store. */
  public PoolVectors withCaptions(EmbeddingStore store) {
    return new PoolVectors(images, Optional.of(store));
  }

  /** The store of {@code key}'s vectors, if the pool has it. */
  public Optional<EmbeddingStore> store(PoolKey key) {
    return key == PoolKey.IMAGE ? images : captions;
  }

  /**
   * Throws unless each store holds its key's vectors of {@code dimension}, made by the model with
   * {@code fingerprint} ({@link PoolStores#check}).
   *
   * @throws IllegalArgumentException naming both fingerprints, both keys or both dimensions
   */
  public void check(String fingerprint, int dimension) {
    images.ifPresent(s -> PoolStores.check(s, PoolKey.IMAGE, fingerprint, dimension));
    captions.ifPresent(s -> PoolStores.check(s, PoolKey.CAPTION, fingerprint, dimension));
  }

  /** As {@link #check(String, int)}, each store against its own dimension. */
  public void check(String fingerprint) {
    images.ifPresent(s -> PoolStores.check(s, PoolKey.IMAGE, fingerprint, s.info().dimension()));
    captions.ifPresent(s -> PoolStores.check(s, PoolKey.CAPTION, fingerprint, s.info().dimension()));
  }

  /** A pool that has only {@code store} as {@code key}'s store, or {@code pool} with it added. */
  public static PoolVectors adding(PoolVectors pool, PoolKey key, EmbeddingStore store) {
    Objects.requireNonNull(store, key.label() + " store must not be null");
    if (pool == null) {
      return key == PoolKey.IMAGE ? images(store) : captions(store);
    }
    return key == PoolKey.IMAGE ? pool.withImages(store) : pool.withCaptions(store);
  }
}
