package org.reactvl.modules.train;

import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipGraphBuilder;

/**
 * Forward and backward passes of what comes before and after the residual blocks of each tower:
 * the patch embedding (a GEMM over unfolded patches), class and position embeddings and
 * {@code ln_pre}; {@code ln_post} on the class token and the image projection; the token lookup
 * plus position embeddings; and the text head ({@code ln_final} on each text's pooled token, then
 * the projection). {@code ln_final} is per row, so normalising only the pooled rows equals
 * OpenAI's normalise-then-pool. Gradients are put into a map only for parameters that train.
 */
final class TowerEnds {
  private final ClipConfig config;
  private final Predicate<String> trainable;
  private final ArrayPool pool;

  TowerEnds(ClipConfig config, Predicate<String> trainable, ArrayPool pool) {
    this.config = config;
    this.trainable = trainable;
    this.pool = pool;
  }

  /** What an end's backward pass needs. */
  static final class Tape {
    private INDArray input;
    private Kernels.Norm norm;
    private long rows;
    private int[] pooled;

    void free(ArrayPool pool) {
      pool.give(input);
      if (norm != null) {
        norm.free(pool);
      }
    }
  }

  /** Whether the image embedding has a parameter that trains (so the blocks must pass a gradient to it). */
  boolean visionEmbeddingTrains() {
    return trainable.test("visual.conv1.weight") || trainable.test("visual.ln_pre.weight") || trainable.test("visual.positional_embedding");
  }

  /** Pixels {@code [N, 3, S, S]} to the token states after {@code ln_pre}, {@code [N * tokens, width]}. */
  INDArray visionEmbed(INDArray pixels, Map<String, INDArray> params, Tape tape) {
    ClipConfig.Vision v = config.vision();
    int g = v.grid();
    int p = v.patchSize();
    long n = pixels.size(0);
    int w = v.width();
    int t = v.tokens();
    INDArray patches = pool.copyOf(pixels.reshape(n, 3, g, p, g, p).permute(0, 2, 4, 1, 3, 5), n * g * g, 3L * p * p);
    INDArray embedded = Kernels.matmul(patches, params.get("visual.conv1.weight").reshape(w, 3L * p * p), false, true, pool);
    INDArray tokens = Nd4j.zeros(pixels.dataType(), n, t, w);
    tokens.get(NDArrayIndex.all(), NDArrayIndex.interval(1, t), NDArrayIndex.all()).assign(embedded.reshape(n, (long) g * g, w));
    pool.give(embedded);
    INDArray positions = params.get("visual.positional_embedding").dup('c');
    positions.getRow(0).addi(params.get("visual.class_embedding"));
    tokens.reshape(n, (long) t * w).addiRowVector(positions.reshape(1, (long) t * w));
    NativeArrays.free(positions);
    Kernels.Norm[] norm = new Kernels.Norm[1];
    INDArray out = Kernels.layerNorm(tokens.reshape(n * t, w), params.get("visual.ln_pre.weight"), params.get("visual.ln_pre.bias"), v.layerNormEps(), norm, pool);
    NativeArrays.free(tokens);
    keep(tape, patches, norm[0]);
    return out;
  }

  /** Back-propagates the gradient at the embedding's output into the embedding's parameters. */
  void visionEmbedBackward(INDArray dy, Tape tape, Map<String, INDArray> params, Map<String, INDArray> gradients) {
    ClipConfig.Vision v = config.vision();
    int w = v.width();
    int t = v.tokens();
    long n = dy.size(0) / t;
    INDArray[] ln = new INDArray[2];
    INDArray dtokens = Kernels.layerNormBackward(dy, tape.norm, params.get("visual.ln_pre.weight"), ln, pool);
    put(gradients, "visual.ln_pre.weight", ln[0]);
    put(gradients, "visual.ln_pre.bias", ln[1]);
    INDArray dpositions = dtokens.reshape(n, (long) t * w).sum(0).reshape(t, w);
    put(gradients, "visual.class_embedding", dpositions.getRow(0).dup().reshape(w));
    put(gradients, "visual.positional_embedding", dpositions);
    if (trainable.test("visual.conv1.weight")) {
      INDArray dembedded = dtokens.reshape(n, t, w).get(NDArrayIndex.all(), NDArrayIndex.interval(1, t), NDArrayIndex.all()).dup('c').reshape(n * (t - 1), w);
      int p = v.patchSize();
      gradients.put("visual.conv1.weight", Kernels.linearWeightGradient(dembedded, tape.input).reshape(w, 3, p, p));
      NativeArrays.free(dembedded);
    }
    pool.give(dtokens);
    tape.free(pool);
  }

  /** {@code ln_post} on each image's class token and the projection: {@code [N, embedDim]}. */
  INDArray visionHead(INDArray x, Map<String, INDArray> params, Tape tape) {
    int t = config.vision().tokens();
    int[] rows = new int[(int) (x.size(0) / t)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i * t;
    }
    return head(x, rows, "visual.ln_post.", config.vision().layerNormEps(), "visual.proj", params, tape);
  }

  /** The gradient at the blocks' output {@code [N * tokens, width]} from the gradient at the image features. */
  INDArray visionHeadBackward(INDArray dy, Tape tape, Map<String, INDArray> params, Map<String, INDArray> gradients) {
    return headBackward(dy, tape, "visual.ln_post.", "visual.proj", params, gradients);
  }

