package org.reactvl.examples.demo;

import java.util.Locale;
import org.reactvl.modules.train.TrainingListener;
import org.reactvl.modules.train.TrainingProgress;

/**
 * Shows one training run as {@link DemoProgress} tasks: one per preparation phase (caption features,
 * frozen layers), then one counting steps with the latest loss. Not thread-safe.
 */
final class TrainingTasks implements TrainingListener, AutoCloseable {
  private final DemoProgress progress;
  private final String label;
  private DemoProgress.Task task;
  private String phase;

  /** Tasks named "{@code label}: phase". */
  TrainingTasks(DemoProgress progress, String label) {
    this.progress = progress;
    this.label = label;
  }

  @Override
  public void onPreparation(String phase, int done, int total) {
    if (!phase.equals(this.phase)) {
      finishTask();
      this.phase = phase;
      task = progress.task(label + ": " + phase, total, "");
    }
    task.stepTo(done);
  }

  @Override
  public void onStart(int firstStep, int totalSteps) {
    finishTask();
    phase = null;
    task = progress.task(label + ": train", totalSteps, " steps");
    task.stepTo(firstStep);
  }

  @Override
  public void onStep(TrainingProgress step) {
    task.message(String.format(Locale.ROOT, "loss %.4f", step.loss()));
    task.stepTo(step.step());
  }

  @Override
  public void close() {
    finishTask();
  }

  private void finishTask() {
    if (task != null) {
      task.close();
      task = null;
    }
  }
}
