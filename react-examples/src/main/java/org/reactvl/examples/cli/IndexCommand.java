package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.pool.IndexingResult;
import org.reactvl.index.pool.PoolIndexer;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code index}: embeds a pool manifest into Lucene stores; resumable, with a progress bar on stderr. */
@Command(name = "index", description = "Embed a pool (JSON Lines: id, image, caption) into Lucene stores DIR/images and"
    + " DIR/captions. Running it again adds only what is missing.")
final class IndexCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Spec CommandSpec spec;

  @Option(names = "--pool", required = true, paramLabel = "POOL.jsonl", description = "Pool manifest, one pair per line.")
  Path pool;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Index folder (created or resumed).")
  Path out;

  @Option(names = "--encoding", defaultValue = "float32", paramLabel = "E",
      description = "How the stores keep vectors: float32, int8, int4 or binary (default ${DEFAULT-VALUE}).")
  String encoding;

  @Option(names = "--keys", defaultValue = "image,caption", split = ",", paramLabel = "K",
      description = "Which stores to fill: image, caption or both (default ${DEFAULT-VALUE}).")
  List<String> keys;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Pairs per batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--skip-bad-images", description = "Leave out pairs whose image cannot be read instead of failing.")
  boolean skipBadImages;

  @Override
  public Integer call() {
    VectorEncoding vectors = parseEncoding(encoding);
    Set<PoolKey> targets = EnumSet.noneOf(PoolKey.class);
    keys.forEach(k -> targets.add(PoolKey.parse(k)));
    long total = PoolManifest.count(pool);
    PrintWriter err = spec.commandLine().getErr();
    try (ClipModel clip = model.load()) {
      ClipEmbedder embedder = ClipEmbedder.of(clip, ClipTokenizer.load());
      IndexFolder folder = IndexFolder.create(out, embedder.fingerprint(), embedder.dimension(), vectors);
      List<EmbeddingStore> opened = new ArrayList<>();
      try (ProgressBars bar = new ProgressBars("index", total, err)) {
        PoolIndexer.Builder indexer = PoolIndexer.builder(embedder).batchSize(batch).skipBadImages(skipBadImages)
            .listener(bar);
        if (targets.contains(PoolKey.IMAGE)) {
          EmbeddingStore images = folder.openStore(PoolKey.IMAGE, embedder.fingerprint());
          opened.add(images);
          indexer.imageStore(images);
        }
        if (targets.contains(PoolKey.CAPTION)) {
          EmbeddingStore captions = folder.openStore(PoolKey.CAPTION, embedder.fingerprint());
          opened.add(captions);
          indexer.captionStore(captions);
        }
        IndexingResult result = indexer.build().index(pool);
        bar.close();
        err.println();
        spec.commandLine().getOut().printf(Locale.ROOT,
            "{\"pairs\":%d,\"images_added\":%d,\"captions_added\":%d,\"already_stored\":%d,\"bad_images\":%d,\"seconds\":%.3f}%n",
            result.pairs(), result.imagesEmbedded(), result.captionsEmbedded(), result.alreadyStored(), result.badImages(),
            result.elapsed().toNanos() / 1e9);
      } finally {
        opened.forEach(EmbeddingStore::close);
      }
      return 0;
    }
  }

  static VectorEncoding parseEncoding(String name) {
    try {
      return VectorEncoding.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--encoding must be float32, int8, int4 or binary, but was '" + name + "'", e);
    }
  }
}
