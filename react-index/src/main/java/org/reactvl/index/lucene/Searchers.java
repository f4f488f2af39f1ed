package org.reactvl.index.lucene;

import java.io.IOException;
import java.util.function.Function;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.reactvl.core.ReactException;

/**
 * Borrowing a searcher from a {@link SearcherManager} for one piece of work and always giving it
 * back; shared by the embedding store and the caption text index. Thread-safe as the manager is.
 */
public final class Searchers {
  private Searchers() {}

  /** Work on an acquired searcher. */
  public interface Work<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  /**
   * Runs {@code work} on a searcher of {@code searchers}, released afterwards.
   *
   * @param failure turns an I/O failure into the caller's exception, naming what was read
   */
  public static <T> T with(SearcherManager searchers, Work<T> work, Function<IOException, ReactException> failure) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return work.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw failure.apply(e);
    }
  }
}
