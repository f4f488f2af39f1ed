package org.reactvl.modules.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile bootstrap of a mean of per-item outcomes (hit = 1, miss = 0, or a share of
 * runs), or of the paired difference of two models' outcomes on the same items: resample the items
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
    double[] values = new double[hits.length];
    for (int i = 0; i < hits.length; i++) {
      values[i] = hits[i] ? 1 : 0;
    }
    return mean(values, stream);
  }

  /**
   * The mean of per-item {@code values} (for example the share of seeds that classified an image
   * right) with its 95% percentile interval.
   */
  public Interval mean(double[] values, long stream) {
    checkArgument(values.length > 0, "there must be at least one outcome");
    int n = values.length;
    double total = 0;
    for (double v : values) {
      checkArgument(Double.isFinite(v), "outcomes must be finite, but one was %s", v);
      total += v;
    }
    double estimate = total / n;
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream);
    double[] means = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += values[random.nextInt(n)];
      }
      means[r] = s / n;
    }
    Arrays.sort(means);
    double lower = Math.min(estimate, percentile(means, 0.025));
    double upper = Math.max(estimate, percentile(means, 0.975));
    return new Interval(estimate, lower, upper);
  }

  /**
   * The paired difference mean(a) - mean(b) of two models' outcomes on the same items, with its 95%
   * interval: items are resampled together, so what both get right or wrong cancels and the interval
   * is much narrower than two separate intervals suggest.
   *
   * @throws IllegalArgumentException if the arrays differ in length (they must describe the same items)
   */
  public Interval pairedDifference(double[] a, double[] b, long stream) {
    checkArgument(a.length == b.length, "paired outcomes must describe the same items, but there were %s and %s", a.length, b.length);
    double[] differences = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      differences[i] = a[i] - b[i];
    }
    return mean(differences, stream);
  }

  /** Linear interpolation between order statistics (numpy's default). */
  private static double percentile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
