package org.reactvl.examples.cli;

import java.io.PrintWriter;
import org.reactvl.examples.demo.DemoProgress;

/** Shows a demo run on the error stream: each stage as a line, each task as a progress bar. */
final class DemoProgressBars implements DemoProgress {
  private final PrintWriter err;

  DemoProgressBars(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void stage(String text) {
    err.println(text);
    err.flush();
  }

  @Override
  public Task task(String name, long total, String unit) {
    ProgressBars bar = new ProgressBars(name, total, unit, 0, err);
    return new Task() {
      private boolean closed;

      @Override
      public void stepTo(long done) {
        bar.stepTo(done, total);
      }

      @Override
      public void message(String text) {
        bar.message(" " + text);
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          bar.close();
        }
      }
    };
  }
}
