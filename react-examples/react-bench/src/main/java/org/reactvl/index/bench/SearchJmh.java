package org.reactvl.index.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.reactvl.index.ClusteredVectors;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.lucene.LuceneEmbeddingStore;
import org.reactvl.index.lucene.LuceneStoreOptions;

/**
 * One k = 10 query against a force-merged Lucene store of clustered unit vectors, per encoding and
 * candidate count; the queries cycle through a fixed seeded set. Recall is {@code react bench search}'s.
 * Run: {@code .ci/with-jdk java -cp "react-examples/target/lib/*" org.openjdk.jmh.Main SearchJmh}
 * (JMH's options apply, e.g. {@code -p encoding=INT4 -p n=100000}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class SearchJmh {
  @Param({"20000"})
  int n;

  @Param({"512"})
  int dimension;

  @Param({"FLOAT32", "INT8"})
  VectorEncoding encoding;

  @Param({"50"})
  int candidates;

  Path dir;
  private LuceneEmbeddingStore store;
  private List<SearchRequest> requests;
  private int next;

  /** Indexes {@code n} seeded vectors into a new store in a temporary folder and merges it to one segment. */
  @Setup(Level.Trial)
  public void index() throws IOException {
    ClusteredVectors data = new ClusteredVectors(dimension, Math.max(1, n / 100), 0.5, 42);
    dir = Files.createTempDirectory("react-search-jmh");
    store = LuceneEmbeddingStore.open(LuceneStoreOptions.builder(dir.resolve("store"), dimension).encoding(encoding)
        .build());
    store.upsert(data.entries("v", n));
    store.forceMerge(1);
    requests = data.queries(256).stream().map(q -> SearchRequest.builder(q).k(10).candidates(candidates).build())
        .toList();
  }

  @Benchmark
  public List<Hit> search() {
    next = (next + 1) % requests.size();
    return store.search(requests.get(next));
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    SearchBenchmark.deleteRecursively(dir);
  }
}
