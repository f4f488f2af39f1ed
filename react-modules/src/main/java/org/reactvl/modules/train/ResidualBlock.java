package org.reactvl.modules.train;

import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.Activation;

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

    void free() {
      norm1.free();
      norm2.free();
      for (INDArray a : new INDArray[] {normed1, heads, probabilities, merged, attended, normed2, preActivation, activated, mlpOut}) {
        NativeArrays.free(a);
      }
    }
  }

  /** The block's output (a new array); fills {@code tape} for the backward pass when it is not null. */
  INDArray forward(INDArray x, Map<String, INDArray> params, Tape tape) {
    Kernels.Norm[] norm = new Kernels.Norm[1];
    INDArray h1 = Kernels.layerNorm(x, p(params, "ln_1.weight"), p(params, "ln_1.bias"), eps, norm);
    INDArray qkv = Kernels.linear(h1, p(params, "attn.in_proj_weight"), p(params, "attn.in_proj_bias"));
    long batch = x.size(0) / tokens;
    int headWidth = width / heads;
    // [3, batch, heads, tokens, headWidth]: q, k and v as contiguous slices
    INDArray split = qkv.reshape(batch, tokens, 3, heads, headWidth).permute(2, 0, 3, 1, 4).dup('c');
    NativeArrays.free(qkv);
    INDArray q = split.slice(0).muli(1.0 / Math.sqrt(headWidth));
    INDArray k = split.slice(1);
    INDArray v = split.slice(2);
    INDArray scores = Nd4j.matmul(q, k, false, true, false);
    INDArray rows = scores.reshape(batch * heads * tokens, tokens);
    if (causalMask != null) {
      scores.reshape(batch * heads, (long) tokens * tokens).addiRowVector(causalMask.reshape(1, (long) tokens * tokens));
    }
    Kernels.softmaxRowsInPlace(rows);
    INDArray context = Nd4j.matmul(scores, v);
    INDArray merged = context.permute(0, 2, 1, 3).dup('c').reshape(x.size(0), width);
    NativeArrays.free(context);
    INDArray attended = Kernels.linear(merged, p(params, "attn.out_proj.weight"), p(params, "attn.out_proj.bias"));
    INDArray x1 = gated ? attended.mul(gate(params, "alpha_attn")).addi(x) : attended.add(x);

    Kernels.Norm[] norm2 = new Kernels.Norm[1];
    INDArray h2 = Kernels.layerNorm(x1, p(params, "ln_2.weight"), p(params, "ln_2.bias"), eps, norm2);
    INDArray f = Kernels.linear(h2, p(params, "mlp.c_fc.weight"), p(params, "mlp.c_fc.bias"));
    INDArray a = Kernels.activation(f, activation);
    INDArray mlpOut = Kernels.linear(a, p(params, "mlp.c_proj.weight"), p(params, "mlp.c_proj.bias"));
    INDArray y = gated ? mlpOut.mul(gate(params, "alpha_dense")).addi(x1) : mlpOut.add(x1);
    NativeArrays.free(x1);
    if (tape == null) {
      for (INDArray t : new INDArray[] {h1, split, scores, merged, attended, h2, f, a, mlpOut}) {
        NativeArrays.free(t);
      }
      norm[0].free();
      norm2[0].free();
      return y;
    }
    tape.norm1 = norm[0];
    tape.normed1 = h1;
    tape.heads = split;
    tape.probabilities = scores;
    tape.merged = merged;
    tape.attended = attended;
    tape.norm2 = norm2[0];
    tape.normed2 = h2;
    tape.preActivation = f;
    tape.activated = a;
    tape.mlpOut = mlpOut;
    return y;
  }

  /**
   * Back-propagates {@code dy} (the gradient at the block's output) and frees the tape. Puts the
   * parameter gradients into {@code gradients} when the block trains.
   *
   * @return the gradient at the block's input, or null when {@code inputGradient} is false
   */
  INDArray backward(INDArray dy, Tape tape, Map<String, INDArray> params, Map<String, INDArray> gradients, boolean inputGradient) {
    // mlp branch
    INDArray dm = gated ? dy.mul(gate(params, "alpha_dense")) : dy;
    if (gated && trainable) {
      gradients.put(prefix + "alpha_dense", gateGradient(dy, tape.mlpOut, params, "alpha_dense"));
    }
    if (trainable) {
      gradients.put(prefix + "mlp.c_proj.weight", Kernels.linearWeightGradient(dm, tape.activated));
      gradients.put(prefix + "mlp.c_proj.bias", Kernels.columnSums(dm));
    }
    INDArray da = Kernels.matmul(dm, p(params, "mlp.c_proj.weight"), false, false);
    if (dm != dy) {
      NativeArrays.free(dm);
    }
    INDArray df = Kernels.activationBackward(da, tape.preActivation, activation);
    NativeArrays.free(da);
    if (trainable) {
      gradients.put(prefix + "mlp.c_fc.weight", Kernels.linearWeightGradient(df, tape.normed2));
      gradients.put(prefix + "mlp.c_fc.bias", Kernels.columnSums(df));
    }
    INDArray dh2 = Kernels.matmul(df, p(params, "mlp.c_fc.weight"), false, false);
    NativeArrays.free(df);
    INDArray[] lnGradients = trainable ? new INDArray[2] : null;
    INDArray dx1 = Kernels.layerNormBackward(dh2, tape.norm2, p(params, "ln_2.weight"), lnGradients).addi(dy);
    NativeArrays.free(dh2);
    if (trainable) {
      gradients.put(prefix + "ln_2.weight", lnGradients[0]);
      gradients.put(prefix + "ln_2.bias", lnGradients[1]);
    }

    // attention branch
    INDArray dattn = gated ? dx1.mul(gate(params, "alpha_attn")) : dx1;
    if (gated && trainable) {
      gradients.put(prefix + "alpha_attn", gateGradient(dx1, tape.attended, params, "alpha_attn"));
    }
    if (trainable) {
      gradients.put(prefix + "attn.out_proj.weight", Kernels.linearWeightGradient(dattn, tape.merged));
      gradients.put(prefix + "attn.out_proj.bias", Kernels.columnSums(dattn));
    }
    INDArray dmerged = Kernels.matmul(dattn, p(params, "attn.out_proj.weight"), false, false);
    if (dattn != dx1) {
      NativeArrays.free(dattn);
    }
    INDArray dqkv = attentionBackward(dmerged, tape, dy.size(0));
    NativeArrays.free(dmerged);
    if (trainable) {
      gradients.put(prefix + "attn.in_proj_weight", Kernels.linearWeightGradient(dqkv, tape.normed1));
      gradients.put(prefix + "attn.in_proj_bias", Kernels.columnSums(dqkv));
    }
    INDArray dx = null;
    if (inputGradient || trainable) {
      INDArray dh1 = Kernels.matmul(dqkv, p(params, "attn.in_proj_weight"), false, false);
      INDArray[] ln1 = trainable ? new INDArray[2] : null;
      INDArray d = Kernels.layerNormBackward(dh1, tape.norm1, p(params, "ln_1.weight"), ln1);
      NativeArrays.free(dh1);
      if (trainable) {
        gradients.put(prefix + "ln_1.weight", ln1[0]);
        gradients.put(prefix + "ln_1.bias", ln1[1]);
      }
      if (inputGradient) {
        dx = d.addi(dx1);
      } else {
        NativeArrays.free(d);
      }
    }
    NativeArrays.free(dqkv);
    if (dx != dx1) {
      NativeArrays.free(dx1);
    }
    tape.free();
    return dx;
  }

  /** From the gradient at the merged heads {@code [rows, width]} to the gradient at qkv {@code [rows, 3 width]}. */
  private INDArray attentionBackward(INDArray dmerged, Tape tape, long rows) {
    long batch = rows / tokens;
    int headWidth = width / heads;
    INDArray q = tape.heads.slice(0);
    INDArray k = tape.heads.slice(1);
    INDArray v = tape.heads.slice(2);
    INDArray p = tape.probabilities;
    INDArray dcontext = dmerged.reshape(batch, tokens, heads, headWidth).permute(0, 2, 1, 3).dup('c');
    INDArray dp = Nd4j.matmul(dcontext, v, false, true, false);
    INDArray dsplit = Nd4j.createUninitialized(dmerged.dataType(), 3, batch, heads, tokens, headWidth);
    dsplit.slice(2).assign(Nd4j.matmul(p, dcontext, true, false, false));
    NativeArrays.free(dcontext);
    Kernels.softmaxRowsBackwardInPlace(dp.reshape(batch * heads * tokens, tokens), p.reshape(batch * heads * tokens, tokens));
    INDArray dq = Nd4j.matmul(dp, k).muli(1.0 / Math.sqrt(headWidth));
    dsplit.slice(0).assign(dq);
    NativeArrays.free(dq);
    // q holds the scaled queries, so dk = ds^T (q / sqrt(d)) needs no further scaling
    INDArray dk = Nd4j.matmul(dp, q, true, false, false);
    dsplit.slice(1).assign(dk);
    NativeArrays.free(dk);
    NativeArrays.free(dp);
    INDArray dqkv = dsplit.permute(1, 3, 0, 2, 4).dup('c').reshape(rows, 3L * width);
    NativeArrays.free(dsplit);
    return dqkv;
  }

  /** d loss / d alpha for a branch {@code out} scaled by {@code tanh(alpha)}: {@code sum(dy out) (1 - tanh^2)}, 0-d. */
  private INDArray gateGradient(INDArray dy, INDArray out, Map<String, INDArray> params, String alpha) {
    double g = gate(params, alpha);
    INDArray product = dy.mul(out);
    double sum = product.sumNumber().doubleValue();
    NativeArrays.free(product);
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
