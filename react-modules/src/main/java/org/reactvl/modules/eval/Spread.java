package org.reactvl.modules.eval;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How a figure varies over repeated runs (training seeds): mean, sample standard deviation (0 for
 * one run), smallest and largest. Immutable.
 *
 * @param runs number of runs, at least 1
 * @param mean the mean over runs
 * @param sd the sample standard deviation (n - 1 in the denominator); 0 for a single run
 * @param min the smallest value
 * @param max the largest value
 */
public record Spread(int runs, double mean, double sd, double min, double max) {
  public Spread {
    checkArgument(runs >= 1, "runs must be at least 1, but was %s", runs);
  }

  /** The spread of {@code values}, one per run. */
  public static Spread of(double[] values) {
    checkArgument(values.length > 0, "there must be at least one run");
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = values.length == 1 ? 0 : Math.sqrt(squares / (values.length - 1));
    return new Spread(values.length, mean, sd, min, max);
  }
}
