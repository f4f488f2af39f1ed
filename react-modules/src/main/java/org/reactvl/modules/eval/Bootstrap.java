package org.reactvl.modules.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap of a mean of per-item outcomes (hit = 1, miss = 0): resample the items
 * with replacement {@code resamples} times and take the 2.5th and 97.5th percentiles of the
 * resampled means. The same seed gives the same interval. Immutable and thread-safe.
 *
 * @param resamples number of bootstrap samples, at least 100 (1000 is customary)
 * @param seed the random seed
 */
public record Bootstrap(int resamples, long seed) {
  /** 1000 resamples, seed 0. */
  public static final Bootstrap DEFAULT = new Bootstrap(1000, 0);

  public Bootstrap {
    checkArgument(resamples >= 100, "resamples must be at least 100, but was %s", resamples);
  }

  /** The mean of {@code hits} with its 95% percentile interval; {@code stream} separates independent draws. */
  public Interval mean(boolean[] hits, long stream) {
    checkArgument(hits.length > 0, "there must be at least one outcome");
    int n = hits.length;
    int total = 0;
    for (boolean h : hits) {
      total += h ? 1 : 0;
    }
    double estimate = (double) total / n;
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      int s = 0;
      for (int i = 0; i < n; i++) {
        s += hits[random.nextInt(n)] ? 1 : 0;
      }
      means[r] = (double) s / n;
    }
    Arrays.sort(means);
    double lower = Math.min(estimate, percentile(means, 0.025));
    double upper = Math.max(estimate, percentile(means, 0.975));
    return new Interval(estimate, lower, upper);
  }

  /** Linear interpolation between order statistics (numpy's default). */
  private static double percentile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
