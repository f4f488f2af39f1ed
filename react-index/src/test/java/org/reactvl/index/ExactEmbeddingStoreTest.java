package org.reactvl.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a persistent exact store, plus what only the exact store promises. */
class ExactEmbeddingStoreTest implements EmbeddingStoreContract {

  private record Opened(Path path, String name, int dimension) {}

  @TempDir Path dir;
  private final Map<EmbeddingStore, Opened> opened = new IdentityHashMap<>();

  @Override
  public EmbeddingStore newStore(String name, int dimension, Map<String, String> properties) {
    Path path = dir.resolve("store-" + opened.size() + ".rxj");
    return track(ExactEmbeddingStore.builder(name, dimension).properties(properties).path(path).open(),
        new Opened(path, name, dimension));
  }

  @Override
  public EmbeddingStore reopen(EmbeddingStore closed) {
    Opened o = opened.get(closed);
    return track(ExactEmbeddingStore.builder(o.name(), o.dimension()).path(o.path()).open(), o);
  }

  /** Copies the journal as a kill would leave it, with half a record appended as an interrupted write would. */
  @Override
  public EmbeddingStore crashAndReopen(EmbeddingStore running) {
    Opened o = opened.get(running);
    Path copy = o.path().resolveSibling("crashed-" + o.path().getFileName());
    try {
      Files.copy(o.path(), copy);
      Files.write(copy, ByteBuffer.allocate(12).putInt(4096).putInt(42).putInt(7).array(), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    running.close();
    return track(ExactEmbeddingStore.builder(o.name(), o.dimension()).path(copy).open(),
        new Opened(copy, o.name(), o.dimension()));
  }

  private EmbeddingStore track(EmbeddingStore store, Opened where) {
    opened.put(store, where);
    return store;
  }

  @AfterEach
  void closeAll() {
    opened.keySet().forEach(EmbeddingStore::close);
  }

  @Test
  void should_match_a_naive_scan_across_several_blocks() {
    // given: 2048-d rows make 1024-row blocks, so 2500 entries span two full blocks and a partial one
    int dimension = 2048;
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("n", 2500, dimension, 29);
    try (ExactEmbeddingStore store = ExactEmbeddingStore.inMemory("naive", dimension)) {
      store.upsert(entries);
      List<SearchRequest> requests = new ArrayList<>();
      for (int i = 0; i < VectorMatrix.GEMM_MIN_QUERIES + 1; i++) {
        requests.add(SearchRequest.builder(EmbeddingStoreContract.randomEntries("q", 1, dimension, 100 + i).get(0)
            .vector()).k(10).build());
      }

      // when
      List<List<Hit>> results = store.searchBatch(requests);

      // then: the batch (one GEMM per block) and single searches (SIMD scans) agree with the naive scan
      for (int i = 0; i < requests.size(); i++) {
        List<Map.Entry<String, Double>> expected = naiveTop(entries, requests.get(i).query(), 10);
        assertThat(store.search(requests.get(i))).extracting(Hit::id)
            .containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        assertThat(results.get(i)).extracting(Hit::id).containsExactlyElementsOf(expected.stream().map(Map.Entry::getKey).toList());
        for (int j = 0; j < 10; j++) {
          assertThat((double) results.get(i).get(j).score()).isCloseTo(expected.get(j).getValue(), within(1e-5));
        }
      }
    }
  }

  @Test
  void should_stay_consistent_through_random_upserts_and_deletes() {
    // given: a map as the model of what the store should hold
    SplittableRandom random = new SplittableRandom(31);
    Map<String, EmbeddingEntry> model = new LinkedHashMap<>();
    try (ExactEmbeddingStore store = ExactEmbeddingStore.inMemory("random", 6)) {
      // when
      for (int round = 0; round < 40; round++) {
        List<EmbeddingEntry> more = EmbeddingStoreContract.randomEntries("", 6, 6, round).stream()
            .map(e -> new EmbeddingEntry("k" + random.nextInt(60), e.vector())).toList();
        store.upsert(more);
        more.forEach(e -> model.put(e.id(), e));
        List<String> doomed = List.of("k" + random.nextInt(60), "k" + random.nextInt(60));
        store.delete(doomed);
        doomed.forEach(model::remove);
      }

      // then
      assertThat(store.count()).isEqualTo(model.size());
      float[] q = {1, -1, 0.5f, 0, 2, 1};
      List<String> expected = naiveTop(List.copyOf(model.values()), q, 15).stream().map(Map.Entry::getKey).toList();
      assertThat(store.search(SearchRequest.builder(q).k(15).build())).extracting(Hit::id).containsExactlyElementsOf(expected);
      model.values().forEach(e -> assertThat(store.get(e.id()).orElseThrow().vector())
          .containsExactly(e.unitVector(), within(1e-6f)));
    }
  }

  @Test
  void should_refuse_to_open_a_file_with_another_dimension_or_properties() {
    EmbeddingStore store = newStore("pool", 8, Map.of("model", "a"));
    store.close();
    Path path = opened.get(store).path();

    assertThatThrownBy(() -> ExactEmbeddingStore.builder("pool", 16).path(path).open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension must be 8 (as store 'pool' in " + path + " was created), but was 16");
    assertThatThrownBy(() -> ExactEmbeddingStore.builder("pool", 8).properties(Map.of("model", "b")).path(path).open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("properties must be {model=a} (as store 'pool' in " + path + " was created) or none, but were "
            + "{model=b}");
  }

  @Test
  void should_fail_on_a_corrupt_record_that_is_not_the_last() throws IOException {
    // given: two records, a byte of the first one flipped
    EmbeddingStore store = newStore("corrupt", 4, Map.of());
    store.upsert(EmbeddingStoreContract.randomEntries("a", 3, 4, 1));
    long firstRecord = Files.size(opened.get(store).path());
    store.upsert(EmbeddingStoreContract.randomEntries("b", 3, 4, 2));
    store.close();
    Path path = opened.get(store).path();
    byte[] bytes = Files.readAllBytes(path);
    long headerEnd = firstRecord - (bytes.length - firstRecord); // both records have the same size
    bytes[(int) headerEnd + 20] ^= 0x40;
    Files.write(path, bytes);

    // when / then
    assertThatThrownBy(() -> ExactEmbeddingStore.builder("corrupt", 4).path(path).open())
        .isInstanceOf(StoreFormatException.class)
        .hasMessage("embedding store file " + path + " is corrupt: record at byte " + headerEnd
            + " fails its checksum and is not the last one");
  }

  @Test
  void should_refuse_a_file_that_is_not_a_store() throws IOException {
    Path path = dir.resolve("notes.txt");
    Files.writeString(path, "hello, world");

    assertThatThrownBy(() -> ExactEmbeddingStore.builder("x", 4).path(path).open())
        .isInstanceOf(StoreFormatException.class)
        .hasMessageStartingWith("file " + path + " is not an exact embedding store: it must start with 'REACTEXJ'");
  }

  @Test
  void should_compact_a_mostly_superseded_file_on_close() throws IOException {
    // given: the same 100 entries written 30 times
    EmbeddingStore store = newStore("compact", 512, Map.of("model", "m"));
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("c", 100, 512, 3);
    for (int i = 0; i < 30; i++) {
      store.upsert(entries);
    }
    Path path = opened.get(store).path();
    long before = Files.size(path);

    // when
    store.close();

    // then: about one copy of 100 x 512 floats remains, and nothing is lost
    assertThat(before).isGreaterThan(30L * 100 * 512 * 4);
    assertThat(Files.size(path)).isLessThan(2L * 100 * 512 * 4);
    try (EmbeddingStore reopened = reopen(store)) {
      assertThat(reopened.count()).isEqualTo(100);
      assertThat(reopened.info().properties()).isEqualTo(Map.of("model", "m"));
      assertThat(reopened.get("c42").orElseThrow().vector()).containsExactly(entries.get(42).unitVector(), within(1e-6f));
    }
  }

  /** Top-k of unit-vector dot products in double precision, ties by id. */
  private static List<Map.Entry<String, Double>> naiveTop(List<EmbeddingEntry> entries, float[] query, int k) {
    float[] q = UnitVectors.normalized(query);
    List<Map.Entry<String, Double>> scored = new ArrayList<>();
    for (EmbeddingEntry e : entries) {
      float[] v = e.unitVector();
      double dot = 0;
      for (int i = 0; i < v.length; i++) {
        dot += (double) v[i] * q[i];
      }
      scored.add(Map.entry(e.id(), dot));
    }
    scored.sort(Comparator.<Map.Entry<String, Double>>comparingDouble(Map.Entry::getValue).reversed()
        .thenComparing(Map.Entry::getKey));
    return scored.subList(0, Math.min(k, scored.size()));
  }
}
