package org.reactvl.core.clip;

import java.util.function.Function;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.gated.GatedNames;

/**
 * Builds CLIP's two towers, piece by piece, into a {@link SameDiff} graph. Parameters are looked up
 * by their OpenAI names through a function, so the same code builds an inference graph (every
 * weight a constant) and a training graph (some weights variables).
 *
 * <p>Layouts: token states travel between blocks as a 2-D {@code [batch * tokens, width]} matrix, so
 * every projection is one GEMM; attention reshapes to {@code [batch, heads, tokens, headWidth]}.
 * The patch embedding is a GEMM over unfolded patches (stride = kernel, so it equals the
 * convolution). The arithmetic follows PyTorch's (queries scaled before {@code q k^T}, -inf causal
 * mask, layer norm over the last dimension), which keeps outputs within float32 rounding of OpenAI's.
 *
 * <p>Not thread-safe; one builder per graph.
 */
public final class ClipGraphBuilder {

  private final SameDiff sd;
  private final ClipConfig config;
  private final Function<String, SDVariable> params;

  /**
   * @param params returns the graph variable of a parameter by its OpenAI name (see {@link ClipWeights})
   */
  public ClipGraphBuilder(SameDiff sd, ClipConfig config, Function<String, SDVariable> params) {
    this.sd = sd;
    this.config = config;
    this.params = params;
  }

  /** A parameter function that adds each weight as a constant on first use. */
  public static Function<String, SDVariable> constants(SameDiff sd, Function<String, INDArray> weights) {
    return name -> sd.hasVariable(name) ? sd.getVariable(name) : sd.constant(name, weights.apply(name));
  }

  // ---------------------------------------------------------------- vision

