package org.reactvl.index.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * Where an indexing run stands, as reported after each batch. Immutable.
 *
 * @param done pairs handled so far (embedded, already stored or skipped)
 * @param total pairs in the pool
 * @param embedded pairs embedded into at least one store so far
 * @param alreadyStored pairs skipped because every target store already held them
 * @param badImages pairs skipped because their image could not be read
 * @param elapsed time since the run started
 */
public record IndexingProgress(
    long done, long total, long embedded, long alreadyStored, long badImages, Duration elapsed) {

  public IndexingProgress {
    if (done < 0 || total < 0 || done > total) {
      throw new IllegalArgumentException("done must be in [0, total=" + total + "], but was " + done);
    }
    Objects.requireNonNull(elapsed, "elapsed must not be null");
  }

  /** Pairs handled per second so far (0 before any time has passed). */
  public double rate() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? done / seconds : 0;
  }

  /** {@code done / total}, 1 for an empty pool. */
  public double fraction() {
    return total == 0 ? 1 : (double) done / total;
  }
}
