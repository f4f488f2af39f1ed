package org.reactvl.index.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFileNames;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RescoreTopNQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.index.EmbeddingEntry;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.Hit;
import org.reactvl.index.SearchRequest;
import org.reactvl.index.StoreFormatException;
import org.reactvl.index.StoreInfo;
import org.reactvl.index.StoreLifecycle;
import org.reactvl.index.VectorEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An on-disk store searched through Lucene's HNSW graphs: approximate, but fast at millions of vectors
 * and with a choice of {@linkplain VectorEncoding encodings} that trade memory for recall.
 *
 * <p><b>Durability.</b> Every {@link #upsert} and {@link #delete} ends with a Lucene commit (fsync); a
 * batch that fails part-way is rolled back, so a batch is stored entirely or not at all, and a crash
 * loses nothing whose call returned. Searches read the last commit through a {@link SearcherManager}
 * refreshed after each commit: they run concurrently with indexing and never see half a batch.
 * Commits also carry the store's dimension, encoding and properties (see the package documentation);
 * opening checks them.
 *
 * <p><b>Searching.</b> A request's {@code candidates} is the HNSW beam: Lucene collects that many
 * nearest candidates (per the quantized scores for quantized encodings), these are optionally
 * re-scored with the full-precision vectors ({@link LuceneStoreOptions#rescore()}), and the best
 * {@code k} are returned. Filters restrict the graph search itself, so a selective filter still
 * yields {@code k} hits.
 *
 * <p><b>Threads.</b> Thread-safe. Writes are serialised; searches run in parallel with each other and
 * with writes. {@link #close()} waits for calls in flight. Owns its folder's lock, files and search
 * threads until closed; only one writing store may have a folder open at a time, alongside any number
 * opened {@linkplain #openReadOnly read-only}, which take no lock and write nothing.
 *
 * <pre>{@code
 * try (var store = LuceneEmbeddingStore.open(LuceneStoreOptions.builder(dir, 512).encoding(VectorEncoding.INT8).build())) {
 *   store.upsert(batch);
 *   List<Hit> hits = store.search(SearchRequest.builder(query).k(10).candidates(100).build());
 * }
 * }</pre>
 */
public final class LuceneEmbeddingStore implements EmbeddingStore {
  private static final Logger LOG = LoggerFactory.getLogger(LuceneEmbeddingStore.class);
  private static final int IDS_PER_LOOKUP = 1024;

  private final LuceneStoreOptions options;
  private final StoreInfo info;
  private final StoreCodec codec;
  private final Map<String, String> commitData;
  private final Directory directory;
  private final SearcherManager searchers;
  private final StoreLifecycle lifecycle;
  private final ReentrantLock writes = new ReentrantLock();
  private IndexWriter writer; // guarded by writes

  private LuceneEmbeddingStore(LuceneStoreOptions options, StoreCommitData stored, Directory directory, boolean readOnly)
      throws IOException {
    this.options = options;
    this.info = new StoreInfo(options.name(), stored.dimension(), stored.metric(), stored.encoding(),
        stored.properties());
    this.codec = new StoreCodec(stored.encoding(), options.maxConn(), options.beamWidth(),
        LuceneStoreOptions.MAX_DIMENSIONS);
    this.commitData = stored.toUserData();
    this.directory = directory;
    this.writer = readOnly ? null : newWriter();
    try {
      if (writer != null) {
        this.writer.commit(); // creates the index on first open
      }
      this.searchers = new SearcherManager(directory, null);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(writer);
      throw e;
    }
    this.lifecycle = new StoreLifecycle("Lucene embedding store '" + info.name() + "' in " + options.path(),
        options.searchThreads(), "react-search-" + options.name());
  }

  /**
   * Opens the store in {@code options.path()}, creating it if the folder holds no index.
   *
   * @throws IllegalArgumentException if the existing store has another dimension, encoding or properties
   * @throws IllegalStateException if the folder is open in another store (here or in another process)
   * @throws org.reactvl.index.StoreFormatException if the folder holds an index that is not a store
   * @throws ReactException if the index cannot be read or written
   */
  public static LuceneEmbeddingStore open(LuceneStoreOptions options) {
    return open(options, false);
  }

  /**
   * Opens the existing store in {@code options.path()} for searching only: no writer, no write lock,
   * no commit, nothing written to the folder (which may be read-only). Any number of read-only stores
   * may have a folder open at once, alongside one writing store; each searches the last commit made
   * before it was opened. Writes ({@link #upsert}, {@link #delete}, {@link #forceMerge}) throw
   * {@link IllegalStateException}.
   *
   * @throws org.reactvl.index.StoreFormatException if the folder holds no store
   * @throws IllegalArgumentException if the store has another dimension, encoding or properties
   * @throws ReactException if the index cannot be read
   */
  public static LuceneEmbeddingStore openReadOnly(LuceneStoreOptions options) {
    return open(options, true);
  }

  /**
   * Whether {@code folder} holds an embedding store and nothing else, recognised by its content: a
   * Lucene index whose last commit carries a store's dimension and encoding, and only plain files
   * (Lucene writes no folders or links). A caller deletes a folder it did not create only when this
   * holds, so a user's folder is never mistaken for a stale index.
   */
  public static boolean isStoreFolder(Path folder) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (Directory directory = FSDirectory.open(folder); Stream<Path> entries = Files.list(folder)) {
      if (!DirectoryReader.indexExists(directory)) {
        return false;
      }
      SegmentInfos commit = SegmentInfos.readLatestCommit(directory);
      StoreCommitData.fromUserData(commit.getUserData(), folder);
      Set<String> committed = Set.copyOf(commit.files(true));
      return entries.allMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && isIndexFile(p.getFileName().toString(), committed));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** A file of the last commit, or one Lucene leaves beside it (the lock, an older or pending commit, a segment of a crashed write). */
  private static boolean isIndexFile(String name, Set<String> committed) {
    return committed.contains(name) || name.equals(IndexWriter.WRITE_LOCK_NAME) || name.startsWith(IndexFileNames.SEGMENTS)
        || name.startsWith(IndexFileNames.PENDING_SEGMENTS) || name.startsWith("_");
  }

  private static LuceneEmbeddingStore open(LuceneStoreOptions options, boolean readOnly) {
    Objects.requireNonNull(options, "options must not be null");
    Directory directory = null;
    try {
      if (readOnly && !Files.isDirectory(options.path())) {
        throw new StoreFormatException("embedding store folder " + options.path() + " must exist to be searched, but it does not");
      }
      Files.createDirectories(options.path());
      directory = FSDirectory.open(options.path());
      StoreCommitData stored = StoreCommitData.of(options);
      if (DirectoryReader.indexExists(directory)) {
        stored = StoreCommitData.fromUserData(SegmentInfos.readLatestCommit(directory).getUserData(),
            options.path());
        stored.checkMatches(options);
      } else if (readOnly) {
        throw new StoreFormatException("embedding store folder " + options.path() + " must hold an index to be searched, but it holds none");
      }
      LuceneEmbeddingStore store = new LuceneEmbeddingStore(options, stored, directory, readOnly);
      LOG.info("Opened embedding store '{}' in {}{}: {} vectors, dimension {}, encoding {}", options.name(),
          options.path(), readOnly ? " read-only" : "", store.count(), stored.dimension(), stored.encoding());
      return store;
    } catch (LockObtainFailedException e) {
      closeQuietly(directory, e);
      throw new IllegalStateException("embedding store folder " + options.path()
          + " must not be open for writing in another store, but its write lock is held (" + e.getMessage()
          + "); to search only, open it read-only", e);
    } catch (IOException e) {
      closeQuietly(directory, e);
      throw new ReactException("cannot open embedding store '" + options.name() + "' in " + options.path()
          + ": " + OutputFolders.describe(e), e);
    } catch (RuntimeException e) {
      closeQuietly(directory, e);
      throw e;
    }
  }

  /** The options this store was opened with. */
  public LuceneStoreOptions options() {
    return options;
  }

  @Override
  public void upsert(List<EmbeddingEntry> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    lifecycle.whileOpen(() -> {
      info.checkEntries(entries);
      if (entries.isEmpty()) {
        return null;
      }
      List<Document> docs = new ArrayList<>(entries.size());
      for (EmbeddingEntry entry : entries) {
        docs.add(StoreFields.document(entry.id(), entry.unitVector(), entry.metadata()));
      }
      writeAndCommit("upsert a batch of " + entries.size() + " entries", w -> {
        for (int i = 0; i < docs.size(); i++) {
          try {
            w.updateDocument(new Term(StoreFields.ID, entries.get(i).id()), docs.get(i));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("entry '" + entries.get(i).id() + "' cannot be stored in Lucene store '"
                + info.name() + "' (nothing of its batch was stored): " + e.getMessage(), e);
          }
        }
      });
      return null;
    });
  }

  @Override
  public List<Hit> search(SearchRequest request) {
    return searchBatch(List.of(request)).get(0);
  }

  /** Runs the requests against one point-in-time view, over {@code searchThreads} threads. */
  @Override
  public List<List<Hit>> searchBatch(List<SearchRequest> requests) {
    Objects.requireNonNull(requests, "requests must not be null");
    return lifecycle.whileOpen(() -> {
      requests.forEach(info::checkQuery);
      return withSearcher(searcher -> lifecycle.searchAll(requests, request -> searchOne(searcher, request)));
    });
  }

  @Override
  public long count() {
    return lifecycle.whileOpen(() -> withSearcher(searcher -> (long) searcher.getIndexReader().numDocs()));
  }

  @Override
  public Optional<EmbeddingEntry> get(String id) {
    Objects.requireNonNull(id, "id must not be null");
    return lifecycle.whileOpen(() -> withSearcher(searcher -> {
      TopDocs top = searcher.search(new TermQuery(new Term(StoreFields.ID, id)), 1);
      if (top.scoreDocs.length == 0) {
        return Optional.empty();
      }
      int doc = top.scoreDocs[0].doc;
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
      FloatVectorValues values = leaf.reader().getFloatVectorValues(StoreFields.VECTOR);
      KnnVectorValues.DocIndexIterator it = values.iterator();
      if (it.advance(doc - leaf.docBase) != doc - leaf.docBase) {
        throw new ReactException("store '" + info.name() + "' is corrupt: entry '" + id + "' has no vector");
      }
      float[] vector = values.vectorValue(it.index()).clone();
      return Optional.of(StoreFields.entry(searcher.storedFields().document(doc), vector));
    }));
  }

  @Override
  public Set<String> existingIds(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    return lifecycle.whileOpen(() -> withSearcher(searcher -> {
      List<BytesRef> terms = ids.stream().distinct().map(BytesRef::new).toList();
      Set<String> present = new HashSet<>();
      StoredFields stored = searcher.storedFields();
      for (int from = 0; from < terms.size(); from += IDS_PER_LOOKUP) {
        List<BytesRef> chunk = terms.subList(from, Math.min(terms.size(), from + IDS_PER_LOOKUP));
        TopDocs top = searcher.search(new TermInSetQuery(StoreFields.ID, chunk), chunk.size());
        for (ScoreDoc hit : top.scoreDocs) {
          present.add(stored.document(hit.doc, Set.of(StoreFields.ID)).get(StoreFields.ID));
        }
      }
      return Set.copyOf(present);
    }));
  }

  @Override
  public void delete(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    lifecycle.whileOpen(() -> {
      Term[] terms = ids.stream().distinct().map(id -> new Term(StoreFields.ID, id)).toArray(Term[]::new);
      if (terms.length > 0) {
        writeAndCommit("delete " + terms.length + " ids", w -> w.deleteDocuments(terms));
      }
      return null;
    });
  }

  /**
   * Merges the index down to at most {@code maxSegments} segments and commits. Searches get faster
   * (one graph instead of many) and the merge takes long (the graphs are rebuilt); other writes wait.
   */
  public void forceMerge(int maxSegments) {
    if (maxSegments < 1) {
      throw new IllegalArgumentException("maxSegments must be positive, but was " + maxSegments);
    }
    lifecycle.whileOpen(() -> {
      writeAndCommit("force-merge to " + maxSegments + " segments", w -> w.forceMerge(maxSegments));
      return null;
    });
  }

  /** Number of index segments searched; each has its own HNSW graph. */
  public int segmentCount() {
    return lifecycle.whileOpen(() -> withSearcher(searcher -> searcher.getIndexReader().leaves().size()));
  }

  @Override
  public StoreInfo info() {
    return lifecycle.whileOpen(() -> info);
  }

  /** Commits (nothing is pending: every write commits), releases the folder and stops search threads. */
  @Override
  public void close() {
    try {
      lifecycle.close(() -> {
        writes.lock();
        try {
          IOUtils.close(writer, searchers, directory);
        } finally {
          writes.unlock();
        }
      });
    } catch (IOException e) {
      throw new ReactException("cannot close embedding store '" + info.name() + "' in " + options.path() + ": "
          + OutputFolders.describe(e), e);
    }
  }

  @Override
  public String toString() {
    return "LuceneEmbeddingStore[" + info.name() + ", " + options.path() + ", " + info.encoding() + "]";
  }

  private List<Hit> searchOne(IndexSearcher searcher, SearchRequest request) throws IOException {
    float[] query = request.unitQuery();
    Query filter = request.filter().map(LuceneFilters::toQuery).orElse(null);
    Query knn = new KnnFloatVectorQuery(StoreFields.VECTOR, query, request.candidates(), filter);
    if (options.rescore() && info.encoding() != VectorEncoding.FLOAT32) {
      knn = RescoreTopNQuery.createFullPrecisionRescorerQuery(knn, query, StoreFields.VECTOR, request.candidates());
    }
    return toHits(searcher, searcher.search(knn, request.candidates()).scoreDocs, request);
  }

  /**
   * Keeps the best {@code k} candidates in {@link Hit#ORDER}. Ids (stored fields) are read only for the
   * candidates that can make it: those above the k-th score and those tied with it.
   */
  private static List<Hit> toHits(IndexSearcher searcher, ScoreDoc[] candidates, SearchRequest request)
      throws IOException {
    ScoreDoc[] sorted = candidates.clone();
    Arrays.sort(sorted, Comparator.comparingDouble((ScoreDoc d) -> d.score).reversed());
    int accepted = 0;
    while (accepted < sorted.length && request.accepts(cosine(sorted[accepted].score))) {
      accepted++;
    }
    int end = Math.min(request.k(), accepted);
    while (end > 0 && end < accepted && sorted[end].score == sorted[end - 1].score) {
      end++;
    }
    StoredFields stored = searcher.storedFields();
    List<Hit> hits = new ArrayList<>(end);
    for (int i = 0; i < end; i++) {
      Document doc = stored.document(sorted[i].doc);
      hits.add(new Hit(doc.get(StoreFields.ID), cosine(sorted[i].score), StoreFields.metadata(doc)));
    }
    hits.sort(Hit.ORDER);
    return hits.size() > request.k() ? List.copyOf(hits.subList(0, request.k())) : hits;
  }

  /** Lucene scores unit-vector dot products as {@code (1 + dot) / 2}; this undoes it. */
  private static float cosine(float luceneScore) {
    return 2 * luceneScore - 1;
  }

  private interface WriterAction {
    void apply(IndexWriter writer) throws IOException;
  }

  /** Applies one write and commits it; on failure rolls back to the last commit and reopens the writer. */
  private void writeAndCommit(String what, WriterAction action) {
    if (writer == null) {
      throw new IllegalStateException("cannot " + what + " in embedding store '" + info.name() + "' in " + options.path()
          + ": it was opened read-only");
    }
    writes.lock();
    try {
      try {
        action.apply(writer);
        writer.commit();
      } catch (IOException | RuntimeException e) {
        rollback(e);
        if (e instanceof IOException io) {
          throw new ReactException("cannot " + what + " in embedding store '" + info.name() + "' in "
              + options.path() + " (rolled back to the last commit): " + OutputFolders.describe(io), e);
        }
        throw (RuntimeException) e;
      }
    } finally {
      writes.unlock();
    }
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new ReactException("cannot refresh the searcher of embedding store '" + info.name() + "' after its "
          + "last commit: " + OutputFolders.describe(e), e);
    }
  }

  private void rollback(Exception cause) {
    try {
      writer.rollback();
      writer = newWriter();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private IndexWriter newWriter() throws IOException {
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(codec)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(options.ramBufferMb())
        .setCommitOnClose(true);
    IndexWriter w = new IndexWriter(directory, config);
    w.setLiveCommitData(commitData.entrySet());
    return w;
  }

  private <T> T withSearcher(Searchers.Work<T> action) {
    return Searchers.with(searchers, action, e -> new ReactException("cannot read embedding store '" + info.name() + "' in "
        + options.path() + ": " + OutputFolders.describe(e), e));
  }

  private static void closeQuietly(Directory directory, Exception cause) {
    if (directory != null) {
      try {
        directory.close();
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
