package org.reactvl.index.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.reactvl.core.ImageFormatException;
import org.reactvl.core.image.DecodedImage;
import org.reactvl.core.image.ImageLoader;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.text.CaptionTextIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds a pool of image-text pairs into an image store and/or a caption store, in batches, and
 * optionally indexes their caption words for BM25 ({@link Builder#textIndex}).
 *
 * <ul>
 *   <li><b>Resumable.</b> Before embedding a batch it asks each target store which ids it already
 *       holds ({@link EmbeddingStore#existingIds}) and embeds only the rest; each batch is one atomic
 *       upsert per store. The text index is resumed the same way ({@link
 *       CaptionTextIndex#existingIds}, one commit per batch). Indexing a pool again adds nothing; a run
 *       killed part-way continues where it stopped. An id that repeats in the pool is an error naming
 *       both places.
 *   <li><b>One model per store.</b> Target stores must have been created with {@link
 *       PoolStores#properties} for this embedder's fingerprint; a store made by another model is
 *       refused when the indexer is built, naming both fingerprints.
 *   <li><b>Bad images.</b> An image that is missing or cannot be decoded fails the run with an {@link
 *       ImageFormatException} naming the pair's id and the file, or, with {@link
 *       Builder#skipBadImages}, the pair is left out of both stores and counted. With no image store,
 *       images are not read at all.
 *   <li>Entries carry the pair's metadata plus its image location and captions ({@link
 *       ImageTextPair#toStoreMetadata()}), so search hits give back everything a retrieved set needs.
 *   <li><b>Shards.</b> With {@link Builder#shard}, only the pairs of that {@link PoolShard} are indexed:
 *       n indexers with shards 0/n .. (n-1)/n, on n machines, index one pool into the same (Solr) stores
 *       in parallel. The others' pairs are counted as done but neither read as images nor embedded.
 * </ul>
 *
 * <p>Not thread-safe: one run at a time per indexer. Does not own the stores or the embedder.
 *
 * <pre>{@code
 * try (var images = PoolStores.openLucene(dir.resolve("images"), PoolKey.IMAGE, clip.fingerprint(), 512, VectorEncoding.INT8)) {
 *   IndexingResult result = PoolIndexer.builder(ClipEmbedder.of(clip, tokenizer))
 *       .pool(PoolVectors.images(images)).batchSize(128).listener(progressBar).build()
 *       .index(Path.of("pool.jsonl"));
 * }
 * }</pre>
 */
public final class PoolIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(PoolIndexer.class);

  /** Pairs embedded per batch unless told otherwise. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  private final Embedder embedder;
  private final EmbeddingStore imageStore;
  private final EmbeddingStore captionStore;
  private final CaptionTextIndex textIndex;
  private final int batchSize;
  private final boolean skipBadImages;
  private final IndexingListener listener;
  private final PoolShard shard;

  private PoolIndexer(Builder b) {
    this.embedder = b.embedder;
    this.imageStore = b.pool == null ? null : b.pool.images().orElse(null);
    this.captionStore = b.pool == null ? null : b.pool.captions().orElse(null);
    this.textIndex = b.textIndex;
    this.batchSize = b.batchSize;
    this.skipBadImages = b.skipBadImages;
    this.listener = b.listener;
    this.shard = b.shard;
  }

  /** A builder for an indexer embedding with {@code embedder}. */
  public static Builder builder(Embedder embedder) {
    return new Builder(embedder);
  }

  /** Indexes the pairs of a pool manifest, reading it lazily; images must lie in its folder. */
  public IndexingResult index(Path manifest) {
    return index(manifest, List.of());
  }

  /**
   * Indexes the pairs of a pool manifest, reading it lazily; images must lie in its folder or in
   * {@code allowedRoots} (see {@link PoolPaths}).
   *
   * @throws ManifestFormatException for a location outside those folders or a repeated id
   */
  public IndexingResult index(Path manifest, Collection<Path> allowedRoots) {
    long total = PoolManifest.count(manifest);
    try (Stream<ImageTextPair> pairs = PoolManifest.stream(manifest, allowedRoots)) {
      return run(pairs.iterator(), total);
    }
  }

  /**
   * Indexes pairs held in memory.
   *
   * @throws IllegalArgumentException if two pairs share an id, naming it and both positions
   */
  public IndexingResult index(List<ImageTextPair> pairs) {
    Objects.requireNonNull(pairs, "pairs must not be null");
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      Integer earlier = first.putIfAbsent(pairs.get(i).id(), i);
      if (earlier != null) {
        throw new IllegalArgumentException("pair ids must be unique, but pairs " + earlier + " and " + i + " both have id '"
            + pairs.get(i).id() + "'");
      }
    }
    return run(pairs.iterator(), pairs.size());
  }

  private IndexingResult run(Iterator<ImageTextPair> pairs, long total) {
    Run run = new Run(total);
    List<ImageTextPair> batch = new ArrayList<>(batchSize);
    while (pairs.hasNext()) {
      batch.add(pairs.next());
      if (batch.size() == batchSize || !pairs.hasNext()) {
        run.batch(batch);
        batch.clear();
        listener.onProgress(run.progress());
      }
    }
    if (total == 0) {
      listener.onProgress(run.progress());
    }
    IndexingResult result = run.result();
    LOG.info("Indexed {} pairs (shard {}) in {}: {} image and {} caption vectors added, {} already stored, {} bad "
        + "images, {} left to other shards", result.pairs(), shard, result.elapsed(), result.imagesEmbedded(),
        result.captionsEmbedded(), result.alreadyStored(), result.badImages(), result.otherShards());
    return result;
  }

  /** The totals of one run. */
  private final class Run {
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long embedded;
    private long imagesEmbedded;
    private long captionsEmbedded;
    private long alreadyStored;
    private long badImages;
    private long otherShards;
    private final List<String> badImageIds = new ArrayList<>();

    Run(long total) {
      this.total = total;
    }

    void batch(List<ImageTextPair> pairs) {
      Map<String, ImageTextPair> byId = new LinkedHashMap<>();
      for (ImageTextPair pair : pairs) {
        if (shard.contains(pair.id())) {
          byId.putIfAbsent(pair.id(), pair);
        } else {
          otherShards++;
        }
      }
      Set<String> hasImage = imageStore == null ? byId.keySet() : imageStore.existingIds(byId.keySet());
      Set<String> hasCaption = captionStore == null ? byId.keySet() : captionStore.existingIds(byId.keySet());
      Set<String> hasText = textIndex == null ? byId.keySet() : textIndex.existingIds(byId.keySet());

      List<ImageTextPair> needImage = new ArrayList<>();
      List<DecodedImage> images = new ArrayList<>();
      List<ImageTextPair> needCaption = new ArrayList<>();
      List<ImageTextPair> needText = new ArrayList<>();
      for (ImageTextPair pair : byId.values()) {
        boolean image = !hasImage.contains(pair.id());
        boolean caption = !hasCaption.contains(pair.id());
        boolean text = !hasText.contains(pair.id());
        if (!image && !caption && !text) {
          alreadyStored++;
          continue;
        }
        if (image) {
          Optional<DecodedImage> decoded = load(pair);
          if (decoded.isEmpty()) {
            continue;
          }
          needImage.add(pair);
          images.add(decoded.get());
        }
        if (caption) {
          needCaption.add(pair);
        }
        if (text) {
          needText.add(pair);
        }
        embedded++;
      }
      if (!needImage.isEmpty()) {
        imageStore.upsert(entries(needImage, embedder.embedImages(images)));
        imagesEmbedded += needImage.size();
      }
      if (!needCaption.isEmpty()) {
        List<String> captions = needCaption.stream().map(ImageTextPair::caption).toList();
        captionStore.upsert(entries(needCaption, embedder.embedTexts(captions)));
        captionsEmbedded += needCaption.size();
      }
      if (!needText.isEmpty()) {
        textIndex.add(needText);
      }
      done += pairs.size();
    }

    /** The decoded image, or empty when it is bad and bad images are skipped. */
    private Optional<DecodedImage> load(ImageTextPair pair) {
      Optional<Path> file = pair.imageFile();
      String problem;
      ImageFormatException cause = null;
      if (file.isEmpty()) {
        problem = "image of pair '" + pair.id() + "' must be a local file or a file: URI (this library does no network"
            + " I/O), but was " + pair.image();
      } else {
        try {
          return Optional.of(ImageLoader.load(file.get()));
        } catch (ImageFormatException e) {
          problem = "image of pair '" + pair.id() + "' cannot be read: " + e.getMessage();
          cause = e;
        }
      }
      if (!skipBadImages) {
        throw new ImageFormatException(problem + " (set skipBadImages to skip such pairs)", cause);
      }
      LOG.warn("Skipping pair: {}", problem);
      badImages++;
      if (badImageIds.size() < IndexingResult.MAX_BAD_IDS) {
        badImageIds.add(pair.id());
      }
      return Optional.empty();
    }

    private List<EmbeddingEntry> entries(List<ImageTextPair> pairs, float[][] vectors) {
      if (vectors.length != pairs.size()) {
        throw new IllegalStateException("embedder must return one vector per input (" + pairs.size() + "), but returned "
            + vectors.length);
      }
      List<EmbeddingEntry> entries = new ArrayList<>(pairs.size());
      for (int i = 0; i < vectors.length; i++) {
        ImageTextPair pair = pairs.get(i);
        entries.add(new EmbeddingEntry(pair.id(), vectors[i], pair.toStoreMetadata()));
      }
      return entries;
    }

    IndexingProgress progress() {
      // The manifest may have grown since it was counted: never report more done than total.
      return new IndexingProgress(done, Math.max(total, done), embedded, alreadyStored, badImages, elapsed());
    }

    IndexingResult result() {
      return new IndexingResult(done, imagesEmbedded, captionsEmbedded, alreadyStored, badImages, badImageIds,
          otherShards, elapsed());
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  /** Configures a {@link PoolIndexer}; not thread-safe. */
  public static final class Builder {
    private final Embedder embedder;
    private PoolVectors pool;
    private CaptionTextIndex textIndex;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean skipBadImages;
    private IndexingListener listener = IndexingListener.NONE;
    private PoolShard shard = PoolShard.ALL;

    private Builder(Embedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder must not be null");
    }

    /** The pool's stores: {@code PoolVectors.images(images)}, {@code .captions(captions)} or {@code .of(images, captions)}. */
    public Builder pool(PoolVectors pool) {
      this.pool = Objects.requireNonNull(pool, "pool must not be null");
      return this;
    }

    /**
     * The full-text index of caption words (searched by hybrid retrieval). A pair whose image is bad
     * and skipped is left out of it too, so every text hit has its vectors.
     */
    public Builder textIndex(CaptionTextIndex index) {
      this.textIndex = Objects.requireNonNull(index, "text index must not be null");
      return this;
    }

    /** Pairs embedded and stored together; default {@value #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be positive, but was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Leave out (and count) pairs whose image cannot be read, instead of failing; default false. */
    public Builder skipBadImages(boolean skip) {
      this.skipBadImages = skip;
      return this;
    }

    /** Told after every batch; default none. */
    public Builder listener(IndexingListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /** Index only the pairs of this shard; default {@link PoolShard#ALL}. */
    public Builder shard(PoolShard shard) {
      this.shard = Objects.requireNonNull(shard, "shard must not be null");
      return this;
    }

    /**
     * Builds the indexer after checking the stores.
     *
     * @throws IllegalArgumentException if no store was given, or a store was made by another model
     *     (both fingerprints named), holds the other key or has another dimension
     */
    public PoolIndexer build() {
      if (pool == null && textIndex == null) {
        throw new IllegalArgumentException("a pool indexer needs an image store, a caption store or a text index, but was given none");
      }
      if (pool != null) {
        pool.check(embedder.fingerprint(), embedder.dimension());
      }
      return new PoolIndexer(this);
    }
  }
}
