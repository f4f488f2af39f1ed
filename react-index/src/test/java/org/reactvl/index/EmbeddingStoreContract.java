package org.reactvl.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EmbeddingStore} shares. An implementation's test class implements this
 * interface and its three factory methods; it closes the stores it opened after each test.
 */
public interface EmbeddingStoreContract {

  /** A new, empty store. */
  EmbeddingStore newStore(String name, int dimension, Map<String, String> properties);

  /** Opens again the storage of {@code closed}, a store from {@link #newStore} that was closed. */
  EmbeddingStore reopen(EmbeddingStore closed);

  /**
   * Abandons {@code running} as a killed process would (no close, nothing flushed beyond what it
   * already did) and opens what a restarted process would find. Closing {@code running} afterwards is
   * the implementation's business.
   */
  EmbeddingStore crashAndReopen(EmbeddingStore running);

  private EmbeddingStore newStore(int dimension) {
    return newStore("contract", dimension, Map.of());
  }

  static float[] vec(float... components) {
    return components;
  }

  static List<EmbeddingEntry> randomEntries(String prefix, int count, int dimension, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<EmbeddingEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      float[] v = new float[dimension];
      for (int j = 0; j < dimension; j++) {
        v[j] = (float) (random.nextDouble() * 2 - 1);
      }
      entries.add(new EmbeddingEntry(prefix + i, v, Map.of("n", Integer.toString(i), "parity", i % 2 == 0 ? "even" : "odd")));
    }
    return entries;
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  private static SearchRequest query(float[] q, int k) {
    return SearchRequest.builder(q).k(k).build();
  }

  @Test
  default void should_return_hits_by_score_descending_then_id_ascending() {
    try (EmbeddingStore store = newStore(2)) {
      // given: against query (1, 0): a = 1, c = d = e = cos 45 degrees (same direction), b = 0, f = -1
      store.upsert(List.of(
          new EmbeddingEntry("e", vec(1, 1)),
          new EmbeddingEntry("b", vec(0, 1)),
          new EmbeddingEntry("f", vec(-1, 0)),
          new EmbeddingEntry("d", vec(3, 3)),
          new EmbeddingEntry("a", vec(1, 0)),
          new EmbeddingEntry("c", vec(2, 2))));

      // when
      List<Hit> hits = store.search(query(vec(1, 0), 6));

      // then
      assertThat(ids(hits)).containsExactly("a", "c", "d", "e", "b", "f");
      float cos45 = (float) Math.sqrt(0.5);
      float[] scores = new float[hits.size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = hits.get(i).score();
      }
      assertThat(scores).containsExactly(new float[] {1f, cos45, cos45, cos45, 0f, -1f}, within(1e-6f));
    }
  }

  @Test
  default void should_break_ties_at_the_k_boundary_by_id() {
    try (EmbeddingStore store = newStore(2)) {
      // given: three identical directions, only two fit
      store.upsert(List.of(
          new EmbeddingEntry("z", vec(1, 0)), new EmbeddingEntry("m", vec(2, 0)), new EmbeddingEntry("b", vec(5, 0)),
          new EmbeddingEntry("other", vec(0, 1))));

      // when / then
      assertThat(ids(store.search(query(vec(1, 0), 2)))).containsExactly("b", "m");
    }
  }

  @Test
  default void should_return_all_entries_when_k_exceeds_the_count() {
    try (EmbeddingStore store = newStore(4)) {
      store.upsert(randomEntries("e", 3, 4, 1));

      List<Hit> hits = store.search(query(vec(1, 2, 3, 4), 10));

      assertThat(ids(hits)).containsExactlyInAnyOrder("e0", "e1", "e2");
      assertThat(hits).isSortedAccordingTo(Hit.ORDER);
    }
  }

