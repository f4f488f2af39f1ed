package org.reactvl.index.pool;

/**
 * Told how an indexing run progresses: once after every batch, on the indexing thread, so it should
 * return quickly (draw a progress bar, write a log line).
 *
 * <pre>{@code
 * IndexingListener bar = p -> System.err.printf("\r%d/%d pairs, %.0f/s", p.done(), p.total(), p.rate());
 * }</pre>
 */
@FunctionalInterface
public interface IndexingListener {
  /** A listener that ignores every report. */
  IndexingListener NONE = progress -> {};

  /** Called after each batch with the run's totals so far. */
  void onProgress(IndexingProgress progress);
}
