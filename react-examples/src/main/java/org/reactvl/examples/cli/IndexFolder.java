package org.reactvl.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.text.CaptionTextIndex;

/**
 * The folder {@code react index} writes and {@code react retrieve} reads:
 *
 * <pre>
 * DIR/index.json   {"format":"react-pool-index","version":1,"model":FINGERPRINT,"dimension":512,"encoding":"int8"}
 * DIR/images/      Lucene store of image vectors   (when indexed with --keys image)
 * DIR/captions/    Lucene store of caption vectors (when indexed with --keys caption)
 * DIR/text/        Lucene full-text index of the captions' words (BM25, for hybrid retrieval)
 * </pre>
 *
 * {@code index.json} tells later commands the encoding the stores were created with.
 */
record IndexFolder(Path dir, String model, int dimension, VectorEncoding encoding) implements PoolLocation {
  private static final String FORMAT = "react-pool-index";
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path descriptor(Path dir) {
    return dir.resolve("index.json");
  }

  /** The folder in {@code dir}: read from its index.json if it has one, else described by the arguments and written. */
  static IndexFolder create(Path dir, String model, int dimension, VectorEncoding encoding) {
    if (Files.exists(descriptor(dir))) {
      IndexFolder existing = open(dir);
      if (existing.encoding != encoding) {
        throw new IllegalArgumentException("--encoding must be " + existing.encoding.name().toLowerCase(Locale.ROOT)
            + " (index " + dir + " was created with it), but was " + encoding.name().toLowerCase(Locale.ROOT));
      }
      return existing;
    }
    IndexFolder folder = new IndexFolder(dir, model, dimension, encoding);
    ObjectNode json = JSON.createObjectNode()
        .put("format", FORMAT).put("version", 1).put("model", model).put("dimension", dimension)
        .put("encoding", encoding.name().toLowerCase(Locale.ROOT));
    try {
      AtomicFiles.writeString(descriptor(dir), json + "\n");
    } catch (IOException e) {
      throw new ReactException("cannot write " + descriptor(dir) + ": " + OutputFolders.describe(e), e);
    }
    return folder;
  }

  /** Reads {@code dir/index.json}. */
  static IndexFolder open(Path dir) {
    Path file = descriptor(dir);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("index '" + dir + "' must be a folder written by 'react index' (with index.json),"
          + " but " + file + " does not exist");
    }
    try {
      JsonNode json = JSON.readTree(file.toFile());
      if (!FORMAT.equals(json.path("format").asText())) {
        throw new ReactException(file + " must have format '" + FORMAT + "', but had '" + json.path("format").asText() + "'");
      }
      return new IndexFolder(dir, json.path("model").asText(), json.path("dimension").asInt(),
          VectorEncoding.valueOf(json.path("encoding").asText().toUpperCase(Locale.ROOT)));
    } catch (IOException | IllegalArgumentException e) {
      throw new ReactException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Keys whose store exists in the folder. */
  Set<PoolKey> keys() {
    Set<PoolKey> keys = EnumSet.noneOf(PoolKey.class);
    for (PoolKey key : PoolKey.values()) {
      if (Files.isDirectory(storeFolder(key))) {
        keys.add(key);
      }
    }
    return keys;
  }

  Path storeFolder(PoolKey key) {
    return dir.resolve(key.label() + "s");
  }

  /** The folder of the captions' full-text index. */
  Path textFolder() {
    return dir.resolve("text");
  }

  /** Whether the folder has a full-text index of the captions. */
  boolean hasText() {
    return Files.isDirectory(textFolder());
  }

  /** Opens (creating if needed) the full-text index of the captions. */
  CaptionTextIndex openText() {
    return CaptionTextIndex.open(textFolder());
  }

  /** Opens the full-text index of the captions for searching only (no lock, no commit). */
  CaptionTextIndex openTextForSearch() {
    return CaptionTextIndex.openReadOnly(textFolder());
  }

  /** Opens (creating if needed) the store for {@code key}, checked against the embedder's fingerprint. */
  @Override
  public LuceneEmbeddingStore openStore(PoolKey key, Embedder embedder) {
    return PoolStores.openLucene(storeFolder(key), key, embedder.fingerprint(), dimension, encoding);
  }

  /** Opens the existing store for {@code key} read-only: no lock, no commit, so searches never block each other or a writer. */
  @Override
  public LuceneEmbeddingStore openForSearch(PoolKey key, Embedder embedder) {
    return PoolStores.openLuceneReadOnly(storeFolder(key), key, embedder.fingerprint(), dimension, encoding);
  }
}
