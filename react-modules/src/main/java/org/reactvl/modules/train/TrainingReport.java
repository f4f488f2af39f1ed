package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * What a training run did.
 *
 * @param lossCurve the loss of every step done so far, including steps of earlier, resumed runs
 * @param firstStep the step this run started at (0, or where a checkpoint resumed it)
 * @param stepsDone steps completed, in total ({@code lossCurve.length})
 * @param totalSteps steps the run was planned for
 * @param seconds wall time of this run's steps (preparation excluded)
 * @param preparationSeconds wall time spent on caption features and the prefix cache
 * @param samplesPerSecond pairs trained per second in this run
 */
public record TrainingReport(
    float[] lossCurve, int firstStep, int stepsDone, int totalSteps, double seconds, double preparationSeconds, double samplesPerSecond) {
  public TrainingReport {
    lossCurve = lossCurve.clone();
    checkArgument(stepsDone == lossCurve.length, "stepsDone must equal the loss curve's length %s, but was %s", lossCurve.length, stepsDone);
    checkArgument(firstStep >= 0 && firstStep <= stepsDone && stepsDone <= totalSteps, "steps must satisfy 0 <= first <= done <= total, but were %s, %s, %s", firstStep, stepsDone, totalSteps);
  }

  @Override
  public float[] lossCurve() {
    return lossCurve.clone();
  }

  /** Whether every planned step ran (false when the run was stopped early). */
  public boolean completed() {
    return stepsDone == totalSteps;
  }

  /** Mean wall time per step of this run. */
  public double secondsPerStep() {
    int steps = stepsDone - firstStep;
    return steps == 0 ? 0 : seconds / steps;
  }

  /** Mean loss of the first (up to) {@code n} steps of the curve. */
  public double meanLossOfFirst(int n) {
    return mean(0, Math.min(n, lossCurve.length));
  }

  /** Mean loss of the last (up to) {@code n} steps of the curve. */
  public double meanLossOfLast(int n) {
    return mean(Math.max(0, lossCurve.length - n), lossCurve.length);
  }

  private double mean(int from, int to) {
    checkArgument(to > from, "the loss curve is empty");
    double s = 0;
    for (int i = from; i < to; i++) {
      s += lossCurve[i];
    }
    return s / (to - from);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingReport r && java.util.Arrays.equals(lossCurve, r.lossCurve) && firstStep == r.firstStep
        && stepsDone == r.stepsDone && totalSteps == r.totalSteps && seconds == r.seconds
        && preparationSeconds == r.preparationSeconds && samplesPerSecond == r.samplesPerSecond;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(lossCurve) * 31 + stepsDone;
  }

  @Override
  public String toString() {
    return "TrainingReport[steps " + stepsDone + "/" + totalSteps + ", " + String.format(java.util.Locale.ROOT, "%.2f", secondsPerStep()) + " s/step, "
        + String.format(java.util.Locale.ROOT, "%.2f", samplesPerSecond) + " samples/s]";
  }
}
