package org.reactvl.modules.train;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.Activation;

/**
 * The MLP activations and their derivatives for float32 arrays, each in one pass over memory in
 * plain Java, chunks split across the common fork-join pool. ND4J needs five native passes for the
 * erf GELU's forward and ten for its backward, each a full sweep of the MLP's widest array plus an
 * op dispatch; the profile of the small model's FULL step put them at about a fifth of the step.
 * Every element is computed in double and rounded once, so the results are deterministic; the erf
 * approximation (absolute error below 1.5e-7) keeps them within float precision of the reference path
 * in {@link Kernels}, which {@code KernelsTest} checks.
 */
final class ActivationKernels {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double TANH_GELU_C = Math.sqrt(2 / Math.PI);
  private static final double TANH_GELU_K = 0.044715;
  private static final double QUICK_GELU_K = 1.702;
  /** Elements per parallel task: large enough to amortise the fork, small enough to balance two cores. */
  private static final int GRAIN = 16 * 1024;

  // Abramowitz and Stegun, Handbook of Mathematical Functions, formula 7.1.26:
  // erfc(z) = t (A1 + t (A2 + t (A3 + t (A4 + t A5)))) exp(-z^2), t = 1 / (1 + P z), z >= 0,
  // with an absolute error below 1.5e-7.
  private static final double P = 0.3275911;
  private static final double A1 = 0.254829592;
  private static final double A2 = -0.284496736;
  private static final double A3 = 1.421413741;
  private static final double A4 = -1.453152027;
  private static final double A5 = 1.061405429;

  private ActivationKernels() {}

  /** {@code act(x)} into {@code y} (same shape, may be {@code x} itself). */
  static void forward(INDArray x, Activation act, INDArray y) {
    FloatBuffer xs = RowKernels.floats(x);
    FloatBuffer ys = RowKernels.floats(y);
    RowKernels.forEachChunk((int) x.length(), GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        double v = xs.get(i);
        ys.put(i, (float) value(act, v));
      }
    });
  }

  /** {@code dy * act'(x)} into {@code dx} (same shape, may be {@code dy} itself). */
  static void backward(INDArray dy, INDArray x, Activation act, INDArray dx) {
    FloatBuffer ds = RowKernels.floats(dy);
    FloatBuffer xs = RowKernels.floats(x);
    FloatBuffer out = RowKernels.floats(dx);
    RowKernels.forEachChunk((int) x.length(), GRAIN, (from, to) -> {
      for (int i = from; i < to; i++) {
        out.put(i, (float) (ds.get(i) * slope(act, xs.get(i))));
      }
    });
  }

  private static double value(Activation act, double x) {
    return switch (act) {
      case QUICK_GELU -> x / (1 + Math.exp(-QUICK_GELU_K * x));
      case GELU -> x * normalCdf(x, Math.exp(-0.5 * x * x));
      case GELU_TANH -> 0.5 * x * (1 + tanh(TANH_GELU_C * (x + TANH_GELU_K * x * x * x)));
    };
  }

  private static double slope(Activation act, double x) {
    return switch (act) {
      case QUICK_GELU -> {
        double s = 1 / (1 + Math.exp(-QUICK_GELU_K * x));
        yield s + QUICK_GELU_K * x * s * (1 - s);
      }
      case GELU -> {
        // Phi(x) + x phi(x); the density's exp(-x^2 / 2) also serves the cdf
        double e = Math.exp(-0.5 * x * x);
        yield normalCdf(x, e) + x * INV_SQRT_2PI * e;
      }
      case GELU_TANH -> {
        double t = tanh(TANH_GELU_C * (x + TANH_GELU_K * x * x * x));
        yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * TANH_GELU_C * (1 + 3 * TANH_GELU_K * x * x);
      }
    };
  }

  /**
   * The standard normal cdf {@code Phi(x) = erfc(-x / sqrt 2) / 2} given {@code e = exp(-x^2 / 2)}.
   * The tail is taken from the erfc form directly, so it keeps its relative accuracy far below 0.
   */
  static double normalCdf(double x, double e) {
    double t = 1 / (1 + P * SQRT_HALF * Math.abs(x));
    double tail = 0.5 * t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5)))) * e;
    return x < 0 ? tail : 1 - tail;
  }

  /** {@code tanh(u)} through one exp (Math.tanh is not an intrinsic): {@code 1 - 2 / (exp(2u) + 1)}. */
  private static double tanh(double u) {
    return 1 - 2 / (Math.exp(2 * u) + 1);
  }
}