  @Test
  default void should_reject_k_and_candidates_out_of_bounds() {
    assertThatThrownBy(() -> SearchRequest.builder(vec(1, 0)).k(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be in [1, 100000], but was 0");
    assertThatThrownBy(() -> SearchRequest.builder(vec(1, 0)).k(-3).build())
        .hasMessage("k must be in [1, 100000], but was -3");
    assertThatThrownBy(() -> SearchRequest.builder(vec(1, 0)).k(20).candidates(10).build())
        .hasMessage("candidates must be in [k=20, 100000], but was 10");
    assertThat(SearchRequest.builder(vec(1, 0)).k(5).build().candidates()).isEqualTo(SearchRequest.DEFAULT_CANDIDATES);
    assertThat(SearchRequest.builder(vec(1, 0)).k(500).build().candidates()).isEqualTo(500);
  }

  @Test
  default void should_apply_equals_in_and_and_filters() {
    try (EmbeddingStore store = newStore(2)) {
      // given
      store.upsert(List.of(
          new EmbeddingEntry("en-train", vec(1, 0), Map.of("lang", "en", "split", "train")),
          new EmbeddingEntry("de-train", vec(1, 0.1f), Map.of("lang", "de", "split", "train")),
          new EmbeddingEntry("fr-test", vec(1, 0.2f), Map.of("lang", "fr", "split", "test")),
          new EmbeddingEntry("en-test", vec(1, 0.3f), Map.of("lang", "en", "split", "test")),
          new EmbeddingEntry("no-lang", vec(1, 0.4f), Map.of("split", "test"))));
      float[] q = vec(1, 0);

      // when / then
      assertThat(ids(store.search(SearchRequest.builder(q).filter(MetadataFilter.eq("lang", "en")).build())))
          .containsExactly("en-train", "en-test");
      assertThat(ids(store.search(SearchRequest.builder(q).filter(MetadataFilter.in("lang", Set.of("de", "fr"))).build())))
          .containsExactly("de-train", "fr-test");
      assertThat(ids(store.search(SearchRequest.builder(q)
          .filter(MetadataFilter.and(MetadataFilter.eq("split", "test"), MetadataFilter.in("lang", Set.of("en", "fr"))))
          .build())))
          .containsExactly("fr-test", "en-test");
      assertThat(store.search(SearchRequest.builder(q).filter(MetadataFilter.eq("lang", "jp")).build())).isEmpty();
      assertThat(store.search(SearchRequest.builder(q).filter(MetadataFilter.eq("split", "test")).k(1).build()))
          .extracting(Hit::id).containsExactly("fr-test");
    }
  }

  @Test
  default void should_return_metadata_with_hits() {
    try (EmbeddingStore store = newStore(2)) {
      store.upsert(List.of(new EmbeddingEntry("x", vec(1, 0), Map.of("caption", "a dog", "empty", ""))));

      Hit hit = store.search(query(vec(1, 0), 1)).get(0);

      assertThat(hit.metadata()).isEqualTo(Map.of("caption", "a dog", "empty", ""));
    }
  }

  @Test
  default void should_drop_hits_below_min_score() {
    try (EmbeddingStore store = newStore(2)) {
      store.upsert(List.of(new EmbeddingEntry("near", vec(1, 0.1f)), new EmbeddingEntry("far", vec(0.1f, 1)),
          new EmbeddingEntry("opposite", vec(-1, 0))));

      List<Hit> hits = store.search(SearchRequest.builder(vec(1, 0)).minScore(0.5f).build());

      assertThat(ids(hits)).containsExactly("near");
    }
  }

  @Test
  default void should_replace_an_entry_on_upsert_with_the_same_id() {
    try (EmbeddingStore store = newStore(2)) {
      // given
      store.upsert(List.of(new EmbeddingEntry("x", vec(1, 0), Map.of("v", "1")), new EmbeddingEntry("y", vec(0, 1))));

      // when
      store.upsert(List.of(new EmbeddingEntry("x", vec(0, -2), Map.of("v", "2"))));

      // then
      assertThat(store.count()).isEqualTo(2);
      EmbeddingEntry x = store.get("x").orElseThrow();
      assertThat(x.vector()).containsExactly(new float[] {0, -1}, within(1e-6f));
      assertThat(x.metadata()).isEqualTo(Map.of("v", "2"));
      List<Hit> hits = store.search(query(vec(0, -1), 1));
      assertThat(hits.get(0).id()).isEqualTo("x");
      assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-6f));
      assertThat(hits.get(0).metadata()).isEqualTo(Map.of("v", "2"));
    }
  }

