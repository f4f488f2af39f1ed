package org.reactvl.modules.train;

import java.nio.file.Path;

/**
 * Follows a training run, for progress bars and logs, and may ask it to stop. Every method has an
 * empty default; {@link Customizer#fit} calls them on its own thread, in order.
 *
 * <pre>{@code
 * TrainingListener bar = new TrainingListener() {
 *   public void onStep(TrainingProgress p) { System.err.printf("\rstep %d/%d loss %.3f", p.step(), p.totalSteps(), p.loss()); }
 * };
 * }</pre>
 */
public interface TrainingListener {
  /** A preparation phase ("caption features", "frozen layers") advanced to {@code done} of {@code total}. */
  default void onPreparation(String phase, int done, int total) {}

  /** Training starts at step {@code firstStep} (0, or the step a checkpoint resumes from) of {@code totalSteps}. */
  default void onStart(int firstStep, int totalSteps) {}

  /** A step finished. */
  default void onStep(TrainingProgress progress) {}

  /** A checkpoint of the state after {@code step} steps was written to {@code directory}. */
  default void onCheckpoint(int step, Path directory) {}

  /**
   * Polled after every step: when true, the run writes a checkpoint (if checkpoints are configured)
   * and returns early with an incomplete {@link TrainingReport}.
   */
  default boolean stopRequested() {
    return false;
  }
}
