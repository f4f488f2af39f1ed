package org.reactvl.index.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports embeddings computed elsewhere (clip-retrieval, LAION's released embeddings) into pool
 * stores, so a large pool need not be embedded again.
 *
 * <p><b>Layout accepted</b> (clip-retrieval's, with JSON Lines in place of its parquet metadata):
 *
 * <pre>
 * DIR/
 *   img_emb/img_emb_0.npy        float32 or float16 [n0, d]: image vectors       (for the image store)
 *   text_emb/text_emb_0.npy      float32 or float16 [n0, d]: caption vectors     (for the caption store)
 *   metadata/metadata_0.jsonl    n0 non-blank lines in pool manifest form ({@link PoolManifest}):
 *                                line i describes row i of both matrices
 *   img_emb/img_emb_1.npy ...    further shards, numbered from 0 without gaps
 * </pre>
 *
 * <p>Matrices are little-endian, C order, read memory-mapped (any size). Rows and metadata lines must
 * match in number; vectors must have the stores' dimension and must not be all zero. Like {@link
 * PoolIndexer} the import is resumable (ids already stored are skipped) and reports progress after
 * each batch. The vectors' model cannot be checked from the files: the caller names it, and it must
 * be the fingerprint the stores were created with. With {@link Builder#shard}, only the rows of that
 * {@link PoolShard} are stored, so n importers on n machines can load one pool into the same stores.
 *
 * <p>Not thread-safe; one import at a time. Does not own the stores.
 *
 * <pre>{@code
 * IndexingResult r = EmbeddingImporter.builder(clip.fingerprint())
 *     .pool(PoolVectors.of(images, captions)).build()
 *     .importShards(Path.of("laion-embeddings"));
 * }</pre>
 */
public final class EmbeddingImporter {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingImporter.class);
  private static final Pattern SHARD = Pattern.compile("metadata_(\\d+)\\.jsonl");

  private final EmbeddingStore imageStore;
  private final EmbeddingStore captionStore;
  private final int batchSize;
  private final IndexingListener listener;
  private final PoolShard shard;

  private EmbeddingImporter(Builder b) {
    this.imageStore = b.pool.images().orElse(null);
    this.captionStore = b.pool.captions().orElse(null);
    this.batchSize = b.batchSize;
    this.listener = b.listener;
    this.shard = b.shard;
  }

  /** A builder for importing vectors made by the model with this fingerprint. */
  public static Builder builder(String modelFingerprint) {
    return new Builder(modelFingerprint);
  }

  /**
   * Imports every shard of {@code dir} (layout above) into the configured stores.
   *
   * @throws ManifestFormatException if a metadata line is bad or the layout is not as documented
   * @throws org.reactvl.core.CheckpointFormatException if a matrix is not a float matrix or is truncated
   */
  public IndexingResult importShards(Path dir) {
    Objects.requireNonNull(dir, "dir must not be null");
    Map<Integer, Path> shards = shards(dir);
    long total = 0;
    for (Path metadata : shards.values()) {
      total += PoolManifest.count(metadata);
    }
    long start = System.nanoTime();
    long[] counts = new long[5]; // done, images, captions, already stored, other shards
    for (var shard : shards.entrySet()) {
      importShard(dir, shard.getKey(), shard.getValue(), total, start, counts);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    LOG.info("Imported {} pairs from {} files in {}: {} image and {} caption vectors added, {} already stored, {} left"
        + " to other shards", counts[0], shards.size(), elapsed, counts[1], counts[2], counts[3], counts[4]);
    return new IndexingResult(counts[0], counts[1], counts[2], counts[3], 0, List.of(), counts[4], elapsed);
  }

  private void importShard(Path dir, int number, Path metadata, long total, long start, long[] counts) {
    List<ImageTextPair> pairs = PoolManifest.read(metadata);
    try (NpyRows images = matrix(dir, "img_emb", number, imageStore, pairs.size(), metadata);
        NpyRows captions = matrix(dir, "text_emb", number, captionStore, pairs.size(), metadata)) {
      for (int from = 0; from < pairs.size(); from += batchSize) {
        List<ImageTextPair> batch = pairs.subList(from, Math.min(pairs.size(), from + batchSize));
        List<String> ids = batch.stream().map(ImageTextPair::id).filter(shard::contains).toList();
        int imagesAdded = images == null ? 0 : add(imageStore, images, from, batch, ids, metadata);
        int captionsAdded = captions == null ? 0 : add(captionStore, captions, from, batch, ids, metadata);
        counts[1] += imagesAdded;
        counts[2] += captionsAdded;
        int added = Math.max(imagesAdded, captionsAdded);
        counts[0] += batch.size();
        counts[3] += ids.size() - added;
        counts[4] += batch.size() - ids.size();
        listener.onProgress(new IndexingProgress(counts[0], Math.max(total, counts[0]), counts[0] - counts[3] - counts[4],
            counts[3], 0, Duration.ofNanos(System.nanoTime() - start)));
      }
    }
  }

  /** Adds the rows of {@code ids} (the batch's pairs of this shard) that the store lacks; returns how many. */
  private int add(EmbeddingStore store, NpyRows matrix, int from, List<ImageTextPair> batch, List<String> ids,
      Path metadata) {
    Set<String> existing = store.existingIds(ids);
    if (existing.size() == ids.size()) {
      return 0;
    }
    float[][] rows = matrix.read(from, batch.size());
    List<EmbeddingEntry> entries = new ArrayList<>(ids.size() - existing.size());
    for (int i = 0; i < batch.size(); i++) {
      ImageTextPair pair = batch.get(i);
      if (existing.contains(pair.id()) || !shard.contains(pair.id())) {
        continue;
      }
      try {
        entries.add(new EmbeddingEntry(pair.id(), rows[i], pair.toStoreMetadata()));
      } catch (IllegalArgumentException e) {
        throw new ManifestFormatException("row " + (from + i) + " of the matrix for " + metadata + " (pair '" + pair.id()
            + "') cannot be stored: " + e.getMessage(), e);
      }
    }
    store.upsert(entries);
    return entries.size();
  }

  private static NpyRows matrix(Path dir, String kind, int number, EmbeddingStore store, int rows, Path metadata) {
    if (store == null) {
      return null;
    }
    Path file = dir.resolve(kind).resolve(kind + "_" + number + ".npy");
    if (!Files.isRegularFile(file)) {
      throw new ManifestFormatException("embedding shard " + file + " must exist beside " + metadata + ", but does not");
    }
    NpyRows matrix = NpyRows.open(file);
    if (matrix.rows() != rows || matrix.columns() != store.info().dimension()) {
      matrix.close();
      throw new ManifestFormatException("embedding shard " + file + " must have shape (" + rows + ", "
          + store.info().dimension() + ") (one row per line of " + metadata + ", the store's dimension), but had ("
          + matrix.rows() + ", " + matrix.columns() + ")");
    }
    return matrix;
  }

  private static Map<Integer, Path> shards(Path dir) {
    Path folder = dir.resolve("metadata");
    Map<Integer, Path> shards = new TreeMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      files.forEach(f -> {
        Matcher m = SHARD.matcher(f.getFileName().toString());
        if (m.matches()) {
          shards.put(Integer.parseInt(m.group(1)), f);
        }
      });
    } catch (IOException e) {
      throw new ManifestFormatException("embedding folder " + dir + " must contain a folder 'metadata' with"
          + " metadata_N.jsonl files, but it cannot be listed: " + e, e);
    }
    if (shards.isEmpty()) {
      throw new ManifestFormatException("folder " + folder + " must hold metadata_0.jsonl, metadata_1.jsonl, ...,"
          + " but holds none");
    }
    int expected = 0;
    for (int number : shards.keySet()) {
      if (number != expected) {
        throw new ManifestFormatException("shards in " + folder + " must be numbered 0, 1, 2, ... without gaps, but"
            + " metadata_" + expected + ".jsonl is missing");
      }
      expected++;
    }
    return shards;
  }

  /** Configures an {@link EmbeddingImporter}; not thread-safe. */
  public static final class Builder {
    private final String fingerprint;
    private PoolVectors pool;
    private int batchSize = 1024;
    private IndexingListener listener = IndexingListener.NONE;
    private PoolShard shard = PoolShard.ALL;

    private Builder(String fingerprint) {
      if (fingerprint == null || fingerprint.isBlank()) {
        throw new IllegalArgumentException("model fingerprint must be non-blank, but was " + fingerprint);
      }
      this.fingerprint = fingerprint;
    }

    /** The pool's stores: {@code PoolVectors.images(images)}, {@code .captions(captions)} or {@code .of(images, captions)}. */
    public Builder pool(PoolVectors pool) {
      this.pool = Objects.requireNonNull(pool, "pool must not be null");
      return this;
    }

    /** Rows stored per upsert; default 1024. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be positive, but was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Told after every batch. */
    public Builder listener(IndexingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /** Store only the rows of this shard; default {@link PoolShard#ALL}. */
    public Builder shard(PoolShard shard) {
      this.shard = Objects.requireNonNull(shard, "shard must not be null");
      return this;
    }

    /**
     * Builds the importer after checking that each store was made for this fingerprint.
     *
     * @throws IllegalArgumentException if no store was given, or a store records another model or key
     */
    public EmbeddingImporter build() {
      if (pool == null) {
        throw new IllegalArgumentException("an embedding import needs an image store, a caption store or both, but was given none");
      }
      pool.check(fingerprint);
      return new EmbeddingImporter(this);
    }
  }
}
