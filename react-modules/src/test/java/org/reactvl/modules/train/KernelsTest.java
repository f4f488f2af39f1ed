package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.Activation;

/**
 * Each kernel's backward pass against central differences of its forward pass, in float64 at small
 * odd sizes (the reference path), and the fused float32 kernels (layer norm, activations, softmax,
 * row scatter) against that reference.
 */
class KernelsTest {
  private static final double H = 1e-6;

  @Test
  void should_match_finite_differences_for_layer_norm() {
    NormInputs in = NormInputs.draw(new Random(1), 5, 7);
    INDArray x = in.x();
    INDArray gain = in.gain();
    INDArray bias = in.bias();
    INDArray weights = in.dy();
    try (ArrayPool pool = new ArrayPool()) {
      Kernels.Norm[] cache = new Kernels.Norm[1];
      Kernels.layerNorm(x, gain, bias, 1e-5, cache, pool);
      INDArray[] gains = new INDArray[2];
      INDArray dx = Kernels.layerNormBackward(weights, cache[0], gain, gains, pool);
      ToDoubleFunction<INDArray> loss = input -> weighted(Kernels.layerNorm(input, gain, bias, 1e-5, new Kernels.Norm[1], pool), weights);
      assertGradient(loss, x, dx);
      assertGradient(g -> weighted(Kernels.layerNorm(x, g, bias, 1e-5, new Kernels.Norm[1], pool), weights), gain, gains[0]);
      assertGradient(b -> weighted(Kernels.layerNorm(x, gain, b, 1e-5, new Kernels.Norm[1], pool), weights), bias, gains[1]);
    }
  }

  @Test
  void should_fuse_float32_layer_norm_to_the_float64_reference() {
    NormInputs in = NormInputs.draw(new Random(2), 9, 13);
    INDArray x = in.x();
    INDArray gain = in.gain();
    INDArray bias = in.bias();
    INDArray dy = in.dy();
    try (ArrayPool pool = new ArrayPool()) {
      Kernels.Norm[] reference = new Kernels.Norm[1];
      INDArray expected = Kernels.layerNorm(x, gain, bias, 1e-5, reference, pool);
      INDArray[] expectedGains = new INDArray[2];
      INDArray expectedDx = Kernels.layerNormBackward(dy, reference[0], gain, expectedGains, pool);
      Kernels.Norm[] fused = new Kernels.Norm[1];
      INDArray actual = Kernels.layerNorm(f32(x), f32(gain), f32(bias), 1e-5, fused, pool);
      INDArray[] actualGains = new INDArray[2];
      INDArray actualDx = Kernels.layerNormBackward(f32(dy), fused[0], f32(gain), actualGains, pool);
      assertClose(actual, expected);
      assertClose(actualDx, expectedDx);
      assertClose(actualGains[0], expectedGains[0]);
      assertClose(actualGains[1], expectedGains[1]);
    }
  }

  @Test
  void should_match_finite_differences_for_each_activation() {
    for (Activation act : Activation.values()) {
      Random random = new Random(act.ordinal());
      INDArray x = gaussian(random, 3, 5).muli(2);
      INDArray weights = gaussian(random, 3, 5);
      try (ArrayPool pool = new ArrayPool()) {
        INDArray dx = Kernels.activationBackward(weights, x, act, pool);
        assertGradient(input -> weighted(Kernels.activation(input, act, pool), weights), x, dx);
      }
    }
  }

  @Test
  void should_match_finite_differences_for_row_softmax() {
    Random random = new Random(4);
    INDArray z = gaussian(random, 3, 5);
    INDArray weights = gaussian(random, 3, 5);
    try (ArrayPool pool = new ArrayPool()) {
      INDArray p = Kernels.softmaxRowsInPlace(z.dup(), null);
      INDArray dz = Kernels.softmaxRowsBackwardInPlace(weights.dup(), p, pool);
      assertGradient(input -> weighted(Kernels.softmaxRowsInPlace(input.dup(), null), weights), z, dz);
    }
  }

  @Test
  void should_fuse_float32_activations_to_the_float64_reference() {
    // from deep in the negative tail (where GELU is a tiny product) to the saturated positive side
    INDArray x = Nd4j.linspace(-9, 9, 7 * 103, DataType.DOUBLE).reshape(7, 103);
    INDArray dy = gaussian(new Random(6), 7, 103);
    for (Activation act : Activation.values()) {
      try (ArrayPool pool = new ArrayPool()) {
        assertTight(Kernels.activation(f32(x), act, pool), Kernels.activation(x, act, pool));
        assertTight(Kernels.activationBackward(f32(dy), f32(x), act, pool), Kernels.activationBackward(dy, x, act, pool));
      }
    }
  }