  /** Pixels {@code [N, 3, H, W]} to the token states after {@code ln_pre}: {@code [N * tokens, width]}. */
  public SDVariable visionEmbed(SDVariable pixels) {
    ClipConfig.Vision v = config.vision();
    int g = v.grid();
    int p = v.patchSize();
    SDVariable patches =
        pixels
            .reshape(-1, 3, g, p, g, p)
            .permute(0, 2, 4, 1, 3, 5)
            .reshape(-1, 3L * p * p);
    SDVariable kernel = params.apply("visual.conv1.weight").reshape(v.width(), 3L * p * p);
    SDVariable embedded = sd.mmul(patches, kernel, false, true, false).reshape(-1, (long) g * g, v.width());
    SDVariable cls =
        sd.zerosLike(embedded.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()))
            .add(params.apply("visual.class_embedding").reshape(1, 1, v.width()));
    SDVariable tokens = sd.concat(1, cls, embedded).add(params.apply("visual.positional_embedding"));
    return layerNorm(tokens.reshape(-1, v.width()), "visual.ln_pre.", v.layerNormEps());
  }

  /** One residual block of the image tower. */
  public SDVariable visionBlock(SDVariable x, int layer) {
    ClipConfig.Vision v = config.vision();
    return residualBlock(x, "visual.transformer.resblocks." + layer + ".", v.tokens(), v.width(), v.heads(), v.activation(), v.layerNormEps(), null, null, null);
  }

  /**
   * REACT's gated block that runs before vision layer {@code layer}: {@code x + tanh(alpha_attn) *
   * attn(ln_1 x)}, then {@code + tanh(alpha_dense) * mlp(ln_2 x)}.
   */
  public SDVariable gatedVisionBlock(SDVariable x, int layer) {
    ClipConfig.Vision v = config.vision();
    String prefix = GatedNames.prefix(layer);
    SDVariable gateAttn = sd.math.tanh(params.apply(prefix + GatedNames.ALPHA_ATTN));
    SDVariable gateDense = sd.math.tanh(params.apply(prefix + GatedNames.ALPHA_DENSE));
    return residualBlock(x, prefix, v.tokens(), v.width(), v.heads(), v.activation(), v.layerNormEps(), null, gateAttn, gateDense);
  }

  /** {@code ln_post} on the class token and the projection: {@code [N, embedDim]}. */
  public SDVariable visionHead(SDVariable x) {
    ClipConfig.Vision v = config.vision();
    SDVariable cls = x.reshape(-1, v.tokens(), v.width()).get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
    SDVariable normed = layerNorm(cls, "visual.ln_post.", v.layerNormEps());
    sd.updateVariableNameAndReference(normed, "vision_ln_post_out");
    return sd.mmul(normed, params.apply("visual.proj"));
  }

  // ---------------------------------------------------------------- text

  /** Token ids {@code [N, context]} (INT) to token + position embeddings {@code [N * context, width]}. */
  public SDVariable textEmbed(SDVariable tokens) {
    return textEmbed(tokens, config.text().contextLength());
  }

  /**
   * Token ids {@code [N, length]} (INT), the first {@code length <= context} positions of each text,
   * to embeddings {@code [N * length, width]}. Because the text tower is causal, the states of the
   * first {@code length} positions do not depend on the positions after them: a batch whose texts
   * all end before {@code length} can be encoded on the shorter sequence.
   */
  public SDVariable textEmbed(SDVariable tokens, int length) {
    return addTextPositions(sd.gather(params.apply("token_embedding.weight"), tokens.reshape(-1), 0), length);
  }

  /**
   * Token embeddings already looked up, {@code [N * length, width]}, plus the first {@code length}
   * position embeddings. For training graphs, which avoid gather: SameDiff 1.0.0-M2.1 differentiates
   * it with a control-flow loop that fails (twice in one graph: "Unable to replace samediff
   * namespace"; once, with a batch of unknown size: an assign shape error).
   */
  public SDVariable addTextPositions(SDVariable tokenEmbeddings, int length) {
    ClipConfig.Text t = config.text();
    checkLength(length);
    SDVariable positions = params.apply("positional_embedding");
    if (length < t.contextLength()) {
      positions = positions.get(SDIndex.interval(0, length), SDIndex.all());
    }
    return tokenEmbeddings.reshape(-1, length, t.width()).add(positions).reshape(-1, t.width());
  }

  /** One causal residual block of the text tower. */
  public SDVariable textBlock(SDVariable x, int layer) {
    return textBlock(x, layer, config.text().contextLength());
  }

  /** One causal residual block of the text tower over sequences of {@code length} tokens. */
  public SDVariable textBlock(SDVariable x, int layer, int length) {
    ClipConfig.Text t = config.text();
    checkLength(length);
    return residualBlock(
        x, "transformer.resblocks." + layer + ".", length, t.width(), t.heads(), t.activation(), t.layerNormEps(), causalMask(length),
        null, null);
  }

  private void checkLength(int length) {
    if (length < 1 || length > config.text().contextLength()) {
      throw new IllegalArgumentException(
          "text length must be in [1, " + config.text().contextLength() + "], but was " + length);
    }
  }

  /** {@code ln_final} over all tokens: {@code [N * context, width]}. */
  public SDVariable textFinalNorm(SDVariable x) {
    return layerNorm(x, "ln_final.", config.text().layerNormEps());
  }

  /**
   * Pools the rows at {@code pooledRows} (INT, one flat row index {@code i * context + position}
   * per text) and projects them: {@code [N, embedDim]}.
   */
  public SDVariable textHead(SDVariable normed, SDVariable pooledRows) {
    return textProjection(sd.gather(normed, pooledRows, 0));
  }

  /** The text projection of pooled states {@code [N, width]}: {@code [N, embedDim]}. */
  public SDVariable textProjection(SDVariable pooled) {
    return sd.mmul(pooled, params.apply("text_projection"));
  }

  /** Where a text is pooled: its first {@code eot} id, or its largest id if it has none (OpenAI's argmax). */
  public static int poolPosition(int[] row, int eot) {
    int best = 0;
    for (int j = 0; j < row.length; j++) {
      if (row[j] == eot) {
        return j;
      }
      if (row[j] > row[best]) {
        best = j;
      }
    }
    return best;
  }

  private SDVariable causalMask(int n) {
    String name = "text_causal_mask_" + n;
    if (sd.hasVariable(name)) {
      return sd.getVariable(name);
    }
    INDArray mask = Nd4j.zeros(DataType.FLOAT, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        mask.putScalar(i, j, Float.NEGATIVE_INFINITY);
      }
    }
    return sd.constant(name, mask);
  }

  // ---------------------------------------------------------------- blocks

  private SDVariable residualBlock(
      SDVariable x, String prefix, int tokens, int width, int heads, Activation act, double eps, SDVariable mask,
      SDVariable gateAttn, SDVariable gateDense) {
    SDVariable attn = attention(layerNorm(x, prefix + "ln_1.", eps), prefix, tokens, width, heads, mask);
    x = x.add(gateAttn == null ? attn : attn.mul(gateAttn));
    SDVariable mlp = mlp(layerNorm(x, prefix + "ln_2.", eps), prefix, act);
    return x.add(gateDense == null ? mlp : mlp.mul(gateDense));
  }

  private SDVariable attention(SDVariable h, String prefix, int tokens, int width, int heads, SDVariable mask) {
    int headWidth = width / heads;
    SDVariable qkv = linear(h, prefix + "attn.in_proj_weight", prefix + "attn.in_proj_bias").reshape(-1, tokens, 3L * width);
    SDVariable q = splitHeads(qkv, 0, tokens, width, heads).mul(1.0 / Math.sqrt(headWidth));
    SDVariable k = splitHeads(qkv, 1, tokens, width, heads);
    SDVariable vv = splitHeads(qkv, 2, tokens, width, heads);
    SDVariable scores = sd.mmul(q, k, false, true, false);
    if (mask != null) {
      scores = scores.add(mask);
    }
    SDVariable weights = sd.nn.softmax(scores, 3);
    SDVariable out = sd.mmul(weights, vv).permute(0, 2, 1, 3).reshape(-1, width);
    return linear(out, prefix + "attn.out_proj.weight", prefix + "attn.out_proj.bias");
  }

  private static SDVariable splitHeads(SDVariable qkv, int which, int tokens, int width, int heads) {
    return qkv.get(SDIndex.all(), SDIndex.all(), SDIndex.interval((long) which * width, (long) (which + 1) * width))
        .reshape(-1, tokens, heads, width / heads)
        .permute(0, 2, 1, 3);
  }

  private SDVariable mlp(SDVariable h, String prefix, Activation act) {
    SDVariable hidden = linear(h, prefix + "mlp.c_fc.weight", prefix + "mlp.c_fc.bias");
    SDVariable activated =
        switch (act) {
          case QUICK_GELU -> sd.nn.gelu(hidden);
          case GELU -> hidden.mul(0.5).mul(sd.math.erf(hidden.mul(1.0 / Math.sqrt(2.0))).add(1.0));
          case GELU_TANH -> sd.nn.preciseGelu(hidden);
        };
    return linear(activated, prefix + "mlp.c_proj.weight", prefix + "mlp.c_proj.bias");
  }

  private SDVariable linear(SDVariable x, String weight, String bias) {
    return sd.mmul(x, params.apply(weight), false, true, false).add(params.apply(bias));
  }

  /**
   * Layer norm over the last dimension with PyTorch's biased variance. Written out rather than with
   * ND4J's layer_norm op, whose normalisation differs from PyTorch's by up to 1e-3 here.
   */
  private SDVariable layerNorm(SDVariable x, String prefix, double eps) {
    SDVariable centred = x.sub(x.mean(true, 1));
    SDVariable variance = centred.mul(centred).mean(true, 1);
    return centred.div(sd.math.sqrt(variance.add(eps))).mul(params.apply(prefix + "weight")).add(params.apply(prefix + "bias"));
  }
}
