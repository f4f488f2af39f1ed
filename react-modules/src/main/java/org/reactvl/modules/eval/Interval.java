package org.reactvl.modules.eval;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A point estimate with a bootstrap confidence interval.
 *
 * @param estimate the statistic on the full sample
 * @param lower the lower percentile bound
 * @param upper the upper percentile bound
 */
public record Interval(double estimate, double lower, double upper) {
  public Interval {
    checkArgument(lower <= estimate && estimate <= upper, "an interval must satisfy lower <= estimate <= upper, but was [%s, %s, %s]", lower, estimate, upper);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f [%.4f, %.4f]", estimate, lower, upper);
  }
}
