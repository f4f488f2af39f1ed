package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.reactvl.modules.CustomizationListener;
import org.reactvl.modules.train.TrainingProgress;

/**
 * Shows a training run on the error stream: one bar per preparation phase (caption features, frozen
 * layers), then one counting trained samples, with samples/s and the latest loss.
 */
final class TrainingProgressBar implements CustomizationListener, AutoCloseable {
  private final PrintWriter err;
  private final int batchSize;
  private ProgressBars bar;
  private String phase;

  TrainingProgressBar(PrintWriter err, int batchSize) {
    this.err = err;
    this.batchSize = batchSize;
  }

  @Override
  public void onPreparation(String phase, int done, int total) {
    if (!phase.equals(this.phase)) {
      finishBar();
      this.phase = phase;
      bar = new ProgressBars(phase, total, "", 0, err);
    }
    bar.stepTo(done, total);
  }

  @Override
  public void onStart(int firstStep, int totalSteps) {
    finishBar();
    phase = null;
    bar = new ProgressBars("train", (long) totalSteps * batchSize, " samples", (long) firstStep * batchSize, err);
  }

  @Override
  public void onStep(TrainingProgress progress) {
    bar.message(String.format(Locale.ROOT, " loss %.4f", progress.loss()));
    bar.stepTo((long) progress.step() * batchSize, (long) progress.totalSteps() * batchSize);
  }

  @Override
  public void close() {
    finishBar();
  }

  private void finishBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
