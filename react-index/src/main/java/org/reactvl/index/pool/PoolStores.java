package org.reactvl.index.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.StoreInfo;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.lucene.LuceneStoreOptions;

/**
 * The store properties that tie a pool store to the model that filled it, and the checks made before
 * adding to or searching such a store.
 *
 * <p>A pool store records, in its {@linkplain StoreInfo#properties() properties} (fixed when it is
 * created):
 *
 * <ul>
 *   <li>{@value #MODEL_PROPERTY}: the fingerprint of the model whose vectors it holds;
 *   <li>{@value #KEY_PROPERTY}: {@code image} or {@code caption} ({@link PoolKey}).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * var images = ExactEmbeddingStore.builder("images", embedder.dimension())
 *     .properties(PoolStores.properties(embedder.fingerprint(), PoolKey.IMAGE)).open();
 * }</pre>
 */
public final class PoolStores {
  /** Store property naming the fingerprint of the model that made the vectors. */
  public static final String MODEL_PROPERTY = "react.model.fingerprint";
  /** Store property naming what the vectors embed: {@code image} or {@code caption}. */
  public static final String KEY_PROPERTY = "react.pool.key";

  private PoolStores() {}

  /** The properties of a new pool store for vectors of model {@code fingerprint}. */
  public static Map<String, String> properties(String fingerprint, PoolKey key) {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("model fingerprint must be non-blank, but was " + fingerprint);
    }
    Objects.requireNonNull(key, "key must not be null");
    return Map.of(MODEL_PROPERTY, fingerprint, KEY_PROPERTY, key.label());
  }

  /**
   * Throws unless {@code store} holds {@code key} vectors of {@code dimension} made by the model with
   * {@code fingerprint}.
   *
   * @throws IllegalArgumentException naming both fingerprints, both keys or both dimensions
   */
  public static void check(EmbeddingStore store, PoolKey key, String fingerprint, int dimension) {
    StoreInfo info = store.info();
    String storedModel = info.properties().get(MODEL_PROPERTY);
    if (storedModel == null) {
      throw new IllegalArgumentException("store '" + info.name() + "' must record the model that made its vectors in"
          + " property '" + MODEL_PROPERTY + "' (create it with PoolStores.properties), but it has properties "
          + info.properties());
    }
    if (!storedModel.equals(fingerprint)) {
      throw new IllegalArgumentException("store '" + info.name() + "' holds vectors of model " + storedModel
          + ", but this model's fingerprint is " + fingerprint + "; vectors of different models cannot be mixed or"
          + " compared (index the pool again into a new store for this model)");
    }
    String storedKey = info.properties().get(KEY_PROPERTY);
    if (storedKey != null && !storedKey.equals(key.label())) {
      throw new IllegalArgumentException("store '" + info.name() + "' must hold " + key.label()
          + " embeddings here, but holds " + storedKey + " embeddings");
    }
    if (info.dimension() != dimension) {
      throw new IllegalArgumentException("dimension of store '" + info.name() + "' must be " + dimension
          + " (the model's embedding size), but was " + info.dimension());
    }
  }

  /**
   * Opens the Lucene pool store in {@code folder}: a new one (missing or empty folder) records {@code
   * fingerprint} and {@code key}; an existing one keeps what it recorded and is {@linkplain #check
   * checked} against them.
   *
   * @throws IllegalArgumentException if an existing store was made by another model, for another key,
   *     or with another dimension or encoding
   */
  public static LuceneEmbeddingStore openLucene(
      Path folder, PoolKey key, String fingerprint, int dimension, VectorEncoding encoding) {
    Objects.requireNonNull(folder, "folder must not be null");
    boolean fresh = isMissingOrEmpty(folder);
    LuceneStoreOptions.Builder options = LuceneStoreOptions.builder(folder, dimension).encoding(encoding);
    if (fresh) {
      options.properties(properties(fingerprint, key));
    }
    return checked(LuceneEmbeddingStore.open(options.build()), key, fingerprint, dimension);
  }

  /**
   * Opens the existing Lucene pool store in {@code folder} for searching only (see {@link
   * LuceneEmbeddingStore#openReadOnly}): no lock, nothing written, so any number of searchers may
   * share a finished or growing index, and a read-only folder can be searched.
   *
   * @throws IllegalArgumentException if the store was made by another model, for another key, or with
   *     another dimension or encoding
   * @throws org.reactvl.index.StoreFormatException if the folder holds no store
   */
  public static LuceneEmbeddingStore openLuceneReadOnly(
      Path folder, PoolKey key, String fingerprint, int dimension, VectorEncoding encoding) {
    Objects.requireNonNull(folder, "folder must not be null");
    LuceneStoreOptions options = LuceneStoreOptions.builder(folder, dimension).encoding(encoding).build();
    return checked(LuceneEmbeddingStore.openReadOnly(options), key, fingerprint, dimension);
  }

  private static LuceneEmbeddingStore checked(LuceneEmbeddingStore store, PoolKey key, String fingerprint, int dimension) {
    try {
      check(store, key, fingerprint, dimension);
    } catch (IllegalArgumentException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private static boolean isMissingOrEmpty(Path folder) {
    if (!Files.exists(folder)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new ReactException("cannot list store folder " + folder + ": " + e.getMessage(), e);
    }
  }
}
