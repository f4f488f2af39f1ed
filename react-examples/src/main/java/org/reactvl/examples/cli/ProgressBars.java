package org.reactvl.examples.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.reactvl.index.pool.IndexingListener;

/** A text progress bar on the error stream (me.tongfei:progressbar), driven by indexing reports. */
final class ProgressBars implements IndexingListener, AutoCloseable {
  private final ProgressBar bar;
  private boolean closed;

  ProgressBars(String task, long total, PrintWriter err) {
    this.bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setUnit(" pairs", 1)
        .showSpeed()
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
    bar.maxHint(progress.total());
    bar.stepTo(progress.done());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      bar.close();
    }
  }
}
