package org.reactvl.index.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;
import org.reactvl.index.ClusteredVectors;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.lucene.LuceneStoreOptions;
import org.reactvl.index.solr.SolrEmbeddingStore;
import org.reactvl.index.solr.SolrLocation;
import org.reactvl.index.solr.SolrStoreOptions;

/**
 * Measures search quality and speed of the stores on seeded {@linkplain ClusteredVectors clustered}
 * unit vectors: the exact store (the ground truth), then a Lucene store per encoding, searched with
 * each candidate count, without and (quantized encodings) with full-precision re-scoring, and
 * optionally a {@link SolrEmbeddingStore} in a new collection ({@code --solr}).
 *
 * <p>Each result is one {@link Row}, printed by {@link #main} as one JSON object per line with keys
 * {@code store, encoding, candidates, rescore, recall_at_10, queries_per_s, batch_queries_per_s,
 * build_vectors_per_s, force_merge_s, disk_bytes_per_vector, search_bytes_per_vector, n, dim}.
 * {@code queries_per_s} is single-threaded ({@code search} one query after another); {@code
 * batch_queries_per_s} is one {@code searchBatch} of all queries (the exact store's GEMM, Lucene's
 * query-parallel executor, Solr's requests in flight at once). Both are the fastest of three timed
 * passes after warming up (up to 2,000 queries for Lucene, 500 for Solr, none for the slow exact scan),
 * since other load on the machine only ever slows a pass down. Recall is against the exact top
 * 10.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp ... org.reactvl.index.bench.SearchBenchmark --n 100000 --dim 512 --queries 200
 * }</pre>
 *
 * <p>Not thread-safe; builds its indexes in a temporary folder that it deletes.
 */
public final class SearchBenchmark {
  private static final int K = 10;
  private static final int TIMED_PASSES = 3;
  /** Queries run before timing Lucene (in at most 10 passes): the JIT needs a few thousand to settle. */
  private static final int WARM_UP_QUERIES = 2000;
  /** Queries run before timing Solr (in at most 3 passes). */
  private static final int SOLR_WARM_UP_QUERIES = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Config config;

  public SearchBenchmark(Config config) {
    this.config = Objects.requireNonNull(config, "config must not be null");
  }

  /**
   * One measurement.
   *
   * @param store {@code exact}, {@code lucene} or {@code solr}
   * @param encoding {@code exact} or a {@link VectorEncoding} in lower case
   * @param candidates the HNSW beam ({@code k} for the exact store)
   * @param rescore whether candidates were re-scored with full-precision vectors
   * @param recallAt10 share of the exact top 10 found
   * @param queriesPerSecond single-threaded, one query at a time
   * @param batchQueriesPerSecond all queries in one {@code searchBatch}
   * @param buildVectorsPerSecond upserts (batches with commits) per second, merges excluded
   * @param forceMergeSeconds time to merge the index into one segment (0 for the exact store)
   * @param diskBytesPerVector index size on disk per vector (0 for Solr, whose files are on its nodes)
   * @param searchBytesPerVector bytes per vector that graph search touches (graph and searched vectors),
   *     what should fit in the page cache (0 for Solr)
   */
  public record Row(String store, String encoding, int candidates, boolean rescore, double recallAt10,
      double queriesPerSecond, double batchQueriesPerSecond, double buildVectorsPerSecond, double forceMergeSeconds,
      double diskBytesPerVector, double searchBytesPerVector, int n, int dimension) {

    /** The row as one line of JSON. */
    public String toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("store", store);
      json.put("encoding", encoding);
      json.put("candidates", candidates);
      json.put("rescore", rescore);
      json.put("recall_at_10", round(recallAt10, 4));
      json.put("queries_per_s", round(queriesPerSecond, 1));
      json.put("batch_queries_per_s", round(batchQueriesPerSecond, 1));
      json.put("build_vectors_per_s", round(buildVectorsPerSecond, 1));
      json.put("force_merge_s", round(forceMergeSeconds, 2));
      json.put("disk_bytes_per_vector", Math.round(diskBytesPerVector));
      json.put("search_bytes_per_vector", Math.round(searchBytesPerVector));
      json.put("n", n);
      json.put("dim", dimension);
      try {
        return JSON.writeValueAsString(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise numbers and strings", e);
      }
    }

    private static double round(double value, int digits) {
      double scale = Math.pow(10, digits);
      return Math.round(value * scale) / scale;
    }
  }

