package org.reactvl.modules.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.reactvl.core.clip.Activation;

/**
 * The forward and backward passes of the transformer's elementary pieces on plain ND4J arrays:
 * GEMMs straight into BLAS, elementwise work as native in-place ops. Every function is written for
 * 2-D row-major arrays {@code [rows, width]} and works in the arrays' own data type (float32 when
 * training, float64 in the gradient checks). Each backward function returns new arrays the caller
 * owns (large ones taken from an {@link ArrayPool}); none modifies its inputs unless its name ends
 * in {@code InPlace}.
 */
final class Kernels {
  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double TANH_GELU_C = Math.sqrt(2 / Math.PI);
  private static final double TANH_GELU_K = 0.044715;

  private Kernels() {}

  /** {@code a^(T?) b^(T?)} as a new array taken from {@code pool}. */
  static INDArray matmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB, ArrayPool pool) {
    long rows = transposeA ? a.size(1) : a.size(0);
    long cols = transposeB ? b.size(0) : b.size(1);
    INDArray c = pool.take(a.dataType(), rows, cols);
    return Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
  }

  /** {@code a^(T?) b^(T?)} as a new array the caller owns (not pooled: it leaves the step). */
  static INDArray matmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
    long rows = transposeA ? a.size(1) : a.size(0);
    long cols = transposeB ? b.size(0) : b.size(1);
    INDArray c = Nd4j.createUninitialized(a.dataType(), rows, cols);
    return Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
  }

  /** {@code x W^T + bias} for a PyTorch-layout weight {@code [out, in]} and bias {@code [out]}. */
  static INDArray linear(INDArray x, INDArray weight, INDArray bias, ArrayPool pool) {
    INDArray y = matmul(x, weight, false, true, pool);
    if (RowKernels.applies(y)) {
      RowKernels.addToRows(y, bias.toFloatVector());
      return y;
    }
    return y.addiRowVector(row(bias));
  }

  /** The gradient of {@code x W^T + b} with respect to {@code W}: {@code dy^T x}, shaped as {@code W}. */
  static INDArray linearWeightGradient(INDArray dy, INDArray x) {
    return matmul(dy, x, true, false);
  }

  /** Column sums {@code [cols]}: the gradient of a bias added to every row. */
  static INDArray columnSums(INDArray dy) {
    if (RowKernels.applies(dy)) {
      return Nd4j.createFromArray(RowKernels.columnSums(dy)).castTo(DataType.FLOAT);
    }
    return dy.sum(0);
  }

  /** A 1-D or 0-d parameter as a {@code [1, n]} row (a view). */
  static INDArray row(INDArray vector) {
    return vector.reshape(1, vector.length());
  }

  /** What layer norm keeps for its backward pass: the normalised input and 1 / std per row. */
  record Norm(INDArray normalized, INDArray inverseStd) {
    void free(ArrayPool pool) {
      pool.give(normalized);
      NativeArrays.free(inverseStd);
    }
  }

  /** Layer norm over each row with PyTorch's biased variance; {@code out[0]} receives the cache. */
  static INDArray layerNorm(INDArray x, INDArray gain, INDArray bias, double eps, Norm[] out, ArrayPool pool) {
    if (RowKernels.applies(x)) {
      INDArray xhat = pool.take(DataType.FLOAT, x.shape());
      INDArray y = pool.take(DataType.FLOAT, x.shape());
      INDArray inverseStd = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), 1);
      RowKernels.layerNorm(x, gain.toFloatVector(), bias.toFloatVector(), eps, xhat, inverseStd, y);
      out[0] = new Norm(xhat, inverseStd);
      return y;
    }
    INDArray mean = x.mean(true, 1);
    INDArray xhat = pool.copyOf(x).subiColumnVector(mean);
    INDArray inverseStd = xhat.norm2(true, 1);
    inverseStd.muli(inverseStd).divi(x.size(1)).addi(eps);
    Transforms.sqrt(inverseStd, false).rdivi(1.0);
    xhat.muliColumnVector(inverseStd);
    NativeArrays.free(mean);
    out[0] = new Norm(xhat, inverseStd);
    return pool.copyOf(xhat).muliRowVector(row(gain)).addiRowVector(row(bias));
  }

  /**
   * Layer norm backward: the input gradient {@code rstd (g dy - mean(g dy) - xhat mean(g dy xhat))};
   * {@code gains[0]}, {@code gains[1]} receive the gain and bias gradients when {@code gains} is not
   * null.
   */
  static INDArray layerNormBackward(INDArray dy, Norm cache, INDArray gain, INDArray[] gains, ArrayPool pool) {
    INDArray xhat = cache.normalized();
    if (RowKernels.applies(dy, xhat)) {
      INDArray dx = pool.take(DataType.FLOAT, dy.shape());
      double[][] sums = gains == null ? null : new double[2][(int) dy.size(1)];
      RowKernels.layerNormBackward(dy, xhat, cache.inverseStd(), gain.toFloatVector(), dx, sums);
      if (gains != null) {
        gains[0] = Nd4j.createFromArray(sums[0]).castTo(DataType.FLOAT);
        gains[1] = Nd4j.createFromArray(sums[1]).castTo(DataType.FLOAT);
      }
      return dx;
    }
    INDArray scratch = pool.copyOf(dy);
    if (gains != null) {
      gains[0] = scratch.muli(xhat).sum(0);
      gains[1] = dy.sum(0);
      scratch.assign(dy);
    }
    INDArray dxhat = scratch.muliRowVector(row(gain));
    INDArray dx = pool.copyOf(dxhat).muli(xhat);
    INDArray projection = dx.mean(true, 1);
    INDArray centre = dxhat.mean(true, 1);
    dx.assign(xhat).muliColumnVector(projection).rsubi(dxhat).subiColumnVector(centre).muliColumnVector(cache.inverseStd());
    pool.give(scratch);
    NativeArrays.free(projection);
    NativeArrays.free(centre);
    return dx;
  }

  /** The MLP's activation of {@code x} as a new array. */
  static INDArray activation(INDArray x, Activation act, ArrayPool pool) {
    if (RowKernels.applies(x)) {
      INDArray y = pool.take(DataType.FLOAT, x.shape());
      ActivationKernels.forward(x, act, y);
      return y;
    }
    INDArray y = pool.copyOf(x);
    return switch (act) {
      case QUICK_GELU -> Transforms.sigmoid(y.muli(1.702), false).muli(x);
      case GELU -> erf(y.muli(SQRT_HALF)).addi(1.0).muli(0.5).muli(x);
      case GELU_TANH -> tanhGeluInner(y, x).addi(1.0).muli(x).muli(0.5);
    };
  }

  /** {@code dy * act'(x)} as a new array. */
  static INDArray activationBackward(INDArray dy, INDArray x, Activation act, ArrayPool pool) {
    if (RowKernels.applies(dy, x)) {
      INDArray dx = pool.take(DataType.FLOAT, x.shape());
      ActivationKernels.backward(dy, x, act, dx);
      return dx;
    }
    INDArray d = pool.copyOf(x);
    switch (act) {
      case QUICK_GELU -> {
        // s + 1.702 x s (1 - s)
        INDArray s = Transforms.sigmoid(d.muli(1.702), false);
        INDArray t = pool.copyOf(s).rsubi(1.0).muli(s).muli(x).muli(1.702);
        d.addi(t);
        pool.give(t);
      }
      case GELU -> {
        // Phi(x) + x phi(x)
        erf(d.muli(SQRT_HALF)).addi(1.0).muli(0.5);
        INDArray density = pool.copyOf(x);
        Transforms.exp(density.muli(x).muli(-0.5), false).muli(INV_SQRT_2PI).muli(x);
        d.addi(density);
        pool.give(density);
      }
      case GELU_TANH -> {
        // 0.5 (1 + t) + 0.5 x (1 - t^2) c (1 + 3 k x^2)
        INDArray t = tanhGeluInner(d, x);
        INDArray slope = pool.copyOf(t);
        slope.muli(t).rsubi(1.0).muli(x).muli(0.5 * TANH_GELU_C);
        INDArray inner = pool.copyOf(x);
        inner.muli(x).muli(3 * TANH_GELU_K).addi(1.0);
        slope.muli(inner);
        t.addi(1.0).muli(0.5).addi(slope);
        pool.give(slope);
        pool.give(inner);
      }
    }
    return d.muli(dy);
  }

  private static INDArray erf(INDArray x) {
    Nd4j.exec(new Erf(x, x));
    return x;
  }

  /** {@code tanh(c (x + k x^3))} into {@code y}, which holds a copy of {@code x}. */
  private static INDArray tanhGeluInner(INDArray y, INDArray x) {
    y.muli(x).muli(x).muli(TANH_GELU_K).addi(x).muli(TANH_GELU_C);
    return Transforms.tanh(y, false);
  }

  /**
   * Softmax of each row of a 2-D array {@code [rows, width]} in place, after adding row
   * {@code r % maskRows} of {@code mask} ({@code [maskRows, width]} of 0 and -inf) to row {@code r}
   * when {@code mask} is not null.
   */
  static INDArray softmaxRowsInPlace(INDArray z, INDArray mask) {
    if (RowKernels.applies(z)) {
      RowKernels.softmaxRows(z, mask == null ? null : mask.reshape(-1).toFloatVector());
      return z;
    }
    if (mask != null) {
      long width = z.size(1);
      long maskRows = mask.size(0);
      z.reshape(z.size(0) / maskRows, maskRows * width).addiRowVector(mask.reshape(1, maskRows * width));
    }
    INDArray max = z.max(true, 1);
    z.subiColumnVector(max);
    Transforms.exp(z, false);
    INDArray sum = z.sum(true, 1);
    z.diviColumnVector(sum);
    NativeArrays.free(max);
    NativeArrays.free(sum);
    return z;
  }

  /** Softmax backward for rows {@code p = softmax(z)}: {@code p (dp - rowsum(dp p))}, into {@code dp}. */
  static INDArray softmaxRowsBackwardInPlace(INDArray dp, INDArray p, ArrayPool pool) {
    if (RowKernels.applies(dp, p)) {
      RowKernels.softmaxRowsBackward(dp, p);
      return dp;
    }
    INDArray product = pool.copyOf(dp).muli(p);
    INDArray dot = product.sum(true, 1);
    pool.give(product);
    dp.subiColumnVector(dot).muli(p);
    NativeArrays.free(dot);
    return dp;
  }
}
