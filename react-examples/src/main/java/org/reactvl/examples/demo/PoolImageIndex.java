package org.reactvl.examples.demo;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.IndexingResult;
import org.reactvl.index.pool.PoolIndexer;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.retrieval.KnnRetriever;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedSet;

/**
 * The pool's image embeddings in a Lucene HNSW store, built once and shared by every domain of a
 * demo run. The store lives in {@code <root>/images-<model>-<pool>}, named by the first hex digits
 * of the model's fingerprint and of a digest of the pool's ids: a rerun with the same model and
 * pool finds it and embeds nothing; a run with another model or pool indexes into a new folder and
 * removes the stale one.
 *
 * <p>Each stored pair carries the pool image's caption (the emoji's CLDR name), its other captions,
 * and metadata {@value #FAMILY_KEY} and {@value #CONCEPT_KEY}, so retrieved pairs can be checked
 * against the domain's concepts.
 *
 * <p>Not thread-safe. Owns the store (closed by {@link #close}); does not own the model.
 */
final class PoolImageIndex implements AutoCloseable {
  /** Pair metadata key: the emoji set the image was drawn from. */
  static final String FAMILY_KEY = "family";
  /** Pair metadata key: the emoji concept's slug, e.g. "dog-face". */
  static final String CONCEPT_KEY = "concept";

  private static final String FOLDER_PREFIX = "images-";
  private static final int EMBED_BATCH = 128;

  private final LuceneEmbeddingStore store;
  private final ClipEmbedder embedder;
  private final Path folder;
  private final IndexingResult indexing;

  private PoolImageIndex(LuceneEmbeddingStore store, ClipEmbedder embedder, Path folder, IndexingResult indexing) {
    this.store = store;
    this.embedder = embedder;
    this.folder = folder;
    this.indexing = indexing;
  }

  /** Opens (or builds) the index of {@code pool} for {@code model} under {@code root}, embedding what it lacks. */
  static PoolImageIndex open(Path root, ClipModel model, List<EmojiImage> pool, DemoProgress progress) {
    Objects.requireNonNull(model, "model must not be null");
    List<ImageTextPair> pairs = pool.stream().map(PoolImageIndex::pair).toList();
    String name = FOLDER_PREFIX + model.fingerprint().substring(0, 12) + "-" + poolDigest(pairs);
    Path folder = root.resolve(name);
    removeStale(root, name, progress);
    ClipEmbedder embedder = ClipEmbedder.of(model, ClipTokenizer.load());
    LuceneEmbeddingStore store = PoolStores.openLucene(folder, PoolKey.IMAGE, embedder.fingerprint(), embedder.dimension(), VectorEncoding.FLOAT32);
    try {
      IndexingResult result;
      try (DemoProgress.Task task = progress.task("index pool images", pairs.size(), " images")) {
        result = PoolIndexer.builder(embedder).imageStore(store).batchSize(EMBED_BATCH).listener(p -> task.stepTo(p.done())).build()
            .index(pairs);
      }
      return new PoolImageIndex(store, embedder, folder, result);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The pool pair of an emoji image: its CLDR name as the caption, its other captions as alternatives. */
  static ImageTextPair pair(EmojiImage image) {
    List<String> captions = image.captions();
    return ImageTextPair.builder(image.id(), image.png().toAbsolutePath().toString(), image.caption())
        .captions(captions.subList(1, captions.size()))
        .metadata(Map.of(FAMILY_KEY, image.family(), CONCEPT_KEY, image.concept()))
        .build();
  }

  /** Class-balanced retrieval in this index. */
  RetrievedSet retrieve(RetrievalRequest request) {
    return KnnRetriever.builder(embedder).imageStore(store).build().retrieve(request);
  }

  /** Pairs in the store. */
  long count() {
    return store.count();
  }

  /** The store's folder. */
  Path folder() {
    return folder;
  }

  /** What opening this index embedded (nothing when it was complete already). */
  IndexingResult indexing() {
    return indexing;
  }

  @Override
  public void close() {
    store.close();
  }

  private static String poolDigest(List<ImageTextPair> pairs) {
    Hasher hasher = Hashing.sha256().newHasher();
    for (ImageTextPair p : pairs) {
      hasher.putString(p.id(), StandardCharsets.UTF_8).putByte((byte) '\n');
    }
    return hasher.hash().toString().substring(0, 8);
  }

  /** Deletes the index folders under {@code root} other than {@code keep}: they belong to another model or pool. */
  private static void removeStale(Path root, String keep, DemoProgress progress) {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children.filter(p -> p.getFileName().toString().startsWith(FOLDER_PREFIX) && !p.getFileName().toString().equals(keep))
          .forEach(stale::add);
    } catch (IOException e) {
      throw new ReactException("cannot list index folder " + root + ": " + e.getMessage(), e);
    }
    for (Path folder : stale) {
      progress.stage("removing " + folder + " (an index of another model or pool)");
      FolderTrees.delete(folder);
    }
  }
}
