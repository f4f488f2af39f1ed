package org.reactvl.modules.train;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer norm and softmax, forward and backward, for float32 rows, fused into one to three passes
 * over each row in plain Java, rows split across the common fork-join pool. ND4J would need eight
 * and nine elementwise passes for layer norm, five and four for softmax (with slow per-row
 * broadcasts and temporaries); the profiles put them at about a tenth of a ViT-B/32 step and of the
 * small model's step. The arithmetic is the reference's ({@link Kernels}), accumulated in double
 * per row.
 */
final class RowKernels {
  /** Elements per parallel task of the row-wise kernels. */
  private static final int ROW_GRAIN = 8 * 1024;

  private RowKernels() {}

  /** Whether the fused kernels apply: float32 arrays whose rows are contiguous. */
  static boolean applies(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a.dataType() != DataType.FLOAT || a.rank() != 2 || a.ordering() != 'c' || a.elementWiseStride() != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code xhat = (x - mean) rstd} into {@code xhat}, {@code rstd} per row into {@code inverseStd}
   * ({@code [rows, 1]}) and {@code xhat g + b} into {@code y}.
   */
  static void layerNorm(INDArray x, float[] gain, float[] bias, double eps, INDArray xhat, INDArray inverseStd, INDArray y) {
    int width = (int) x.size(1);
    FloatBuffer xs = floats(x);
    FloatBuffer hs = floats(xhat);
    FloatBuffer ys = floats(y);
    FloatBuffer rs = floats(inverseStd);
    IntStream.range(0, (int) x.size(0)).parallel().forEach(r -> {
      int base = r * width;
      double sum = 0;
      for (int i = 0; i < width; i++) {
        sum += xs.get(base + i);
      }
      float mean = (float) (sum / width);
      double squares = 0;
      for (int i = 0; i < width; i++) {
        float c = xs.get(base + i) - mean;
        squares += c * c;
      }
      float rstd = (float) (1 / Math.sqrt(squares / width + eps));
      rs.put(r, rstd);
      for (int i = 0; i < width; i++) {
        float h = (xs.get(base + i) - mean) * rstd;
        hs.put(base + i, h);
        ys.put(base + i, h * gain[i] + bias[i]);
      }
    });
  }

  /**
   * {@code dx = rstd (g dy - mean(g dy) - xhat mean(g dy xhat))} into {@code dx}; when
   * {@code gains} is not null, the gain and bias gradients ({@code sum_rows dy xhat}, {@code
   * sum_rows dy}) into {@code gains[0]} and {@code gains[1]}.
   */
  static void layerNormBackward(INDArray dy, INDArray xhat, INDArray inverseStd, float[] gain, INDArray dx, double[][] gains) {
    int rows = (int) dy.size(0);
    int width = (int) dy.size(1);
    FloatBuffer ds = floats(dy);
    FloatBuffer hs = floats(xhat);
    FloatBuffer out = floats(dx);
    FloatBuffer rs = floats(inverseStd);
    int chunks = gains == null ? 1 : ForkJoinPool.getCommonPoolParallelism() + 1;
    double[][][] partial = new double[chunks][2][width];
    IntStream.range(0, chunks).parallel().forEach(c -> {
      int from = (int) ((long) rows * c / chunks);
      int to = (int) ((long) rows * (c + 1) / chunks);
      double[] gainSum = partial[c][0];
      double[] biasSum = partial[c][1];
      IntStream rowRange = IntStream.range(from, to);
      (gains == null ? rowRange.parallel() : rowRange).forEach(r -> {
        int base = r * width;
        double centre = 0;
        double projection = 0;
        for (int i = 0; i < width; i++) {
          float d = ds.get(base + i);
          float h = hs.get(base + i);
          float g = d * gain[i];
          centre += g;
          projection += g * h;
          if (gains != null) {
            gainSum[i] += d * h;
            biasSum[i] += d;
          }
        }
        float mean1 = (float) (centre / width);
        float mean2 = (float) (projection / width);
        float rstd = rs.get(r);
        for (int i = 0; i < width; i++) {
          out.put(base + i, rstd * (ds.get(base + i) * gain[i] - mean1 - hs.get(base + i) * mean2));
        }
      });
    });
    if (gains != null) {
      for (double[][] p : partial) {
        for (int i = 0; i < width; i++) {
          gains[0][i] += p[0][i];
          gains[1][i] += p[1][i];
        }
      }
    }
  }

