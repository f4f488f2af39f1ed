package org.reactvl.modules.train;

import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.Activation;
import org.reactvl.core.gated.GatedNames;

/**
 * One pre-norm transformer block of a CLIP tower, forward and backward by hand:
 * {@code x + g_a attn(ln_1 x)}, then {@code + g_m mlp(ln_2 x)}, with {@code g = tanh(alpha)} for
 * REACT's gated blocks and 1 otherwise, and an optional causal mask. Rows are tokens
 * ({@code [batch * tokens, width]}); attention runs as batched GEMMs over {@code [batch, heads,
 * tokens, headWidth]}.
 *
 * <p>The backward pass computes the weight gradients only when the block trains and the input
 * gradient only when something before it needs one: frozen blocks cost one input-gradient pass.
 * Stateless apart from its shape; thread-safe.
 *
 * @param prefix the parameters' name prefix, e.g. {@code visual.transformer.resblocks.3.}
 * @param gated whether the two branches are scaled by {@code tanh(alpha_attn)}, {@code tanh(alpha_dense)}
 * @param trainable whether the block's parameters get gradients
 * @param causalMask {@code [tokens, tokens]} of 0 and -inf added to the attention scores, or null
 */
record ResidualBlock(
    String prefix, int tokens, int width, int heads, Activation activation, double eps, boolean gated, boolean trainable, INDArray causalMask) {

  /** Builds the block, trainable when {@code trainable} accepts its first parameter's name. */
  static ResidualBlock of(
      String prefix, int tokens, int width, int heads, Activation activation, double eps, boolean gated, Predicate<String> trainable,
      INDArray causalMask) {
    return new ResidualBlock(prefix, tokens, width, heads, activation, eps, gated, trainable.test(prefix + "attn.in_proj_weight"), causalMask);
  }

  /** What the backward pass needs from the forward pass. */
  static final class Tape {
    private Kernels.Norm norm1;
    private INDArray normed1;
    private INDArray heads;
    private INDArray probabilities;
    private INDArray merged;
    private INDArray attended;
    private Kernels.Norm norm2;
    private INDArray normed2;
    private INDArray preActivation;
    private INDArray activated;
    private INDArray mlpOut;

    void free(ArrayPool pool) {
      norm1.free(pool);
      norm2.free(pool);
      for (INDArray a : new INDArray[] {normed1, heads, probabilities, merged, attended, normed2, preActivation, activated, mlpOut}) {
        pool.give(a);
      }
    }
  }

  /** The block's output (a new array); fills {@code tape} for the backward pass when it is not null. */
  INDArray forward(INDArray x, Map<String, INDArray> params, Tape tape, ArrayPool pool) {
    Kernels.Norm[] norm = new Kernels.Norm[1];
    INDArray h1 = Kernels.layerNorm(x, p(params, "ln_1.weight"), p(params, "ln_1.bias"), eps, norm, pool);
    INDArray qkv = Kernels.linear(h1, p(params, "attn.in_proj_weight"), p(params, "attn.in_proj_bias"), pool);
    long batch = x.size(0) / tokens;
    int headWidth = width / heads;
    // [3, batch, heads, tokens, headWidth]: q, k and v as contiguous slices
    boolean fused = RowKernels.applies(qkv);
    INDArray split = fused
        ? HeadLayout.split(qkv, 3, heads, tokens, pool)
        : pool.copyOf(qkv.reshape(batch, tokens, 3, heads, headWidth).permute(2, 0, 3, 1, 4));
    pool.give(qkv);
    INDArray q = split.slice(0).muli(1.0 / Math.sqrt(headWidth));
    INDArray k = split.slice(1);
    INDArray v = split.slice(2);
    INDArray scores = Nd4j.matmul(q, k, pool.take(x.dataType(), batch, heads, tokens, tokens), false, true, false);
    Kernels.softmaxRowsInPlace(scores.reshape(batch * heads * tokens, tokens), causalMask);
    INDArray context = Nd4j.matmul(scores, v, pool.take(x.dataType(), batch, heads, tokens, headWidth), false, false, false);
    INDArray merged = fused
        ? HeadLayout.merge(context.reshape(1, batch, heads, tokens, headWidth), pool)
        : pool.copyOf(context.permute(0, 2, 1, 3), x.size(0), width);
    pool.give(context);
    INDArray attended = Kernels.linear(merged, p(params, "attn.out_proj.weight"), p(params, "attn.out_proj.bias"), pool);
    INDArray x1 = pool.copyOf(attended);
    if (gated) {
      x1.muli(gate(params, GatedNames.ALPHA_ATTN));
    }
    x1.addi(x);

    Kernels.Norm[] norm2 = new Kernels.Norm[1];
    INDArray h2 = Kernels.layerNorm(x1, p(params, "ln_2.weight"), p(params, "ln_2.bias"), eps, norm2, pool);
    INDArray f = Kernels.linear(h2, p(params, "mlp.c_fc.weight"), p(params, "mlp.c_fc.bias"), pool);
    INDArray a = Kernels.activation(f, activation, pool);
    INDArray mlpOut = Kernels.linear(a, p(params, "mlp.c_proj.weight"), p(params, "mlp.c_proj.bias"), pool);
    INDArray y = pool.copyOf(mlpOut);
    if (gated) {
      y.muli(gate(params, GatedNames.ALPHA_DENSE));
    }
    y.addi(x1);
    pool.give(x1);
    if (tape == null) {
      for (INDArray t : new INDArray[] {h1, split, scores, merged, attended, h2, f, a, mlpOut}) {
        pool.give(t);
      }
      norm[0].free(pool);
      norm2[0].free(pool);
      return y;
    }
    tape.norm1 = norm[0];
    tape.heads = split;
    tape.probabilities = scores;
    tape.norm2 = norm2[0];
    tape.preActivation = f;
    // a frozen block's backward pass needs neither the inputs of its weight gradients nor its branch outputs
    tape.normed1 = trainable ? h1 : release(h1, pool);
    tape.merged = trainable ? merged : release(merged, pool);
    tape.normed2 = trainable ? h2 : release(h2, pool);
    tape.activated = trainable ? a : release(a, pool);
    tape.attended = gated && trainable ? attended : release(attended, pool);
    tape.mlpOut = gated && trainable ? mlpOut : release(mlpOut, pool);
    return y;
  }

  /**
   * Back-propagates {@code dy} (the gradient at the block's output) and frees the tape. Puts the
   * parameter gradients into {@code gradients} when the block trains.
   *
   * @return the gradient at the block's input, or null when {@code inputGradient} is false
   */
  INDArray backward(
      INDArray dy, Tape tape, Map<String, INDArray> params, Map<String, INDArray> gradients, boolean inputGradient, ArrayPool pool) {
    // mlp branch
    INDArray dm = gateBackward(dy, tape.mlpOut, GatedNames.ALPHA_DENSE, params, gradients, pool);
    INDArray da = linearBackward(dm, tape.activated, "mlp.c_proj.weight", "mlp.c_proj.bias", params, gradients, pool);
    if (dm != dy) {
      pool.give(dm);
    }
    INDArray df = Kernels.activationBackward(da, tape.preActivation, activation, pool);
    pool.give(da);
    INDArray dh2 = linearBackward(df, tape.normed2, "mlp.c_fc.weight", "mlp.c_fc.bias", params, gradients, pool);
    pool.give(df);
    INDArray[] lnGradients = trainable ? new INDArray[2] : null;
    INDArray dx1 = Kernels.layerNormBackward(dh2, tape.norm2, p(params, "ln_2.weight"), lnGradients, pool).addi(dy);
    pool.give(dh2);
    if (trainable) {
      gradients.put(prefix + "ln_2.weight", lnGradients[0]);
      gradients.put(prefix + "ln_2.bias", lnGradients[1]);
    }

    // attention branch
    INDArray dattn = gateBackward(dx1, tape.attended, GatedNames.ALPHA_ATTN, params, gradients, pool);
    INDArray dmerged = linearBackward(dattn, tape.merged, "attn.out_proj.weight", "attn.out_proj.bias", params, gradients, pool);
    if (dattn != dx1) {
      pool.give(dattn);
    }
    INDArray dqkv = attentionBackward(dmerged, tape, dy.size(0), pool);
    pool.give(dmerged);
    if (trainable) {
      gradients.put(prefix + "attn.in_proj_weight", Kernels.linearWeightGradient(dqkv, tape.normed1));
      gradients.put(prefix + "attn.in_proj_bias", Kernels.columnSums(dqkv));
    }
    INDArray dx = null;
    if (inputGradient || trainable) {
      INDArray dh1 = Kernels.matmul(dqkv, p(params, "attn.in_proj_weight"), false, false, pool);
      INDArray[] ln1 = trainable ? new INDArray[2] : null;
      INDArray d = Kernels.layerNormBackward(dh1, tape.norm1, p(params, "ln_1.weight"), ln1, pool);
      pool.give(dh1);
      if (trainable) {
        gradients.put(prefix + "ln_1.weight", ln1[0]);
        gradients.put(prefix + "ln_1.bias", ln1[1]);
      }
      if (inputGradient) {
        dx = d.addi(dx1);
      } else {
        pool.give(d);
      }
    }
    pool.give(dqkv);
    pool.give(dx1);
    tape.free(pool);
    return dx;
  }

  private static INDArray release(INDArray a, ArrayPool pool) {
    pool.give(a);
    return null;
  }

  /** From the gradient at the merged heads {@code [rows, width]} to the gradient at qkv {@code [rows, 3 width]}. */
  private INDArray attentionBackward(INDArray dmerged, Tape tape, long rows, ArrayPool pool) {
    long batch = rows / tokens;
    int headWidth = width / heads;
    INDArray q = tape.heads.slice(0);
    INDArray k = tape.heads.slice(1);
    INDArray v = tape.heads.slice(2);
    INDArray p = tape.probabilities;
    DataType dtype = dmerged.dataType();
    boolean fused = RowKernels.applies(dmerged);
    INDArray dcontext = fused
        ? HeadLayout.split(dmerged, 1, heads, tokens, pool).reshape(batch, heads, tokens, headWidth)
        : pool.copyOf(dmerged.reshape(batch, tokens, heads, headWidth).permute(0, 2, 1, 3));
    INDArray dp = Nd4j.matmul(dcontext, v, pool.take(dtype, batch, heads, tokens, tokens), false, true, false);
    // dq, dk and dv go straight into their contiguous slices of [3, batch, heads, tokens, headWidth]
    INDArray dsplit = pool.take(dtype, 3, batch, heads, tokens, headWidth);
    Nd4j.matmul(p, dcontext, dsplit.slice(2), true, false, false);
    pool.give(dcontext);
    Kernels.softmaxRowsBackwardInPlace(dp.reshape(batch * heads * tokens, tokens), p.reshape(batch * heads * tokens, tokens), pool);
    Nd4j.matmul(dp, k, dsplit.slice(0), false, false, false).muli(1.0 / Math.sqrt(headWidth));
    // q holds the scaled queries, so dk = ds^T (q / sqrt(d)) needs no further scaling
    Nd4j.matmul(dp, q, dsplit.slice(1), true, false, false);
    pool.give(dp);
    INDArray dqkv = fused ? HeadLayout.merge(dsplit, pool) : pool.copyOf(dsplit.permute(1, 3, 0, 2, 4), rows, 3L * width);
    pool.give(dsplit);
    return dqkv;
  }

  /**
   * The gradient at a branch's output from the gradient {@code dy} after its gate; puts the gate's
   * gradient when the block trains. Returns {@code dy} itself for an ungated block.
   */
  private INDArray gateBackward(INDArray dy, INDArray branchOut, String alpha, Map<String, INDArray> params, Map<String, INDArray> gradients, ArrayPool pool) {
    if (!gated) {
      return dy;
    }
    if (trainable) {
      gradients.put(prefix + alpha, gateGradient(dy, branchOut, params, alpha, pool));
    }
    return pool.copyOf(dy).muli(gate(params, alpha));
  }

  /** A linear layer's input gradient {@code dy W}; puts the weight and bias gradients when the block trains. */
  private INDArray linearBackward(
      INDArray dy, INDArray input, String weight, String bias, Map<String, INDArray> params, Map<String, INDArray> gradients, ArrayPool pool) {
    if (trainable) {
      gradients.put(prefix + weight, Kernels.linearWeightGradient(dy, input));
      gradients.put(prefix + bias, Kernels.columnSums(dy));
    }
    return Kernels.matmul(dy, p(params, weight), false, false, pool);
  }

  /** d loss / d alpha for a branch {@code out} scaled by {@code tanh(alpha)}: {@code sum(dy out) (1 - tanh^2)}, 0-d. */
  private INDArray gateGradient(INDArray dy, INDArray out, Map<String, INDArray> params, String alpha, ArrayPool pool) {
    double g = gate(params, alpha);
    INDArray product = pool.copyOf(dy).muli(out);
    double sum = product.sumNumber().doubleValue();
    pool.give(product);
    return Nd4j.scalar(dy.dataType(), sum * (1 - g * g));
  }

  private double gate(Map<String, INDArray> params, String alpha) {
    return Math.tanh(p(params, alpha).getDouble(0));
  }

  private INDArray p(Map<String, INDArray> params, String name) {
    INDArray a = params.get(prefix + name);
    if (a == null) {
      throw new IllegalArgumentException("parameter '" + prefix + name + "' is missing");
    }
    return a;
  }
}