  @Test
  default void should_keep_the_last_entry_of_a_batch_with_repeated_ids() {
    try (EmbeddingStore store = newStore(2)) {
      store.upsert(List.of(new EmbeddingEntry("x", vec(1, 0)), new EmbeddingEntry("x", vec(0, 1))));

      assertThat(store.count()).isEqualTo(1);
      assertThat(store.get("x").orElseThrow().vector()).containsExactly(new float[] {0, 1}, within(1e-6f));
    }
  }

  @Test
  default void should_not_duplicate_when_the_same_batch_is_upserted_twice() {
    try (EmbeddingStore store = newStore(8)) {
      List<EmbeddingEntry> batch = randomEntries("p", 20, 8, 7);

      store.upsert(batch);
      store.upsert(batch);

      assertThat(store.count()).isEqualTo(20);
      List<Hit> hits = store.search(query(batch.get(3).vector(), 50));
      assertThat(ids(hits)).hasSize(20).doesNotHaveDuplicates();
    }
  }

  @Test
  default void should_store_unit_vectors() {
    try (EmbeddingStore store = newStore(2)) {
      store.upsert(List.of(new EmbeddingEntry("x", vec(3, 4))));

      assertThat(store.get("x").orElseThrow().vector()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
      assertThat(store.search(query(vec(6, 8), 1)).get(0).score()).isCloseTo(1f, within(1e-6f));
    }
  }

  @Test
  default void should_delete_entries_and_ignore_unknown_ids() {
    try (EmbeddingStore store = newStore(4)) {
      // given
      List<EmbeddingEntry> entries = randomEntries("d", 5, 4, 3);
      store.upsert(entries);

      // when
      store.delete(List.of("d1", "d3", "unknown"));
      store.delete(List.of());

      // then
      assertThat(store.count()).isEqualTo(3);
      assertThat(store.get("d1")).isEmpty();
      assertThat(store.contains("d3")).isFalse();
      assertThat(store.contains("d4")).isTrue();
      assertThat(ids(store.search(query(entries.get(1).vector(), 10)))).containsExactlyInAnyOrder("d0", "d2", "d4");
      assertThat(store.get("d4").orElseThrow().metadata()).isEqualTo(entries.get(4).metadata());
    }
  }

  @Test
  default void should_report_which_ids_exist() {
    try (EmbeddingStore store = newStore(4)) {
      store.upsert(randomEntries("x", 2500, 4, 5));
      List<String> asked = new ArrayList<>();
      for (int i = 0; i < 3000; i += 2) {
        asked.add("x" + i);
      }

      Set<String> existing = store.existingIds(asked);

      assertThat(existing).hasSize(1250).allMatch(id -> Integer.parseInt(id.substring(1)) < 2500);
      assertThat(store.existingIds(List.of())).isEmpty();
      assertThat(store.contains("x2499")).isTrue();
      assertThat(store.contains("x2500")).isFalse();
    }
  }

  @Test
  default void should_reject_an_entry_of_the_wrong_dimension_and_store_nothing_of_its_batch() {
    try (EmbeddingStore store = newStore(4)) {
      List<EmbeddingEntry> batch = List.of(new EmbeddingEntry("ok1", vec(1, 0, 0, 0)),
          new EmbeddingEntry("ok2", vec(0, 1, 0, 0)), new EmbeddingEntry("bad", vec(1, 0, 0)));

      assertThatThrownBy(() -> store.upsert(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("dimension of entry 'bad' must be 4 (store 'contract'), but was 3");
      assertThat(store.count()).isZero();
      assertThat(store.existingIds(List.of("ok1", "ok2"))).isEmpty();
    }
  }

  @Test
  default void should_reject_a_query_of_the_wrong_dimension() {
    try (EmbeddingStore store = newStore(4)) {
      store.upsert(randomEntries("e", 3, 4, 1));

      assertThatThrownBy(() -> store.search(query(vec(1, 0, 0), 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("query dimension must be 4 (store 'contract'), but was 3");
      assertThatThrownBy(() -> store.searchBatch(List.of(query(vec(1, 0, 0, 0), 1), query(new float[5], 1))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  default void should_refuse_non_finite_and_zero_vectors() {
    try (EmbeddingStore store = newStore(4)) {
      // a batch cannot even be formed: the entry refuses the vector, naming the id and the component
      assertThatThrownBy(() -> store.upsert(List.of(new EmbeddingEntry("ok", vec(1, 0, 0, 0)),
          new EmbeddingEntry("bad", vec(1, 0, Float.NaN, 0)))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vector of entry 'bad' must be finite, but component 2 was NaN");
      assertThatThrownBy(() -> new EmbeddingEntry("inf", vec(Float.NEGATIVE_INFINITY, 0, 0, 0)))
          .hasMessage("vector of entry 'inf' must be finite, but component 0 was -Infinity");
      assertThatThrownBy(() -> new EmbeddingEntry("zero", new float[4]))
          .hasMessage("vector of entry 'zero' must have a non-zero norm (it is compared by cosine), but all 4 "
              + "components were zero");
      assertThatThrownBy(() -> query(vec(0, Float.POSITIVE_INFINITY, 0, 0), 1))
          .hasMessage("vector of the query must be finite, but component 1 was Infinity");
      assertThat(store.count()).isZero();
    }
  }

  @Test
  default void should_answer_an_empty_store() {
    try (EmbeddingStore store = newStore(4)) {
      assertThat(store.count()).isZero();
      assertThat(store.search(query(vec(1, 0, 0, 0), 5))).isEmpty();
      assertThat(store.searchBatch(List.of(query(vec(1, 0, 0, 0), 5), query(vec(0, 1, 0, 0), 5))))
          .containsExactly(List.of(), List.of());
      assertThat(store.get("x")).isEmpty();
      assertThat(store.existingIds(List.of("x"))).isEmpty();
    }
  }

  @Test
  default void should_answer_a_batch_like_single_searches() {
    try (EmbeddingStore store = newStore(16)) {
      List<EmbeddingEntry> entries = randomEntries("b", 300, 16, 11);
      store.upsert(entries);
      List<SearchRequest> requests = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        var builder = SearchRequest.builder(entries.get(i * 13).vector()).k(5 + i);
        requests.add(i % 3 == 0 ? builder.filter(MetadataFilter.eq("parity", "odd")).build() : builder.build());
      }

      List<List<Hit>> batch = store.searchBatch(requests);

      assertThat(batch).hasSize(7);
      for (int i = 0; i < requests.size(); i++) {
        assertThat(ids(batch.get(i))).isEqualTo(ids(store.search(requests.get(i))));
      }
    }
  }

  @Test
  default void should_report_its_info_and_properties() {
    try (EmbeddingStore store = newStore("pool-images", 8, Map.of("model", "vit-b-32@1a2b"))) {
      StoreInfo info = store.info();

      assertThat(info.name()).isEqualTo("pool-images");
      assertThat(info.dimension()).isEqualTo(8);
      assertThat(info.metric()).isEqualTo(SimilarityMetric.DOT_PRODUCT);
      assertThat(info.properties()).isEqualTo(Map.of("model", "vit-b-32@1a2b"));
    }
  }

  @Test
  default void should_keep_everything_after_close_and_reopen() {
    // given
    List<EmbeddingEntry> entries = randomEntries("r", 50, 8, 13);
    EmbeddingStore store = newStore("pool", 8, Map.of("model", "m1"));
    store.upsert(entries.subList(0, 30));
    store.upsert(entries.subList(30, 50));
    store.delete(List.of("r7"));
    SearchRequest request = query(entries.get(9).vector(), 10);
    List<Hit> before = store.search(request);
    store.close();

    // when
    try (EmbeddingStore reopened = reopen(store)) {
      // then
      assertThat(reopened.count()).isEqualTo(49);
      assertThat(reopened.info().properties()).isEqualTo(Map.of("model", "m1"));
      assertThat(reopened.info().dimension()).isEqualTo(8);
      EmbeddingEntry r12 = reopened.get("r12").orElseThrow();
      assertThat(r12.vector()).containsExactly(entries.get(12).unitVector(), within(1e-6f));
      assertThat(r12.metadata()).isEqualTo(entries.get(12).metadata());
      assertThat(reopened.contains("r7")).isFalse();
      assertThat(reopened.search(request)).isEqualTo(before);
    }
  }

  @Test
  default void should_throw_after_close_and_close_idempotently() {
    EmbeddingStore store = newStore("closing", 2, Map.of());
    store.upsert(List.of(new EmbeddingEntry("x", vec(1, 0))));
    store.close();
    store.close();

    List<Runnable> calls = List.of(
        () -> store.upsert(List.of(new EmbeddingEntry("y", vec(0, 1)))),
        () -> store.search(query(vec(1, 0), 1)),
        () -> store.searchBatch(List.of(query(vec(1, 0), 1))),
        store::count,
        () -> store.get("x"),
        () -> store.contains("x"),
        () -> store.existingIds(List.of("x")),
        () -> store.delete(List.of("x")),
        store::info);
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'closing'")
          .hasMessageContaining("is closed");
    }
  }

  @Test
  default void should_lose_nothing_committed_when_the_process_dies_between_batches() {
    // given: two batches stored, a third refused
    EmbeddingStore store = newStore(4);
    List<EmbeddingEntry> entries = randomEntries("c", 20, 4, 17);
    store.upsert(entries.subList(0, 10));
    store.upsert(entries.subList(10, 20));
    assertThatThrownBy(() -> store.upsert(List.of(new EmbeddingEntry("late", vec(1, 0, 0, 0)),
        new EmbeddingEntry("bad", vec(1, 0))))).isInstanceOf(IllegalArgumentException.class);

    // when
    try (EmbeddingStore recovered = crashAndReopen(store)) {
      // then
      assertThat(recovered.count()).isEqualTo(20);
      assertThat(recovered.existingIds(entries.stream().map(EmbeddingEntry::id).toList())).hasSize(20);
      assertThat(recovered.contains("late")).isFalse();
      assertThat(recovered.search(query(entries.get(15).vector(), 1)).get(0).id()).isEqualTo("c15");
      recovered.upsert(List.of(new EmbeddingEntry("after", vec(0, 0, 0, 1))));
      assertThat(recovered.count()).isEqualTo(21);
    }
  }

  @Test
  default void should_work_with_1280_dimensions() {
    try (EmbeddingStore store = newStore(1280)) {
      List<EmbeddingEntry> entries = randomEntries("g", 30, 1280, 19);
      store.upsert(entries);

      List<Hit> hits = store.search(query(entries.get(7).vector(), 3));

      assertThat(hits.get(0).id()).isEqualTo("g7");
      assertThat(hits.get(0).score()).isCloseTo(1f, within(1e-5f));
      assertThat(store.get("g7").orElseThrow().vector()).containsExactly(entries.get(7).unitVector(), within(1e-6f));
    }
  }

  @Test
  default void should_never_show_part_of_a_batch_to_concurrent_readers() throws InterruptedException {
    try (EmbeddingStore store = newStore(4)) {
      List<EmbeddingEntry> entries = randomEntries("t", 200, 4, 23);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Set<Long> seen = new HashSet<>();
      Thread reader = new Thread(() -> {
        try {
          while (store.count() < 200) {
            long count = store.count();
            assertThat(store.search(query(vec(1, 1, 1, 1), 5))).isSortedAccordingTo(Hit.ORDER);
            synchronized (seen) {
              seen.add(count);
            }
          }
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      reader.start();

      for (int from = 0; from < 200; from += 20) {
        store.upsert(entries.subList(from, from + 20));
      }
      reader.join(30_000);

      assertThat(failure.get()).isNull();
      assertThat(reader.isAlive()).isFalse();
      synchronized (seen) {
        assertThat(seen).allMatch(n -> n % 20 == 0);
      }
    }
  }
}