  @Test
  void should_fuse_float32_masked_row_softmax_to_the_float64_reference() {
    // 4 blocks of 5 rows of width 5, each row masked causally by its position in its block
    Random random = new Random(7);
    INDArray z = gaussian(random, 20, 5).muli(3);
    INDArray dp = gaussian(random, 20, 5);
    INDArray mask = Nd4j.zeros(DataType.DOUBLE, 5, 5);
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        mask.putScalar(i, j, Double.NEGATIVE_INFINITY);
      }
    }
    try (ArrayPool pool = new ArrayPool()) {
      INDArray expected = Kernels.softmaxRowsInPlace(z.dup(), mask);
      INDArray actual = Kernels.softmaxRowsInPlace(f32(z), f32(mask));
      assertTight(actual, expected);
      assertThat(actual.getFloat(0, 1)).isZero();
      assertTight(Kernels.softmaxRowsBackwardInPlace(f32(dp), actual, pool), Kernels.softmaxRowsBackwardInPlace(dp.dup(), expected, pool));
    }
  }

  @Test
  void should_scatter_rows_like_one_addition_per_row() {
    Random random = new Random(8);
    INDArray rows = gaussian(random, 6, 4).castTo(DataType.FLOAT);
    int[] targets = {2, 0, 2, 5, 2, 0};
    INDArray expected = Nd4j.zeros(DataType.FLOAT, 7, 4);
    for (int r = 0; r < targets.length; r++) {
      expected.getRow(targets[r]).addi(rows.getRow(r));
    }
    INDArray actual = Nd4j.zeros(DataType.FLOAT, 7, 4);
    RowKernels.addRows(rows, targets, actual);
    assertThat(actual.toFloatMatrix()).isDeepEqualTo(expected.toFloatMatrix());
  }

  @Test
  void should_match_finite_differences_for_a_causal_gated_block() {
    // 3 sequences of 5 tokens, width 6 in 2 heads, MLP width 10; gates open so both branches matter
    Random random = new Random(5);
    String prefix = "b.";
    java.util.Map<String, INDArray> params = blockParams(random, prefix);
    ResidualBlock block = causalBlock(prefix, DataType.DOUBLE);
    INDArray x = gaussian(random, 15, 6);
    INDArray weights = gaussian(random, 15, 6);
    try (ArrayPool pool = new ArrayPool()) {
      ResidualBlock.Tape tape = new ResidualBlock.Tape();
      block.forward(x, params, tape, pool);
      java.util.Map<String, INDArray> gradients = new java.util.HashMap<>();
      INDArray dx = block.backward(weights.dup(), tape, params, gradients, true, pool);
      ToDoubleFunction<INDArray> loss = input -> weighted(block.forward(input, params, null, pool), weights);
      assertGradient(loss, x, dx);
      for (String name : new String[] {"attn.in_proj_weight", "attn.out_proj.bias", "ln_1.weight", "mlp.c_fc.weight", "ln_2.bias", "alpha_attn", "alpha_dense"}) {
        INDArray p = params.get(prefix + name);
        assertGradient(v -> {
          INDArray saved = params.put(prefix + name, v);
          double l = weighted(block.forward(x, params, null, pool), weights);
          params.put(prefix + name, saved);
          return l;
        }, p, gradients.get(prefix + name));
      }
    }
  }

  @Test
  void should_run_a_float32_causal_gated_block_like_the_float64_reference() {
    // the fused float32 path (layer norm, head moves, softmax, GELU, bias sums) against float64 ND4J
    Random random = new Random(9);
    String prefix = "b.";
    java.util.Map<String, INDArray> params = blockParams(random, prefix);
    java.util.Map<String, INDArray> params32 = new java.util.HashMap<>();
    params.forEach((name, a) -> params32.put(name, f32(a)));
    INDArray x = gaussian(random, 15, 6);
    INDArray dy = gaussian(random, 15, 6);
    try (ArrayPool pool = new ArrayPool()) {
      ResidualBlock reference = causalBlock(prefix, DataType.DOUBLE);
      ResidualBlock.Tape tape = new ResidualBlock.Tape();
      INDArray expected = reference.forward(x, params, tape, pool).dup();
      java.util.Map<String, INDArray> expectedGradients = new java.util.HashMap<>();
      INDArray expectedDx = reference.backward(dy.dup(), tape, params, expectedGradients, true, pool);

      ResidualBlock fused = causalBlock(prefix, DataType.FLOAT);
      ResidualBlock.Tape tape32 = new ResidualBlock.Tape();
      assertClose(fused.forward(f32(x), params32, tape32, pool), expected);
      java.util.Map<String, INDArray> gradients = new java.util.HashMap<>();
      assertClose(fused.backward(f32(dy), tape32, params32, gradients, true, pool), expectedDx);
      assertThat(gradients.keySet()).isEqualTo(expectedGradients.keySet());
      gradients.forEach((name, g) -> assertClose(g, expectedGradients.get(name)));
    }
  }

  /** A gated block's parameters (width 6, MLP width 10) in float64, gates open so both branches matter. */
  private static java.util.Map<String, INDArray> blockParams(Random random, String prefix) {
    java.util.Map<String, INDArray> params = new java.util.HashMap<>();
    org.reactvl.core.clip.ClipWeights.blockShapes(prefix, 6, 10).forEach((name, shape) -> params.put(name, gaussian(random, 1, (int) product(shape)).reshape(shape).muli(0.5)));
    params.put(prefix + "alpha_attn", Nd4j.scalar(DataType.DOUBLE, 0.7));
    params.put(prefix + "alpha_dense", Nd4j.scalar(DataType.DOUBLE, -0.4));
    return params;
  }

  /** A trainable gated GELU block over sequences of 5 tokens, width 6 in 2 heads, causally masked. */
  private static ResidualBlock causalBlock(String prefix, DataType dtype) {
    INDArray mask = Nd4j.zeros(dtype, 5, 5);
    for (int i = 0; i < 5; i++) {
      for (int j = i + 1; j < 5; j++) {
        mask.putScalar(i, j, Double.NEGATIVE_INFINITY);
      }
    }
    return new ResidualBlock(prefix, 5, 6, 2, Activation.GELU, 1e-5, true, true, mask);
  }

  /** A layer norm's input {@code [rows, width]}, gain, bias and upstream gradient, standard normal. */
  private record NormInputs(INDArray x, INDArray gain, INDArray bias, INDArray dy) {
    static NormInputs draw(Random random, int rows, int width) {
      return new NormInputs(gaussian(random, rows, width), gaussian(random, 1, width).reshape(width), gaussian(random, 1, width).reshape(width), gaussian(random, rows, width));
    }
  }

  /** Central differences at every entry of {@code at} against {@code analytic}. */
  private static void assertGradient(ToDoubleFunction<INDArray> loss, INDArray at, INDArray analytic) {
    assertThat(analytic.length()).isEqualTo(at.length());
    INDArray flatAnalytic = analytic.reshape(-1);
    for (long i = 0; i < at.length(); i++) {
      INDArray plus = at.dup();
      plus.reshape(-1).putScalar(i, at.reshape(-1).getDouble(i) + H);
      INDArray minus = at.dup();
      minus.reshape(-1).putScalar(i, at.reshape(-1).getDouble(i) - H);
      double numeric = (loss.applyAsDouble(plus) - loss.applyAsDouble(minus)) / (2 * H);
      assertThat(flatAnalytic.getDouble(i)).as("entry %s", i).isCloseTo(numeric, within(1e-6 + 1e-6 * Math.abs(numeric)));
    }
  }

  private static double weighted(INDArray y, INDArray weights) {
    return y.mul(weights).sumNumber().doubleValue();
  }

  private static void assertClose(INDArray actual, INDArray expected) {
    assertClose(actual, expected, 2e-5);
  }

  /** Float32 against float64 to a few float roundings: the fused kernels' erf is good to 1.5e-7. */
  private static void assertTight(INDArray actual, INDArray expected) {
    assertClose(actual, expected, 3e-7);
  }

  private static void assertClose(INDArray actual, INDArray expected, double tolerance) {
    double[] a = actual.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    double[] e = expected.reshape(-1).toDoubleVector();
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).as("entry %s", i).isCloseTo(e[i], within(tolerance + tolerance * Math.abs(e[i])));
    }
  }

  private static INDArray f32(INDArray a) {
    return a.castTo(DataType.FLOAT);
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static INDArray gaussian(Random random, int rows, int cols) {
    double[] d = new double[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextGaussian();
    }
    return Nd4j.createFromArray(d).reshape(rows, cols);
  }
}
