package org.reactvl.index.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.reactvl.core.ReactException;
import org.reactvl.index.lucene.Searchers;
import org.reactvl.index.pool.ImageTextPair;

/**
 * A Lucene full-text index of a pool's captions, searched with BM25: one document per pair, its id
 * and the words of its caption and alternative captions, analysed with Lucene's {@link
 * EnglishAnalyzer} (lower case, English stop words and possessives dropped, Porter stems, so
 * "cherries" finds "cherry"). The keyword half of hybrid retrieval.
 *
 * <ul>
 *   <li><b>Batches are atomic.</b> {@link #add} writes and commits a batch; a pair already indexed
 *       is left as it is, so adding a pool again adds nothing and a run killed part-way resumes
 *       ({@link #existingIds}).
 *   <li><b>Queries.</b> {@link #search} finds the pairs whose text holds every word of the query
 *       (after analysis), best BM25 score first, ties by id.
 * </ul>
 *
 * <p>Thread-safe: searches run concurrently with each other and with a batch being added. Owns its
 * Lucene directory; {@link #close} releases it.
 *
 * <pre>{@code
 * try (CaptionTextIndex text = CaptionTextIndex.open(Path.of("pool-index/text"))) {
 *   text.add(pairs);
 *   List<TextHit> hits = text.search("hot dog", 50);
 * }
 * }</pre>
 */
public final class CaptionTextIndex implements AutoCloseable {
  private static final String ID = "id";
  private static final String TEXT = "text";
  private static final Sort BY_SCORE_THEN_ID = new Sort(SortField.FIELD_SCORE, new SortField(ID, SortField.Type.STRING));

  private final String name;
  private final Directory directory;
  private final Analyzer analyzer = new EnglishAnalyzer();
  /** Null when the index was opened read-only. */
  private final IndexWriter writer;
  private final SearcherManager searchers;

  private CaptionTextIndex(String name, Directory directory, boolean readOnly) throws IOException {
    this.name = name;
    this.directory = directory;
    if (readOnly) {
      this.writer = null;
      this.searchers = new SearcherManager(directory, null);
    } else {
      this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      this.searchers = new SearcherManager(writer, null);
    }
  }

  /**
   * Opens the index in {@code folder}, creating it when the folder is missing or empty.
   *
   * @throws ReactException if the folder holds something other than a Lucene index or cannot be opened
   */
  public static CaptionTextIndex open(Path folder) {
    Objects.requireNonNull(folder, "folder must not be null");
    Directory directory = null;
    try {
      directory = FSDirectory.open(folder);
      return new CaptionTextIndex(folder.toString(), directory, false);
    } catch (IOException | RuntimeException e) {
      closeQuietly(directory);
      throw new ReactException("cannot open the caption text index in " + folder + " (it must be a folder this class"
          + " wrote, or empty): " + e.getMessage(), e);
    }
  }

