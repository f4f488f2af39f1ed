package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * open_clip's learning-rate schedule: a linear warm-up to {@code baseRate} over {@code warmupSteps}
 * steps ({@code baseRate * (step + 1) / warmupSteps}), then a cosine decay to 0 at
 * {@code totalSteps}: {@code baseRate * (1 + cos(pi * (step - warmupSteps) / (totalSteps - warmupSteps))) / 2}.
 *
 * @param baseRate peak learning rate, positive
 * @param warmupSteps steps of linear warm-up, in [0, totalSteps]
 * @param totalSteps steps of the whole run, positive
 */
public record LearningRateSchedule(double baseRate, int warmupSteps, int totalSteps) {
  public LearningRateSchedule {
    checkArgument(baseRate > 0 && Double.isFinite(baseRate), "baseRate must be positive, but was %s", baseRate);
    checkArgument(totalSteps > 0, "totalSteps must be positive, but was %s", totalSteps);
    checkArgument(warmupSteps >= 0 && warmupSteps <= totalSteps, "warmupSteps must be in [0, %s], but was %s", totalSteps, warmupSteps);
  }

  /** The rate for step {@code step} (0-based). */
  public double rateAt(int step) {
    checkArgument(step >= 0, "step must be >= 0, but was %s", step);
    if (step < warmupSteps) {
      return baseRate * (step + 1) / warmupSteps;
    }
    int decaySteps = totalSteps - warmupSteps;
    if (decaySteps == 0) {
      return baseRate;
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    return 0.5 * (1 + Math.cos(Math.PI * progress)) * baseRate;
  }
}