  /**
   * Softmax of each row of {@code z} in place, after adding row {@code r % maskRows} of {@code mask}
   * ({@code [maskRows, width]} of 0 and -inf, c-order) to row {@code r} when {@code mask} is not
   * null.
   */
  static void softmaxRows(INDArray z, float[] mask) {
    int width = (int) z.size(1);
    int maskRows = mask == null ? 1 : mask.length / width;
    FloatBuffer zs = floats(z);
    forEachChunk((int) z.size(0), Math.max(1, ROW_GRAIN / width), (from, to) -> {
      for (int r = from; r < to; r++) {
        int base = r * width;
        int maskBase = (r % maskRows) * width;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < width; i++) {
          float v = zs.get(base + i);
          if (mask != null) {
            v += mask[maskBase + i];
            zs.put(base + i, v);
          }
          max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < width; i++) {
          float e = (float) Math.exp(zs.get(base + i) - max);
          zs.put(base + i, e);
          sum += e;
        }
        for (int i = 0; i < width; i++) {
          zs.put(base + i, (float) (zs.get(base + i) / sum));
        }
      }
    });
  }

  /** Softmax backward for rows {@code p = softmax(z)}: {@code p (dp - rowsum(dp p))}, into {@code dp}. */
  static void softmaxRowsBackward(INDArray dp, INDArray p) {
    int width = (int) dp.size(1);
    FloatBuffer ds = floats(dp);
    FloatBuffer ps = floats(p);
    forEachChunk((int) dp.size(0), Math.max(1, ROW_GRAIN / width), (from, to) -> {
      for (int r = from; r < to; r++) {
        int base = r * width;
        double dot = 0;
        for (int i = 0; i < width; i++) {
          dot += ds.get(base + i) * ps.get(base + i);
        }
        float centre = (float) dot;
        for (int i = 0; i < width; i++) {
          ds.put(base + i, ps.get(base + i) * (ds.get(base + i) - centre));
        }
      }
    });
  }

  /** Adds {@code vector} ({@code [width]}) to every row of {@code y} in place: a linear layer's bias. */
  static void addToRows(INDArray y, float[] vector) {
    int width = (int) y.size(1);
    FloatBuffer ys = floats(y);
    forEachChunk((int) y.size(0), Math.max(1, ROW_GRAIN / width), (from, to) -> {
      for (int r = from; r < to; r++) {
        int base = r * width;
        for (int i = 0; i < width; i++) {
          ys.put(base + i, ys.get(base + i) + vector[i]);
        }
      }
    });
  }

  /**
   * The sum of each column of {@code dy} ({@code [rows, width]}), accumulated in double: a bias
   * gradient. The rows are split into a fixed number of blocks whose sums are added in order, so
   * the result does not depend on the scheduling.
   */
  static double[] columnSums(INDArray dy) {
    int rows = (int) dy.size(0);
    int width = (int) dy.size(1);
    FloatBuffer ds = floats(dy);
    int blocks = ForkJoinPool.getCommonPoolParallelism() + 1;
    double[][] partial = new double[blocks][width];
    IntStream.range(0, blocks).parallel().forEach(b -> {
      double[] sums = partial[b];
      for (int r = (int) ((long) rows * b / blocks); r < (int) ((long) rows * (b + 1) / blocks); r++) {
        int base = r * width;
        for (int i = 0; i < width; i++) {
          sums[i] += ds.get(base + i);
        }
      }
    });
    double[] total = new double[width];
    for (double[] sums : partial) {
      for (int i = 0; i < width; i++) {
        total[i] += sums[i];
      }
    }
    return total;
  }

  /**
   * Adds row {@code r} of {@code rows} to row {@code targets[r]} of {@code table}, in the order of
   * {@code r} (the scatter of an embedding lookup's gradient; one native op per row would cost more
   * than the additions).
   */
  static void addRows(INDArray rows, int[] targets, INDArray table) {
    int width = (int) rows.size(1);
    FloatBuffer from = floats(rows);
    FloatBuffer to = floats(table);
    for (int r = 0; r < targets.length; r++) {
      int base = targets[r] * width;
      for (int i = 0; i < width; i++) {
        to.put(base + i, to.get(base + i) + from.get(r * width + i));
      }
    }
  }

  /** A task over the half-open index range {@code [from, to)}. */
  @FunctionalInterface
  interface Range {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over {@code [0, count)} in chunks of about {@code grain} indices across the
   * common fork-join pool (in the caller alone when there is only one chunk). For element- or
   * row-wise work the results do not depend on the chunking or the scheduling.
   */
  static void forEachChunk(int count, int grain, Range body) {
    int chunks = Math.max(1, Math.min(count / grain, 4 * (ForkJoinPool.getCommonPoolParallelism() + 1)));
    if (chunks == 1) {
      body.run(0, count);
      return;
    }
    IntStream.range(0, chunks).parallel().forEach(c -> body.run((int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks)));
  }

  /** The array's elements from its first, as a buffer indexed from 0. */
  static FloatBuffer floats(INDArray a) {
    FloatBuffer b = a.data().asNioFloat();
    return b.position((int) a.offset()).slice();
  }
}
