package org.reactvl.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.EmbeddingStoreContract;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.StoreFormatException;
import org.reactvl.index.VectorEncoding;

/** The contract on a FLOAT32 Lucene store, plus what only the Lucene store promises. */
class LuceneEmbeddingStoreTest implements EmbeddingStoreContract {

  @TempDir Path dir;
  private final Map<EmbeddingStore, LuceneStoreOptions> opened = new IdentityHashMap<>();

  @Override
  public EmbeddingStore newStore(String name, int dimension, Map<String, String> properties) {
    return open(LuceneStoreOptions.builder(dir.resolve("store-" + opened.size()), dimension).name(name)
        .properties(properties).build());
  }

  @Override
  public EmbeddingStore reopen(EmbeddingStore closed) {
    LuceneStoreOptions options = opened.get(closed);
    return open(options.toBuilder().properties(Map.of()).build());
  }

  /**
   * Copies the folder while the store still holds it open, as a kill would leave it (files of merges in
   * flight included), then opens the copy; the original is closed afterwards only to free it.
   */
  @Override
  public EmbeddingStore crashAndReopen(EmbeddingStore running) {
    LuceneStoreOptions options = opened.get(running);
    Path copy = options.path().resolveSibling("crashed-" + options.path().getFileName());
    copyFolder(options.path(), copy);
    running.close();
    return open(LuceneStoreOptions.builder(copy, options.dimension()).name(options.name()).build());
  }

  private LuceneEmbeddingStore open(LuceneStoreOptions options) {
    LuceneEmbeddingStore store = LuceneEmbeddingStore.open(options);
    opened.put(store, options);
    return store;
  }

