package org.reactvl.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.ExactEmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.ClusteredVectors;

/** Every encoding stores, returns and finds vectors; recall against the exact store on clustered data. */
class LuceneEncodingTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(VectorEncoding.class)
  void should_round_trip_vectors_and_find_an_exact_duplicate_first(VectorEncoding encoding) {
    // given
    ClusteredVectors data = new ClusteredVectors(64, 20, 0.5, 41);
    List<EmbeddingEntry> entries = data.entries("v", 400);
    LuceneStoreOptions options = LuceneStoreOptions.builder(dir.resolve(encoding.name()), 64).encoding(encoding).build();
    try (LuceneEmbeddingStore store = LuceneEmbeddingStore.open(options)) {
      store.upsert(entries);
      store.forceMerge(1); // one segment of 400 vectors: HNSW-searched, not brute-forced

      for (int i = 0; i < 400; i += 37) {
        EmbeddingEntry entry = entries.get(i);
        // when
        List<Hit> hits = store.search(SearchRequest.builder(entry.vector()).k(3).candidates(50).build());

        // then
        assertThat(hits.get(0).id()).isEqualTo(entry.id());
        assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-5f));
        assertThat(store.get(entry.id()).orElseThrow().vector()).containsExactly(entry.unitVector(), within(1e-6f));
      }
      assertThat(store.info().encoding()).isEqualTo(encoding);
    }
  }

  @ParameterizedTest(name = "{0}: recall@10 >= {1} without re-scoring, >= {2} with")
  @CsvSource({"FLOAT32, 0.95, 0.95", "INT8, 0.9, 0.95", "INT4, 0.75, 0.9", "BINARY, 0.35, 0.85"})
  void should_find_most_of_the_exact_top_10(VectorEncoding encoding, double minRecall, double minRecallRescored) {
    // given: 3,000 clustered 48-d vectors, 50 queries from the same distribution, a beam of 40
    ClusteredVectors data = new ClusteredVectors(48, 60, 0.6, 43);
    List<EmbeddingEntry> entries = data.entries("e", 3000);
    List<SearchRequest> requests = new ArrayList<>();
    for (float[] q : data.queries(50)) {
      requests.add(SearchRequest.builder(q).k(10).candidates(40).build());
    }
    List<List<Hit>> truth;
    try (ExactEmbeddingStore exact = ExactEmbeddingStore.inMemory("oracle", 48)) {
      exact.upsert(entries);
      truth = exact.searchBatch(requests);
    }
    LuceneStoreOptions options = LuceneStoreOptions.builder(dir.resolve("recall"), 48).encoding(encoding)
        .rescore(false).build();
    try (LuceneEmbeddingStore store = LuceneEmbeddingStore.open(options)) {
      store.upsert(entries);
      store.forceMerge(1);

      // when / then
      assertThat(recallAt10(truth, store.searchBatch(requests))).isGreaterThanOrEqualTo(minRecall);
    }
    // re-scoring is chosen per opening: the same index, searched again
    try (LuceneEmbeddingStore store = LuceneEmbeddingStore.open(options.toBuilder().rescore(true).build())) {
      assertThat(recallAt10(truth, store.searchBatch(requests))).isGreaterThanOrEqualTo(minRecallRescored);
    }
  }

  static double recallAt10(List<List<Hit>> truth, List<List<Hit>> found) {
    int matched = 0;
    int total = 0;
    for (int i = 0; i < truth.size(); i++) {
      Set<String> expected = new HashSet<>();
      truth.get(i).forEach(h -> expected.add(h.id()));
      total += expected.size();
      for (Hit hit : found.get(i)) {
        if (expected.contains(hit.id())) {
          matched++;
        }
      }
    }
    return (double) matched / total;
  }
}
