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
import org.reactvl.core.io.OutputFolders;
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
import org.reactvl.index.pool.PoolVectors;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.Retrievers;
import org.reactvl.index.text.CaptionTextIndex;

/**
 * The pool's embeddings in Lucene HNSW stores, built once and shared by every domain of a demo run:
 * image embeddings (searched by T2I and hybrid retrieval), the captions' words for BM25 (hybrid), and,
 * when asked for, caption embeddings (T2T). The stores live in {@code <root>/<key>-<model>-<pool>}
 * ({@code images-...}, {@code text-...}, {@code captions-...}),
 * named by the first hex digits of the model's fingerprint and of a digest of the pool's ids: a
 * rerun with the same model and pool finds them and embeds nothing; a run with another model or
 * pool indexes into new folders and removes the stale ones.
 *
 * <p>Each stored pair carries the pool image's caption (the emoji's CLDR name), its other captions,
 * and metadata {@value #FAMILY_KEY} and {@value #CONCEPT_KEY}, so retrieved pairs can be checked
 * against the domain's concepts.
 *
 * <p>Not thread-safe. Owns the stores (closed by {@link #close}); does not own the model.
 */
final class PoolIndex implements AutoCloseable {
  /** Pair metadata key: the emoji set the image was drawn from. */
  static final String FAMILY_KEY = "family";
  /** Pair metadata key: the emoji concept's slug, e.g. "dog-face". */
  static final String CONCEPT_KEY = "concept";

  private static final String IMAGES = "images-";
  private static final String CAPTIONS = "captions-";
  private static final String TEXT = "text-";
  private static final int EMBED_BATCH = 128;

  private final ClipEmbedder embedder;
  private final LuceneEmbeddingStore images;
  private final LuceneEmbeddingStore captions;
  private final CaptionTextIndex text;
  private final Path folder;
  private final IndexingResult indexing;

  private PoolIndex(ClipEmbedder embedder, LuceneEmbeddingStore images, LuceneEmbeddingStore captions, CaptionTextIndex text, Path folder,
      IndexingResult indexing) {
    this.embedder = embedder;
    this.images = images;
    this.captions = captions;
    this.text = text;
    this.folder = folder;
    this.indexing = indexing;
  }

  /**
   * Opens (or builds) the index of {@code pool} for {@code model} under {@code root}, embedding what
   * it lacks: the images and the captions' words, and the caption embeddings too when {@code withCaptions}.
   */
  static PoolIndex open(Path root, ClipModel model, List<EmojiImage> pool, boolean withCaptions, DemoProgress progress) {
    Objects.requireNonNull(model, "model must not be null");
    List<ImageTextPair> pairs = pool.stream().map(PoolIndex::pair).toList();
    String suffix = model.fingerprint().substring(0, 12) + "-" + poolDigest(pairs);
    removeStale(root, suffix, progress);
    ClipEmbedder embedder = ClipEmbedder.of(model, ClipTokenizer.load());
    Path folder = root.resolve(IMAGES + suffix);
    LuceneEmbeddingStore images = open(folder, PoolKey.IMAGE, embedder);
    LuceneEmbeddingStore captions = null;
    CaptionTextIndex text = null;
    try {
      text = CaptionTextIndex.open(root.resolve(TEXT + suffix));
      if (withCaptions) {
        captions = open(root.resolve(CAPTIONS + suffix), PoolKey.CAPTION, embedder);
      }
      PoolVectors vectors = captions == null ? PoolVectors.images(images) : PoolVectors.of(images, captions);
      PoolIndexer.Builder indexer = PoolIndexer.builder(embedder).pool(vectors).textIndex(text).batchSize(EMBED_BATCH);
      IndexingResult result;
      try (DemoProgress.Task task = progress.task(withCaptions ? "index pool images and captions" : "index pool images", pairs.size(), " pairs")) {
        result = indexer.listener(p -> task.stepTo(p.done())).build().index(pairs);
      }
      return new PoolIndex(embedder, images, captions, text, folder, result);
    } catch (RuntimeException e) {
      images.close();
      if (text != null) {
        text.close();
      }
      if (captions != null) {
        captions.close();
      }
      throw e;
    }
  }

  private static LuceneEmbeddingStore open(Path folder, PoolKey key, ClipEmbedder embedder) {
    return PoolStores.openLucene(folder, key, embedder.fingerprint(), embedder.dimension(), VectorEncoding.FLOAT32);
  }

  /** The pool pair of an emoji image: its CLDR name as the caption, its other captions as alternatives. */
  static ImageTextPair pair(EmojiImage image) {
    List<String> captions = image.captions();
    return ImageTextPair.builder(image.id(), image.png().toAbsolutePath().toString(), image.caption())
        .captions(captions.subList(1, captions.size()))
        .metadata(Map.of(FAMILY_KEY, image.family(), CONCEPT_KEY, image.concept()))
        .build();
  }

  /**
   * Class-balanced retrieval in this index by the retriever registered as {@code retriever}.
   *
   * @throws IllegalArgumentException for T2T retrieval when the index was opened without captions
   */
  RetrievedSet retrieve(String retriever, RetrievalRequest request) {
    RetrieverContext context = RetrieverContext.of(embedder).withImageStore(images).withTextIndex(text);
    if (captions != null) {
      context = context.withCaptionStore(captions);
    }
    return Retrievers.create(retriever, context).retrieve(request);
  }

  /** Pairs in the image store. */
  long count() {
    return images.count();
  }

  /** The image store's folder. */
  Path folder() {
    return folder;
  }

  /** What opening this index embedded (nothing when it was complete already). */
  IndexingResult indexing() {
    return indexing;
  }

  @Override
  public void close() {
    images.close();
    text.close();
    if (captions != null) {
      captions.close();
    }
  }

  private static String poolDigest(List<ImageTextPair> pairs) {
    Hasher hasher = Hashing.sha256().newHasher();
    for (ImageTextPair p : pairs) {
      hasher.putString(p.id(), StandardCharsets.UTF_8).putByte((byte) '\n');
    }
    return hasher.hash().toString().substring(0, 8);
  }

  /** Deletes the index folders under {@code root} not ending in {@code suffix}: they belong to another model or pool (recognised by content). */
  private static void removeStale(Path root, String suffix, DemoProgress progress) {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children.filter(p -> {
        String name = p.getFileName().toString();
        return (name.startsWith(IMAGES) || name.startsWith(CAPTIONS) || name.startsWith(TEXT)) && !name.endsWith(suffix);
      }).forEach(stale::add);
    } catch (IOException e) {
      throw new ReactException("cannot list index folder " + root + ": " + e.getMessage(), e);
    }
    for (Path folder : stale) {
      if (!LuceneEmbeddingStore.isStoreFolder(folder)) {
        progress.stage("keeping " + folder + ": it is named like an index but holds other files");
        continue;
      }
      progress.stage("removing " + folder + " (an index of another model or pool)");
      try {
        OutputFolders.deleteTree(folder);
      } catch (IOException e) {
        throw new ReactException("cannot delete " + folder + ": " + OutputFolders.describe(e), e);
      }
    }
  }
}
