package org.reactvl.core.image;

/**
 * The filter taps Pillow 9.4 uses to resample one axis with its antialiased BICUBIC filter
 * (libImaging/Resample.c, {@code precompute_coeffs}): the cubic convolution kernel with a = -0.5
 * and support 2, widened by the downscale factor, evaluated at pixel centres, normalised so each
 * output's taps sum to one, and for 8-bit images rounded to 22-bit fixed point.
 *
 * <p>Immutable; thread-safe.
 */
final class BicubicWeights {
  /** Fraction bits of the 8-bit path: 32 bits less 8 for the result and 2 for overflow. */
  static final int PRECISION_BITS = 32 - 8 - 2;

  private static final double SUPPORT = 2.0;

  private final int outSize;
  private final int taps;
  private final int[] first;
  private final int[] count;
  private final double[] weights;
  private final int[] fixedWeights;

  private BicubicWeights(int outSize, int taps, int[] first, int[] count, double[] weights) {
    this.outSize = outSize;
    this.taps = taps;
    this.first = first;
    this.count = count;
    this.weights = weights;
    this.fixedWeights = new int[weights.length];
    for (int i = 0; i < weights.length; i++) {
      double scaled = weights[i] * (1 << PRECISION_BITS);
      fixedWeights[i] = (int) (weights[i] < 0 ? scaled - 0.5 : scaled + 0.5);
    }
  }

  /** Computes the taps that map {@code inSize} input pixels onto {@code outSize} output pixels. */
  static BicubicWeights of(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = SUPPORT * filterScale;
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    double[] weights = new double[outSize * taps];
    double inverseFilterScale = 1.0 / filterScale;
    for (int out = 0; out < outSize; out++) {
      double center = (out + 0.5) * scale;
      // Pillow rounds the window ends by adding 0.5 and truncating towards zero.
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize) - min;
      double sum = 0.0;
      int base = out * taps;
      for (int x = 0; x < max; x++) {
        double w = cubic((x + min - center + 0.5) * inverseFilterScale);
        weights[base + x] = w;
        sum += w;
      }
      if (sum != 0.0) {
        for (int x = 0; x < max; x++) {
          weights[base + x] /= sum;
        }
      }
      first[out] = min;
      count[out] = max;
    }
    return new BicubicWeights(outSize, taps, first, count, weights);
  }

  /** Pillow's cubic convolution kernel, a = -0.5. */
  private static double cubic(double x) {
    double a = -0.5;
    double t = Math.abs(x);
    if (t < 1.0) {
      return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
    }
    if (t < 2.0) {
      return (((t - 5) * t + 8) * t - 4) * a;
    }
    return 0.0;
  }

  int outSize() {
    return outSize;
  }

  /** Distance between the tap lists of consecutive outputs in {@link #weight} index space. */
  int taps() {
    return taps;
  }

  /** First input pixel read for output {@code out}. */
  int first(int out) {
    return first[out];
  }

  /** Number of input pixels read for output {@code out}. */
  int count(int out) {
    return count[out];
  }

  /** First input pixel any output reads. */
  int firstUsed() {
    return first[0];
  }

  /** One past the last input pixel any output reads. */
  int endUsed() {
    return first[outSize - 1] + count[outSize - 1];
  }

  double weight(int out, int tap) {
    return weights[out * taps + tap];
  }

  int fixedWeight(int out, int tap) {
    return fixedWeights[out * taps + tap];
  }
}
