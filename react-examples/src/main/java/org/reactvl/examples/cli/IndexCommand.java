package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.reactvl.index.pool.PoolShard;
import org.reactvl.index.pool.PoolVectors;
import org.reactvl.index.text.CaptionTextIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code index}: embeds a pool manifest into Lucene stores (or SolrCloud collections); resumable, with a
 * progress bar on stderr.
 */
@Command(name = "index", description = "Embed a pool (JSON Lines: id, image, caption) into Lucene stores DIR/images and"
    + " DIR/captions and index the captions' words in DIR/text (BM25, for --mode hybrid), or embed it into SolrCloud"
    + " collections NAME-images and NAME-captions. Running it again adds only what is missing.")
final class IndexCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Spec CommandSpec spec;

  @Option(names = "--pool", required = true, paramLabel = "POOL.jsonl", description = "Pool manifest, one pair per line.")
  Path pool;

  @Option(names = "--allow-root", paramLabel = "DIR", description = "A folder outside the pool manifest's folder that its images may"
      + " lie in (repeatable); images anywhere else are refused.")
  List<Path> allowRoots = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Index folder (created or resumed).")
  Path out;

  @Option(names = "--store", paramLabel = "URI", description = "Instead of --out: SolrCloud collections NAME-images and"
      + " NAME-captions (created if missing) at solr://HOST:PORT[,HOST:PORT...]/NAME or"
      + " solr+zk://HOST:PORT[,HOST:PORT...][/CHROOT]/NAME.")
  String store;

  @Option(names = "--shard", defaultValue = "0/1", paramLabel = "I/N", description = "Index only shard I of N of the"
      + " pool (by a hash of the pair id), so that N machines index one pool into the same --store (default: all).")
  String shard;

  @Option(names = "--solr-shards", defaultValue = "2", paramLabel = "N",
      description = "Shards of collections --store creates (default ${DEFAULT-VALUE}).")
  int solrShards;

  @Option(names = "--solr-replicas", defaultValue = "1", paramLabel = "N",
      description = "Replicas per shard of collections --store creates (default ${DEFAULT-VALUE}).")
  int solrReplicas;

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
    PoolLocation.checkOneOf(out, store, "--out");
    VectorEncoding vectors = parseEncoding(encoding);
    PoolShard slice = PoolShard.parse(shard);
    Set<PoolKey> targets = EnumSet.noneOf(PoolKey.class);
    keys.forEach(k -> targets.add(PoolKey.parse(k)));
    long total = PoolManifest.count(pool);
    PrintWriter err = spec.commandLine().getErr();
    try (ClipModel clip = model.load()) {
      ClipEmbedder embedder = ClipEmbedder.of(clip, ClipTokenizer.load());
      PoolLocation index = store != null
          ? StoreLocation.forIndexing(store, vectors,
              Map.of("shards", String.valueOf(solrShards), "replicas", String.valueOf(solrReplicas)))
          : IndexFolder.create(out, embedder.fingerprint(), embedder.dimension(), vectors);
      List<EmbeddingStore> opened = new ArrayList<>();
      // SolrCloud pools have no text index: hybrid retrieval needs a local index folder.
      CaptionTextIndex text = index instanceof IndexFolder folder ? folder.openText() : null;
      try {
        // Stores open before the progress bar starts, so that a refused store is the only line printed.
        PoolIndexer.Builder indexer = PoolIndexer.builder(embedder).batchSize(batch).skipBadImages(skipBadImages)
            .shard(slice);
        if (text != null) {
          indexer.textIndex(text);
        }
        PoolVectors stores = null;
        for (PoolKey key : targets) {
          EmbeddingStore opening = index.openStore(key, embedder);
          opened.add(opening);
          stores = PoolVectors.adding(stores, key, opening);
        }
        indexer.pool(stores);
        try (ProgressBars bar = new ProgressBars("index", total, err)) {
          IndexingResult result = indexer.listener(bar).build().index(pool, allowRoots);
          bar.close();
          spec.commandLine().getOut().printf(Locale.ROOT,
              "{\"pairs\":%d,\"images_added\":%d,\"captions_added\":%d,\"already_stored\":%d,\"bad_images\":%d,"
                  + "\"seconds\":%.3f,\"other_shards\":%d}%n",
              result.pairs(), result.imagesEmbedded(), result.captionsEmbedded(), result.alreadyStored(),
              result.badImages(), result.elapsed().toNanos() / 1e9, result.otherShards());
        }
      } finally {
        opened.forEach(EmbeddingStore::close);
        if (text != null) {
          text.close();
        }
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
