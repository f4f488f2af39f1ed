package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.reactvl.index.pool.IndexingListener;

/**
 * A text progress bar on the error stream (me.tongfei:progressbar) with a speed in its unit per
 * second; as an {@link IndexingListener} it follows indexing reports.
 */
final class ProgressBars implements IndexingListener, AutoCloseable {
  private final ProgressBar bar;
  private final PrintWriter err;
  private boolean closed;

  /** A bar counting pairs from zero. */
  ProgressBars(String task, long total, PrintWriter err) {
    this(task, total, " pairs", 0, err);
  }

  /** A bar counting {@code unit} (" samples"), starting at {@code start} (a resumed run's done work, not timed). */
  ProgressBars(String task, long total, String unit, long start, PrintWriter err) {
    this.err = err;
    this.bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(unit, 1)
        .showSpeed()
        .startsFrom(start, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new DelegatingProgressBarConsumer(line -> {
          err.print('\r');
          err.print(line);
          err.flush();
        }, 100))
        .build();
  }

  @Override
  public void onProgress(org.reactvl.index.pool.IndexingProgress progress) {
    stepTo(progress.done(), progress.total());
  }

  /** Moves the bar to {@code done} of {@code total}. */
  void stepTo(long done, long total) {
    bar.maxHint(total);
    bar.stepTo(done);
  }

  /** Text shown after the bar ("loss 1.234"). */
  void message(String text) {
    bar.setExtraMessage(text);
  }

  /** Draws the bar a last time and ends its line, so that what is printed next (an error too) starts a line of its own. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      bar.close();
      err.println();
      err.flush();
    }
  }
}