  /**
   * Opens the existing index in {@code folder} for searching only: no write lock and no commit, so
   * any number of readers can search it at once, next to one writer, and a read-only folder can be
   * searched. {@link #add} then throws IllegalStateException.
   *
   * @throws ReactException if the folder holds no index this class wrote, or cannot be read
   */
  public static CaptionTextIndex openReadOnly(Path folder) {
    Objects.requireNonNull(folder, "folder must not be null");
    Directory directory = null;
    try {
      directory = FSDirectory.open(folder);
      if (!DirectoryReader.indexExists(directory)) {
        throw new ReactException("cannot search the caption text index in " + folder + ": it must be an index 'react index'"
            + " wrote, but the folder holds none");
      }
      return new CaptionTextIndex(folder.toString(), directory, true);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new ReactException("cannot open the caption text index in " + folder + " for searching: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(directory);
      throw e;
    }
  }

  /** A new index in memory (tests, small pools). */
  public static CaptionTextIndex inMemory() {
    try {
      return new CaptionTextIndex("memory", new ByteBuffersDirectory(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an in-memory text index: " + e.getMessage(), e);
    }
  }

  /** Where the index lives ({@code memory} for an in-memory one). */
  public String name() {
    return name;
  }

  /** Pairs indexed. */
  public int count() {
    return withSearcher(s -> s.getIndexReader().numDocs());
  }

  /** Of {@code ids}, those already indexed. */
  public Set<String> existingIds(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids must not be null");
    if (ids.isEmpty()) {
      return Set.of();
    }
    List<BytesRef> terms = ids.stream().distinct().map(BytesRef::new).toList();
    return withSearcher(s -> {
      Set<String> found = new LinkedHashSet<>();
      for (TextHit hit : collect(s, s.search(new TermInSetQuery(ID, terms), terms.size()).scoreDocs)) {
        found.add(hit.id());
      }
      return found;
    });
  }

  /**
   * Indexes the pairs not yet indexed (an id repeated in the batch counts once: its first pair) and
   * commits them together.
   *
   * @return how many pairs were added
   */
  public int add(List<ImageTextPair> pairs) {
    Objects.requireNonNull(pairs, "pairs must not be null");
    if (writer == null) {
      throw new IllegalStateException("the caption text index " + name + " was opened read-only; open it with open(folder) to add pairs");
    }
    Map<String, ImageTextPair> byId = new HashMap<>();
    List<ImageTextPair> fresh = new ArrayList<>();
    for (ImageTextPair pair : pairs) {
      if (byId.putIfAbsent(pair.id(), pair) == null) {
        fresh.add(pair);
      }
    }
    Set<String> existing = existingIds(byId.keySet());
    fresh.removeIf(p -> existing.contains(p.id()));
    if (fresh.isEmpty()) {
      return 0;
    }
    try {
      for (ImageTextPair pair : fresh) {
        Document doc = new Document();
        doc.add(new StringField(ID, pair.id(), Field.Store.YES));
        doc.add(new SortedDocValuesField(ID, new BytesRef(pair.id())));
        doc.add(new TextField(TEXT, text(pair), Field.Store.NO));
        writer.addDocument(doc);
      }
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      rollbackQuietly();
      throw new ReactException("cannot add " + fresh.size() + " pairs to the caption text index " + name + " (nothing of"
          + " this batch was kept; open the index again and add it again): " + e.getMessage(), e);
    }
    return fresh.size();
  }

  /**
   * The pairs whose text holds every word of {@code query} (after analysis: "the dogs" asks for
   * "dog"), at most {@code k}, best BM25 score first, ties by id. A query of stop words only finds
   * nothing.
   *
   * @throws IllegalArgumentException if k is not positive
   */
  public List<TextHit> search(String query, int k) {
    Objects.requireNonNull(query, "query must not be null");
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive, but was " + k);
    }
    List<String> words = words(query);
    if (words.isEmpty()) {
      return List.of();
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String word : words) {
      all.add(new TermQuery(new Term(TEXT, word)), BooleanClause.Occur.MUST);
    }
    BooleanQuery q = all.build();
    return withSearcher(s -> collect(s, s.search(q, k, BY_SCORE_THEN_ID, true).scoreDocs));
  }

  /** The analysed words of {@code text}, each once, in order. */
  List<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        words.add(term.toString());
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse query '" + text + "': " + e.getMessage(), e);
    }
    return List.copyOf(words);
  }

  @Override
  public void close() {
    try {
      searchers.close();
      if (writer != null) {
        writer.close();
      }
    } catch (IOException e) {
      throw new ReactException("cannot close the caption text index " + name + ": " + e.getMessage(), e);
    } finally {
      analyzer.close();
      closeQuietly(directory);
    }
  }

  private static String text(ImageTextPair pair) {
    StringBuilder text = new StringBuilder(pair.caption());
    for (String alternative : pair.captions()) {
      text.append('\n').append(alternative);
    }
    return text.toString();
  }

  private static List<TextHit> collect(IndexSearcher searcher, ScoreDoc[] docs) throws IOException {
    StoredFields fields = searcher.storedFields();
    List<TextHit> hits = new ArrayList<>(docs.length);
    for (ScoreDoc doc : docs) {
      hits.add(new TextHit(fields.document(doc.doc).get(ID), doc.score));
    }
    return hits;
  }

  private <T> T withSearcher(Searchers.Work<T> work) {
    return Searchers.with(searchers, work, e -> new ReactException("cannot search the caption text index " + name + ": "
        + e.getMessage(), e));
  }


  private void rollbackQuietly() {
    try {
      writer.rollback();
    } catch (IOException | RuntimeException suppressed) {
      // The batch is lost either way; the original failure is what the caller needs to see.
    }
  }

  private static void closeQuietly(Directory directory) {
    if (directory != null) {
      try {
        directory.close();
      } catch (IOException ignored) {
        // Nothing more to release.
      }
    }
  }
}
