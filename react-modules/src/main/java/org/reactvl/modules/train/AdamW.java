package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter; PyTorch's {@code AdamW}), applied to named
 * float32 parameters in place, after clipping the gradients by their global L2 norm. Per element,
 * with {@code g} the clipped gradient, {@code t} the 1-based step and {@code lr} the step's rate:
 * <pre>
 *   p <- p (1 - lr wd)                       (only where decays(name))
 *   m <- b1 m + (1 - b1) g;   v <- b2 v + (1 - b2) g^2
 *   p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Written as plain loops over the arrays' memory, split across the common fork-join pool: nothing
 * is allocated per step, and the result depends on nothing but the inputs (bit for bit), which
 * resuming from a checkpoint relies on.
 * SameDiff's own updaters apply one weight decay to every parameter and update each one as soon as
 * its gradient exists, which rules out both the exclusions and global-norm clipping.
 *
 * <p>Not thread-safe. Owns its moment arrays.
 */
final class AdamW {
  /** Elements per parallel task; each element's update is independent, so chunking cannot change a bit. */
  private static final int GRAIN = 64 * 1024;
  /** Elements per block copied between a parameter's native memory and the heap. */
  private static final int BLOCK = 4096;
  /** Per thread: parameter, gradient and moment blocks. */
  private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][BLOCK]);

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final Predicate<String> decays;
  private final Map<String, INDArray> m = new TreeMap<>();
  private final Map<String, INDArray> v = new TreeMap<>();
  private int step;

  AdamW(double beta1, double beta2, double epsilon, double weightDecay, Predicate<String> decays) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decays = decays;
  }

  /** Completed steps. */
  int step() {
    return step;
  }

  /** The first and second moments by parameter name (live arrays, for checkpoints). */
  Map<String, INDArray> firstMoments() {
    return m;
  }

  Map<String, INDArray> secondMoments() {
    return v;
  }

  /** Restores moments and the step count from a checkpoint (arrays are copied). */
  void restore(int completedSteps, Map<String, INDArray> first, Map<String, INDArray> second) {
    checkArgument(completedSteps >= 0, "completed steps must be >= 0, but was %s", completedSteps);
    step = completedSteps;
    m.clear();
    v.clear();
    first.forEach((name, a) -> m.put(name, a.dup('c')));
    second.forEach((name, a) -> v.put(name, a.dup('c')));
  }

  /** The global L2 norm of {@code gradients}, accumulated in double. */
  static double globalNorm(Map<String, INDArray> gradients) {
    double sum = 0;
    float[] block = SCRATCH.get()[0];
    for (INDArray g : new TreeMap<>(gradients).values()) {
      FloatBuffer b = floats(g);
      for (int start = 0; start < b.limit(); start += BLOCK) {
        int length = Math.min(BLOCK, b.limit() - start);
        b.get(start, block, 0, length);
        for (int i = 0; i < length; i++) {
          double x = block[i];
          sum += x * x;
        }
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * One update of every parameter that has a gradient.
   *
   * @param gradientScale multiplies every gradient (the clipping factor; 1 for none)
   */
  void update(Map<String, INDArray> params, Map<String, INDArray> gradients, double lr, double gradientScale) {
    step++;
    double bias1 = 1 - Math.pow(beta1, step);
    double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    double stepSize = lr / bias1;
    for (Map.Entry<String, INDArray> e : new TreeMap<>(gradients).entrySet()) {
      String name = e.getKey();
      INDArray p = params.get(name);
      checkArgument(p != null, "no parameter '%s' for its gradient", name);
      checkArgument(p.dataType() == DataType.FLOAT && !p.isView() && p.ordering() == 'c', "parameter '%s' must be a dense FLOAT array", name);
      INDArray mArr = m.computeIfAbsent(name, k -> Nd4j.zeros(DataType.FLOAT, p.shape()));
      INDArray vArr = v.computeIfAbsent(name, k -> Nd4j.zeros(DataType.FLOAT, p.shape()));
      FloatBuffer pb = p.data().asNioFloat();
      FloatBuffer gb = floats(e.getValue());
      FloatBuffer mb = mArr.data().asNioFloat();
      FloatBuffer vb = vArr.data().asNioFloat();
      double decay = decays.test(name) ? 1 - lr * weightDecay : 1;
      int n = (int) p.length();
      checkArgument(gb.limit() == n, "gradient of '%s' must have %s values, but had %s", name, n, gb.limit());
      RowKernels.forEachChunk(n, GRAIN, (from, to) -> {
        // blocks copied to heap arrays, where the JIT vectorises the loop (not over direct buffers)
        float[][] scratch = SCRATCH.get();
        float[] ps = scratch[0];
        float[] gs = scratch[1];
        float[] ms = scratch[2];
        float[] vs = scratch[3];
        for (int start = from; start < to; start += BLOCK) {
          int length = Math.min(BLOCK, to - start);
          pb.get(start, ps, 0, length);
          gb.get(start, gs, 0, length);
          mb.get(start, ms, 0, length);
          vb.get(start, vs, 0, length);
          for (int i = 0; i < length; i++) {
            double g = gs[i] * gradientScale;
            double mi = beta1 * ms[i] + (1 - beta1) * g;
            double vi = beta2 * vs[i] + (1 - beta2) * g * g;
            ms[i] = (float) mi;
            vs[i] = (float) vi;
            double denom = Math.sqrt((float) vi) / bias2Sqrt + epsilon;
            ps[i] = (float) (ps[i] * decay - stepSize * (float) mi / denom);
          }
          pb.put(start, ps, 0, length);
          mb.put(start, ms, 0, length);
          vb.put(start, vs, 0, length);
        }
      });
    }
  }

  private static FloatBuffer floats(INDArray a) {
    INDArray dense = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    checkArgument(dense.dataType() == DataType.FLOAT, "gradients must be FLOAT, but one was %s", dense.dataType());
    FloatBuffer b = dense.data().asNioFloat();
    return b.limit((int) dense.length());
  }
}