  /** Token ids INT {@code [N, context]} to token plus position embeddings {@code [N * context, width]}. */
  INDArray textEmbed(INDArray tokens, Map<String, INDArray> params) {
    ClipConfig.Text t = config.text();
    INDArray rows = Nd4j.pullRows(params.get(SegmentedObjective.TOKEN_EMBEDDING), 1, tokens.reshape(-1).toIntVector());
    rows.reshape(tokens.size(0), (long) t.contextLength() * t.width())
        .addiRowVector(params.get("positional_embedding").reshape(1, (long) t.contextLength() * t.width()));
    return rows;
  }

  /** Back-propagates the gradient at the text embeddings into the token and position tables. */
  void textEmbedBackward(INDArray dy, INDArray tokens, Map<String, INDArray> params, Map<String, INDArray> gradients) {
    ClipConfig.Text t = config.text();
    if (trainable.test("positional_embedding")) {
      gradients.put("positional_embedding", dy.reshape(tokens.size(0), (long) t.contextLength() * t.width()).sum(0).reshape(t.contextLength(), t.width()));
    }
    if (trainable.test(SegmentedObjective.TOKEN_EMBEDDING)) {
      INDArray table = params.get(SegmentedObjective.TOKEN_EMBEDDING);
      INDArray dense = Nd4j.zeros(table.dataType(), table.shape());
      int[] ids = tokens.reshape(-1).toIntVector();
      if (RowKernels.applies(dense, dy)) {
        RowKernels.addRows(dy, ids, dense);
      } else {
        for (int r = 0; r < ids.length; r++) {
          dense.getRow(ids[r]).addi(dy.getRow(r));
        }
      }
      gradients.put(SegmentedObjective.TOKEN_EMBEDDING, dense);
    }
  }

  /** Whether the text embedding tables train. */
  boolean textEmbeddingTrains() {
    return trainable.test(SegmentedObjective.TOKEN_EMBEDDING) || trainable.test("positional_embedding");
  }

  /** {@code ln_final} on each text's pooled token and the projection: {@code [N, embedDim]}. */
  INDArray textHead(INDArray x, INDArray tokens, Map<String, INDArray> params, Tape tape) {
    int ctx = config.text().contextLength();
    int[] rows = new int[(int) tokens.size(0)];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i * ctx + ClipGraphBuilder.poolPosition(tokens.getRow(i).toIntVector(), config.text().eotTokenId());
    }
    return head(x, rows, "ln_final.", config.text().layerNormEps(), "text_projection", params, tape);
  }

  /** The gradient at the text blocks' output from the gradient at the text features. */
  INDArray textHeadBackward(INDArray dy, Tape tape, Map<String, INDArray> params, Map<String, INDArray> gradients) {
    return headBackward(dy, tape, "ln_final.", "text_projection", params, gradients);
  }

  private INDArray head(INDArray x, int[] rows, String norm, double eps, String projection, Map<String, INDArray> params, Tape tape) {
    INDArray pooled = Nd4j.pullRows(x, 1, rows);
    Kernels.Norm[] cache = new Kernels.Norm[1];
    INDArray normed = Kernels.layerNorm(pooled, params.get(norm + "weight"), params.get(norm + "bias"), eps, cache, pool);
    NativeArrays.free(pooled);
    INDArray features = Kernels.matmul(normed, params.get(projection), false, false);
    if (tape == null) {
      pool.give(normed);
      cache[0].free(pool);
    } else {
      keep(tape, normed, cache[0]);
      tape.rows = x.size(0);
      tape.pooled = rows;
    }
    return features;
  }

  private INDArray headBackward(INDArray dy, Tape tape, String norm, String projection, Map<String, INDArray> params, Map<String, INDArray> gradients) {
    if (trainable.test(projection)) {
      gradients.put(projection, Kernels.matmul(tape.input, dy, true, false));
    }
    INDArray dnormed = Kernels.matmul(dy, params.get(projection), false, true);
    INDArray[] ln = trainable.test(norm + "weight") ? new INDArray[2] : null;
    INDArray dpooled = Kernels.layerNormBackward(dnormed, tape.norm, params.get(norm + "weight"), ln, pool);
    NativeArrays.free(dnormed);
    if (ln != null) {
      gradients.put(norm + "weight", ln[0]);
      gradients.put(norm + "bias", ln[1]);
    }
    INDArray dx = Nd4j.zeros(dy.dataType(), tape.rows, dpooled.size(1));
    for (int i = 0; i < tape.pooled.length; i++) {
      dx.getRow(tape.pooled[i]).addi(dpooled.getRow(i));
    }
    pool.give(dpooled);
    tape.free(pool);
    return dx;
  }

  private void put(Map<String, INDArray> gradients, String name, INDArray gradient) {
    if (trainable.test(name)) {
      gradients.put(name, gradient);
    } else {
      NativeArrays.free(gradient);
    }
  }

  private void keep(Tape tape, INDArray input, Kernels.Norm norm) {
    if (tape == null) {
      pool.give(input);
      norm.free(pool);
    } else {
      tape.input = input;
      tape.norm = norm;
    }
  }
}