  /** Runs every measurement, handing each row to {@code sink} as soon as it is measured. */
  public void run(Consumer<Row> sink) {
    ClusteredVectors data = new ClusteredVectors(config.dimension(), config.clusters(), config.noise(), config.seed());
    List<EmbeddingEntry> entries = data.entries("v", config.n());
    List<float[]> queries = data.queries(config.queries());
    List<List<Hit>> truth = measureExact(entries, queries, sink);
    Path work = createWorkFolder();
    try {
      for (VectorEncoding encoding : config.encodings()) {
        measureLucene(encoding, entries, queries, truth, work.resolve(encoding.name().toLowerCase(Locale.ROOT)), sink);
      }
      if (config.solr() != null) {
        measureSolr(entries, queries, truth, sink);
      }
    } finally {
      deleteRecursively(work);
    }
  }

  private List<List<Hit>> measureExact(List<EmbeddingEntry> entries, List<float[]> queries, Consumer<Row> sink) {
    List<SearchRequest> requests = requests(queries, K);
    try (ExactEmbeddingStore store = ExactEmbeddingStore.inMemory("bench-exact", config.dimension())) {
      double build = upsertAll(store::upsert, entries);
      List<List<Hit>> truth = store.searchBatch(requests); // also the warm-up
      double batchQps = requests.size() / fastestOf(TIMED_PASSES, () -> store.searchBatch(requests));
      double qps = requests.size() / fastestOf(1, () -> requests.forEach(store::search));
      sink.accept(new Row("exact", "exact", K, false, 1.0, qps, batchQps, build, 0,
          (double) config.dimension() * Float.BYTES, (double) config.dimension() * Float.BYTES, config.n(),
          config.dimension()));
      return truth;
    }
  }

  private void measureLucene(VectorEncoding encoding, List<EmbeddingEntry> entries, List<float[]> queries,
      List<List<Hit>> truth, Path folder, Consumer<Row> sink) {
    LuceneStoreOptions options = LuceneStoreOptions.builder(folder, config.dimension()).encoding(encoding)
        .maxConn(config.maxConn()).beamWidth(config.beamWidth()).searchThreads(config.searchThreads())
        .rescore(false).build();
    double build;
    double merge;
    try (LuceneEmbeddingStore store = LuceneEmbeddingStore.open(options)) {
      build = upsertAll(store::upsert, entries);
      long start = System.nanoTime();
      store.forceMerge(1);
      merge = seconds(start);
    }
    double disk = folderBytes(folder, "") / (double) config.n();
    double hot = (folderBytes(folder, ".vex")
        + folderBytes(folder, encoding == VectorEncoding.FLOAT32 ? ".vec" : ".veq")) / (double) config.n();
    List<Boolean> rescoreModes = encoding == VectorEncoding.FLOAT32 ? List.of(false) : List.of(false, true);
    for (boolean rescore : rescoreModes) {
      try (LuceneEmbeddingStore store = LuceneEmbeddingStore.open(options.toBuilder().rescore(rescore).build())) {
        for (int candidates : config.candidates()) {
          List<SearchRequest> requests = requests(queries, candidates);
          List<List<Hit>> found = requests.stream().map(store::search).toList();
          int warmUpPasses = Math.clamp(WARM_UP_QUERIES / requests.size(), 1, 10);
          fastestOf(warmUpPasses, () -> requests.forEach(store::search));
          double qps = requests.size() / fastestOf(TIMED_PASSES, () -> requests.forEach(store::search));
          double batchQps = requests.size() / fastestOf(TIMED_PASSES, () -> store.searchBatch(requests));
          sink.accept(new Row("lucene", encoding.name().toLowerCase(Locale.ROOT), candidates, rescore,
              recall(truth, found), qps, batchQps, build, merge, disk, hot, config.n(), config.dimension()));
        }
      }
    }
  }

  /**
   * Indexes into a new Solr collection (left in place afterwards), force-merges it and searches it as the
   * Lucene stores, with at most {@value #SOLR_WARM_UP_QUERIES} warm-up queries: they are 10-20 times
   * slower.
   */
  private void measureSolr(List<EmbeddingEntry> entries, List<float[]> queries, List<List<Hit>> truth,
      Consumer<Row> sink) {
    SolrStoreOptions options = SolrStoreOptions.builder(config.solr(), config.dimension()).maxConn(config.maxConn())
        .beamWidth(config.beamWidth()).searchThreads(config.searchThreads()).build();
    try (SolrEmbeddingStore store = SolrEmbeddingStore.open(options)) {
      if (store.count() != 0) {
        throw new IllegalArgumentException("Solr collection " + config.solr() + " must be new or empty for the "
            + "benchmark, but holds " + store.count() + " entries");
      }
      double build = upsertAll(store::upsert, entries);
      long start = System.nanoTime();
      store.forceMerge(1);
      double merge = seconds(start);
      for (int candidates : config.candidates()) {
        List<SearchRequest> requests = requests(queries, candidates);
        List<List<Hit>> found = requests.stream().map(store::search).toList();
        fastestOf(Math.clamp(SOLR_WARM_UP_QUERIES / requests.size(), 1, 3), () -> requests.forEach(store::search));
        double qps = requests.size() / fastestOf(TIMED_PASSES, () -> requests.forEach(store::search));
        double batchQps = requests.size() / fastestOf(TIMED_PASSES, () -> store.searchBatch(requests));
        sink.accept(new Row("solr", "float32", candidates, false, recall(truth, found), qps, batchQps, build, merge, 0,
            0, config.n(), config.dimension()));
      }
    }
  }