  static void copyFolder(Path from, Path to) {
    try (Stream<Path> files = Files.list(from)) {
      Files.createDirectories(to);
      for (Path file : files.toList()) {
        try {
          Files.copy(file, to.resolve(file.getFileName()));
        } catch (NoSuchFileException vanished) {
          // a file deleted while copying, as in a real kill; the last commit's files are never deleted
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void closeAll() {
    opened.keySet().forEach(EmbeddingStore::close);
  }

  @Test
  void should_roll_back_a_batch_that_fails_inside_the_writer() {
    // given: the third entry's metadata value exceeds Lucene's term limit (32766 bytes)
    LuceneEmbeddingStore store = (LuceneEmbeddingStore) newStore("rollback", 4, Map.of());
    store.upsert(EmbeddingStoreContract.randomEntries("a", 5, 4, 1));
    List<EmbeddingEntry> batch = new ArrayList<>(EmbeddingStoreContract.randomEntries("b", 2, 4, 2));
    batch.add(new EmbeddingEntry("huge", new float[] {1, 0, 0, 0}, Map.of("caption", "x".repeat(40_000))));

    // when
    assertThatThrownBy(() -> store.upsert(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("entry 'huge' cannot be stored in Lucene store 'rollback' (nothing of its batch was "
            + "stored): Document contains at least one immense term");

    // then: nothing of the batch, in this store or after a crash, and the store still works
    assertThat(store.count()).isEqualTo(5);
    assertThat(store.existingIds(List.of("b0", "b1", "huge"))).isEmpty();
    store.upsert(EmbeddingStoreContract.randomEntries("c", 3, 4, 3));
    assertThat(store.count()).isEqualTo(8);
    try (EmbeddingStore recovered = crashAndReopen(store)) {
      assertThat(recovered.count()).isEqualTo(8);
      assertThat(recovered.contains("b0")).isFalse();
    }
  }

  @Test
  void should_refuse_to_open_with_another_dimension_or_encoding() {
    // given
    LuceneStoreOptions options = LuceneStoreOptions.builder(dir.resolve("pool-images"), 512)
        .encoding(VectorEncoding.INT8).properties(Map.of("model", "a")).build();
    open(options).close();

    // when / then
    assertThatThrownBy(() -> open(options.toBuilder().encoding(VectorEncoding.FLOAT32).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encoding must be INT8 (store 'pool-images' in " + options.path() + " was created with it), but "
            + "was FLOAT32");
    assertThatThrownBy(() -> LuceneEmbeddingStore.open(
        LuceneStoreOptions.builder(options.path(), 768).encoding(VectorEncoding.INT8).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimension must be 512 (store 'pool-images' in " + options.path() + " was created with it), but "
            + "was 768");
    assertThatThrownBy(() -> open(options.toBuilder().properties(Map.of("model", "b")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("properties must be {model=a}");
    try (EmbeddingStore reopened = open(options.toBuilder().properties(Map.of()).build())) {
      assertThat(reopened.info().properties()).isEqualTo(Map.of("model", "a"));
    }
  }

  @Test
  void should_refuse_a_folder_open_in_another_store() {
    EmbeddingStore first = newStore("locked", 4, Map.of());

    assertThatThrownBy(() -> LuceneEmbeddingStore.open(opened.get(first)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("embedding store folder " + opened.get(first).path()
            + " must not be open for writing in another store, but its write lock is held");
  }

  /** The names and modification times of a folder's files. */
  private static Map<String, Long> snapshot(Path folder) throws IOException {
    Map<String, Long> files = new java.util.TreeMap<>();
    try (var list = Files.list(folder)) {
      for (Path p : list.toList()) {
        files.put(p.getFileName().toString(), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }

  @Test
  void should_open_any_number_of_read_only_stores_at_once_without_writing_a_file() throws IOException {
    Path path = dir.resolve("finished");
    LuceneStoreOptions options = LuceneStoreOptions.builder(path, 2).build();
    try (LuceneEmbeddingStore writer = LuceneEmbeddingStore.open(options)) {
      writer.upsert(List.of(new EmbeddingEntry("a", new float[] {1, 0}, Map.of()), new EmbeddingEntry("b", new float[] {0, 1}, Map.of())));
    }
    Map<String, Long> before = snapshot(path);

    try (LuceneEmbeddingStore first = LuceneEmbeddingStore.openReadOnly(options);
        LuceneEmbeddingStore second = LuceneEmbeddingStore.openReadOnly(options)) {
      assertThat(first.search(SearchRequest.builder(new float[] {1, 0}).k(1).build())).extracting(Hit::id).containsExactly("a");
      assertThat(second.search(SearchRequest.builder(new float[] {0, 1}).k(1).build())).extracting(Hit::id).containsExactly("b");
      assertThatThrownBy(() -> first.upsert(List.of(new EmbeddingEntry("c", new float[] {1, 1}, Map.of()))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("it was opened read-only");
    }

    assertThat(snapshot(path)).as("no lock, no commit").isEqualTo(before);
  }

  @Test
  void should_search_read_only_alongside_one_writer() {
    LuceneStoreOptions options = LuceneStoreOptions.builder(dir.resolve("growing"), 2).build();
    try (LuceneEmbeddingStore writer = LuceneEmbeddingStore.open(options)) {
      writer.upsert(List.of(new EmbeddingEntry("a", new float[] {1, 0}, Map.of())));
      try (LuceneEmbeddingStore reader = LuceneEmbeddingStore.openReadOnly(options)) {
        writer.upsert(List.of(new EmbeddingEntry("b", new float[] {0, 1}, Map.of())));
        assertThat(reader.count()).as("the commit made before it opened").isEqualTo(1);
      }
      assertThat(writer.count()).isEqualTo(2);
    }
  }

  @Test
  void should_refuse_to_open_a_folder_without_a_store_read_only_and_create_nothing() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> LuceneEmbeddingStore.openReadOnly(LuceneStoreOptions.builder(missing, 2).build()))
        .isInstanceOf(StoreFormatException.class)
        .hasMessage("embedding store folder " + missing + " must exist to be searched, but it does not");
    assertThat(missing).doesNotExist();
  }

  @Test
  void should_recognise_a_store_folder_by_its_content() throws IOException {
    Path store = dir.resolve("images-x");
    LuceneEmbeddingStore.open(LuceneStoreOptions.builder(store, 2).build()).close();
    Path mine = Files.createDirectories(dir.resolve("images-y"));
    Files.writeString(mine.resolve("segments_1"), "my file");

    assertThat(LuceneEmbeddingStore.isStoreFolder(store)).isTrue();
    assertThat(LuceneEmbeddingStore.isStoreFolder(mine)).isFalse();
    Files.writeString(store.resolve("notes.txt"), "mine");
    assertThat(LuceneEmbeddingStore.isStoreFolder(store)).as("with a user's file added").isFalse();
  }

  @Test
  void should_refuse_an_index_that_is_not_a_store() throws IOException {
    Path path = dir.resolve("foreign");
    try (var directory = FSDirectory.open(path); var writer = new IndexWriter(directory, new IndexWriterConfig())) {
      Document doc = new Document();
      doc.add(new StringField("title", "hello", Field.Store.YES));
      writer.addDocument(doc);
    }

    assertThatThrownBy(() -> LuceneEmbeddingStore.open(LuceneStoreOptions.builder(path, 4).build()))
        .isInstanceOf(StoreFormatException.class)
        .hasMessage("index in " + path + " is not an embedding store: its last commit has no 'react.store.format' entry");
  }

  @Test
  void should_write_1280_dimensional_indexes_that_plain_lucene_reads() throws IOException {
    // given
    EmbeddingStore store = newStore("bigG", 1280, Map.of());
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("g", 150, 1280, 5);
    store.upsert(entries);
    store.close();

    // when: opened with Lucene's default codec, no store classes involved
    try (var directory = FSDirectory.open(opened.get(store).path()); var reader = DirectoryReader.open(directory)) {
      // then
      FloatVectorValues values = reader.leaves().get(0).reader().getFloatVectorValues(StoreFields.VECTOR);
      assertThat(values.dimension()).isEqualTo(1280);
      assertThat(reader.numDocs()).isEqualTo(150);
    }
  }

  @Test
  void should_search_the_same_after_force_merge() {
    // given: five batches, five commits, several segments
    LuceneEmbeddingStore store = (LuceneEmbeddingStore) newStore("merge", 16, Map.of());
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("m", 500, 16, 9);
    for (int from = 0; from < 500; from += 100) {
      store.upsert(entries.subList(from, from + 100));
    }
    SearchRequest request = SearchRequest.builder(entries.get(42).vector()).k(5).candidates(500).build();
    List<Hit> before = store.search(request);

    // when
    store.forceMerge(1);

    // then
    assertThat(store.segmentCount()).isEqualTo(1);
    assertThat(store.count()).isEqualTo(500);
    assertThat(store.search(request)).extracting(Hit::id).isEqualTo(before.stream().map(Hit::id).toList());
    assertThatThrownBy(() -> store.forceMerge(0)).hasMessage("maxSegments must be positive, but was 0");
  }

  @Test
  void should_answer_a_batch_over_search_threads_like_sequential_searches() {
    // given
    List<EmbeddingEntry> entries = EmbeddingStoreContract.randomEntries("p", 400, 16, 12);
    LuceneStoreOptions options = LuceneStoreOptions.builder(dir.resolve("parallel"), 16).searchThreads(3).build();
    EmbeddingStore store = open(options);
    store.upsert(entries);
    List<SearchRequest> requests = entries.subList(0, 20).stream()
        .map(e -> SearchRequest.builder(e.vector()).k(7).build()).toList();

    // when
    List<List<Hit>> parallel = store.searchBatch(requests);

    // then
    for (int i = 0; i < requests.size(); i++) {
      assertThat(parallel.get(i)).isEqualTo(store.search(requests.get(i)));
    }
  }
}
