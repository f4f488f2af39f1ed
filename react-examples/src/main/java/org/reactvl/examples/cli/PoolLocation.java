package org.reactvl.examples.cli;

import java.nio.file.Path;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.PoolKey;

/**
 * Where {@code react index} puts a pool's image and caption stores and {@code react retrieve} finds
 * them: a local index folder ({@code --out} / {@code --index DIR}) or SolrCloud collections ({@code
 * --store URI}).
 */
sealed interface PoolLocation permits IndexFolder, StoreLocation {

  /** Opens the store of {@code key}, checked against the embedder's model and dimension. */
  EmbeddingStore openStore(PoolKey key, Embedder embedder);

  /** Opens the store of {@code key} for searching only (a folder's store: read-only, without a lock). */
  default EmbeddingStore openForSearch(PoolKey key, Embedder embedder) {
    return openStore(key, embedder);
  }

  /**
   * Throws unless exactly one of a folder and a store location was given.
   *
   * @param folderOption the folder's option name, for the message
   */
  static void checkOneOf(Path folder, String store, String folderOption) {
    if ((folder == null) == (store == null)) {
      throw new IllegalArgumentException("exactly one of " + folderOption + " DIR and --store URI must be given, but "
          + (folder == null ? "neither was" : "both were"));
    }
  }
}