  /** Seconds of the fastest of {@code passes} runs: other load on the machine only ever slows a run down. */
  private static double fastestOf(int passes, Runnable run) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < passes; i++) {
      long start = System.nanoTime();
      run.run();
      best = Math.min(best, seconds(start));
    }
    return best;
  }

  private double upsertAll(Consumer<List<EmbeddingEntry>> upsert, List<EmbeddingEntry> entries) {
    long start = System.nanoTime();
    for (int from = 0; from < entries.size(); from += config.batchSize()) {
      upsert.accept(entries.subList(from, Math.min(entries.size(), from + config.batchSize())));
    }
    return entries.size() / seconds(start);
  }

  private static List<SearchRequest> requests(List<float[]> queries, int candidates) {
    return queries.stream().map(q -> SearchRequest.builder(q).k(K).candidates(candidates).build()).toList();
  }

  /** Share of the exact top-k ids that were found, over all queries. */
  static double recall(List<List<Hit>> truth, List<List<Hit>> found) {
    long matched = 0;
    long total = 0;
    for (int i = 0; i < truth.size(); i++) {
      Set<String> expected = new HashSet<>();
      truth.get(i).forEach(h -> expected.add(h.id()));
      total += expected.size();
      matched += found.get(i).stream().filter(h -> expected.contains(h.id())).count();
    }
    return total == 0 ? 1.0 : (double) matched / total;
  }

  private static double seconds(long startNanos) {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  private Path createWorkFolder() {
    try {
      return config.workDir() == null
          ? Files.createTempDirectory("react-search-bench")
          : Files.createDirectories(config.workDir()).resolve("run-" + System.nanoTime());
    } catch (IOException e) {
      throw new ReactException("cannot create the benchmark's work folder: " + e.getMessage(), e);
    }
  }

  private static long folderBytes(Path folder, String suffix) {
    try (Stream<Path> files = Files.list(folder)) {
      long sum = 0;
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
        sum += Files.size(file);
      }
      return sum;
    } catch (IOException e) {
      throw new ReactException("cannot measure " + folder + ": " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path folder) {
    try {
      OutputFolders.deleteTree(folder);
    } catch (IOException e) {
      throw new ReactException("cannot delete the benchmark's work folder " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * What to measure.
   *
   * @param n stored vectors
   * @param dimension components per vector
   * @param queries queries per measurement
   * @param seed makes data and queries reproducible
   * @param clusters centres of the synthetic data
   * @param noise spread around the centres (see {@link ClusteredVectors})
   * @param candidates HNSW beams to try
   * @param encodings Lucene encodings to try
   * @param maxConn HNSW M
   * @param beamWidth HNSW efConstruction
   * @param batchSize entries per upsert (each ends with a commit)
   * @param searchThreads threads of Lucene's {@code searchBatch}
   * @param workDir where indexes are built (a fresh subfolder, deleted afterwards); null: a temp folder
   * @param solr a new collection to measure a {@link SolrEmbeddingStore} in as well (searched with {@code
   *     searchThreads} requests in flight); null: no Solr store
   */
  public record Config(int n, int dimension, int queries, long seed, int clusters, double noise,
      List<Integer> candidates, List<VectorEncoding> encodings, int maxConn, int beamWidth, int batchSize,
      int searchThreads, Path workDir, SolrLocation solr) {

    public Config {
      if (n < K || dimension < 1 || queries < 1 || clusters < 1 || batchSize < 1 || searchThreads < 1) {
        throw new IllegalArgumentException("n must be >= " + K + " and dimension, queries, clusters, batchSize and "
            + "searchThreads positive, but were n=" + n + ", dimension=" + dimension + ", queries=" + queries
            + ", clusters=" + clusters + ", batchSize=" + batchSize + ", searchThreads=" + searchThreads);
      }
      candidates = List.copyOf(candidates);
      encodings = List.copyOf(encodings);
      for (int c : candidates) {
        if (c < K) {
          throw new IllegalArgumentException("candidates must be >= " + K + ", but was " + c);
        }
      }
    }

    /** Defaults: n 100,000, 512 dimensions, 200 queries, 1,000 clusters, noise 0.5, candidates 10..200, all encodings. */
    public static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Config}; not thread-safe. */
    public static final class Builder {
      private int n = 100_000;
      private int dimension = 512;
      private int queries = 200;
      private long seed = 42;
      private int clusters = 1000;
      private double noise = 0.5;
      private List<Integer> candidates = List.of(10, 20, 50, 100, 200);
      private List<VectorEncoding> encodings = List.of(VectorEncoding.values());
      private int maxConn = LuceneStoreOptions.DEFAULT_MAX_CONN;
      private int beamWidth = LuceneStoreOptions.DEFAULT_BEAM_WIDTH;
      private int batchSize = 10_000;
      private int searchThreads = Runtime.getRuntime().availableProcessors();
      private Path workDir;
      private SolrLocation solr;

      private Builder() {}

      public Builder n(int n) {
        this.n = n;
        return this;
      }

      public Builder dimension(int dimension) {
        this.dimension = dimension;
        return this;
      }

      public Builder queries(int queries) {
        this.queries = queries;
        return this;
      }

      public Builder seed(long seed) {
        this.seed = seed;
        return this;
      }

      public Builder clusters(int clusters) {
        this.clusters = clusters;
        return this;
      }

      public Builder noise(double noise) {
        this.noise = noise;
        return this;
      }

      public Builder candidates(List<Integer> candidates) {
        this.candidates = candidates;
        return this;
      }

      public Builder encodings(List<VectorEncoding> encodings) {
        this.encodings = encodings;
        return this;
      }

      public Builder maxConn(int maxConn) {
        this.maxConn = maxConn;
        return this;
      }

      public Builder beamWidth(int beamWidth) {
        this.beamWidth = beamWidth;
        return this;
      }

      public Builder batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
      }

      public Builder searchThreads(int searchThreads) {
        this.searchThreads = searchThreads;
        return this;
      }

      public Builder workDir(Path workDir) {
        this.workDir = workDir;
        return this;
      }

      public Builder solr(SolrLocation solr) {
        this.solr = solr;
        return this;
      }

      public Config build() {
        return new Config(n, dimension, queries, seed, clusters, noise, candidates, encodings, maxConn, beamWidth,
            batchSize, searchThreads, workDir, solr);
      }
    }
  }

  /**
   * Runs the benchmark and prints one JSON line per row. Options: {@code --n, --dim, --queries, --seed,
   * --clusters, --noise, --candidates 10,20,50, --encodings float32,int8, --max-conn, --beam-width,
   * --batch, --search-threads, --work-dir, --solr solr://HOST:PORT/NEW_COLLECTION}.
   */
  public static void main(String[] args) {
    Config config = parse(args);
    PrintStream out = System.out;
    new SearchBenchmark(config).run(row -> {
      out.println(row.toJson());
      out.flush();
    });
  }

  static Config parse(String[] args) {
    Config.Builder builder = Config.builder();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " must be followed by a value");
      }
      String value = args[i + 1];
      switch (option) {
        case "--n" -> builder.n(Integer.parseInt(value));
        case "--dim" -> builder.dimension(Integer.parseInt(value));
        case "--queries" -> builder.queries(Integer.parseInt(value));
        case "--seed" -> builder.seed(Long.parseLong(value));
        case "--clusters" -> builder.clusters(Integer.parseInt(value));
        case "--noise" -> builder.noise(Double.parseDouble(value));
        case "--candidates" -> builder.candidates(Stream.of(value.split(",")).map(Integer::valueOf).toList());
        case "--encodings" -> builder.encodings(Stream.of(value.split(","))
            .map(e -> VectorEncoding.valueOf(e.trim().toUpperCase(Locale.ROOT))).toList());
        case "--max-conn" -> builder.maxConn(Integer.parseInt(value));
        case "--beam-width" -> builder.beamWidth(Integer.parseInt(value));
        case "--batch" -> builder.batchSize(Integer.parseInt(value));
        case "--search-threads" -> builder.searchThreads(Integer.parseInt(value));
        case "--work-dir" -> builder.workDir(Path.of(value));
        case "--solr" -> builder.solr(SolrLocation.parse(value));
        default -> throw new IllegalArgumentException("option must be one of --n, --dim, --queries, --seed, "
            + "--clusters, --noise, --candidates, --encodings, --max-conn, --beam-width, --batch, --search-threads, "
            + "--work-dir, --solr, but was " + option);
      }
    }
    return builder.build();
  }
}
