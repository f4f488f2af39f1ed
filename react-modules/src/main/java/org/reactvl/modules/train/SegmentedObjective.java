package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.gated.GatedNames;

/**
 * The contrastive objective of one {@link TuningStrategy} over a CLIP model, with a hand-written
 * backward pass ({@link ResidualBlock}, {@link TowerEnds}, {@link ContrastiveLoss}). The blocks of
 * each tower's trained part are split into segments of at most {@code layersPerSegment} layers:
 * the forward pass keeps only each segment's input, and the backward pass recomputes one segment at
 * a time (activation checkpointing); the last segment's activations are kept from the first pass,
 * so one segment per tower means no recomputation at all.
 *
 * <ul>
 *   <li>GATED_IMAGE: image layers {@code L-k..L-1}, each preceded by its gated block, from the
 *       hidden states after layer {@code L-k-1}; the text features are inputs.
 *   <li>LOCKED_TEXT: the whole image tower from pixels; the text features are inputs.
 *   <li>FULL: both towers, from pixels and token ids.
 * </ul>
 *
 * <p>Weight gradients are computed only for parameters that train; frozen blocks pass only the
 * input gradient. Parameters are passed by name on every call, so the objective holds no weights.
 * Not thread-safe.
 */
final class SegmentedObjective implements AutoCloseable {
  /** The token embedding table's name. */
  static final String TOKEN_EMBEDDING = "token_embedding.weight";

  /**
   * One batch. {@code vision} is the hidden states {@code [B * tokens, width]} after layer
   * {@code L-k-1} for GATED_IMAGE, else pixels {@code [B, 3, H, W]}. Frozen-text strategies give
   * {@code textFeatures} {@code [B, embedDim]}; FULL gives {@code tokens} (INT {@code [B, context]}).
   */
  record Batch(INDArray vision, INDArray textFeatures, INDArray tokens) {
    static Batch frozenText(INDArray vision, INDArray textFeatures) {
      return new Batch(vision, textFeatures, null);
    }

    static Batch fullText(INDArray pixels, INDArray tokens) {
      return new Batch(pixels, null, tokens);
    }
  }

  /** A loss and the gradients of the trainable parameters by name (arrays the caller owns). */
  record Evaluation(double loss, Map<String, INDArray> gradients) {}

  private final TuningStrategy strategy;
  private final TowerEnds ends;
  private final List<List<ResidualBlock>> vision;
  private final List<List<ResidualBlock>> text;
  private final Predicate<String> trainable;
  private final ArrayPool pool;

  private SegmentedObjective(
      TuningStrategy strategy, ArrayPool pool, List<List<ResidualBlock>> vision, List<List<ResidualBlock>> text, Predicate<String> trainable,
      ClipConfig config) {
    this.strategy = strategy;
    this.pool = pool;
    this.ends = new TowerEnds(config, trainable, pool);
    this.vision = vision;
    this.text = text;
    this.trainable = trainable;
  }

  /**
   * @param gatedLayers k, the gated blocks before the last k image layers (GATED_IMAGE only)
   * @param layersPerSegment layers between activation checkpoints (a gated block counts with the
   *     layer it precedes)
   * @param trainable which parameters get gradients, by name
   * @param dtype the data type of the parameters and inputs
   */
  static SegmentedObjective create(
      ClipConfig config, TuningStrategy strategy, int gatedLayers, int layersPerSegment, Predicate<String> trainable, DataType dtype) {
    checkArgument(layersPerSegment > 0, "layersPerSegment must be positive, but was %s", layersPerSegment);
    ClipConfig.Vision v = config.vision();
    int layers = v.layers();
    int first = strategy.gated() ? layers - gatedLayers : 0;
    List<List<ResidualBlock>> vision = new ArrayList<>();
    for (int start = first; start < layers; start += layersPerSegment) {
      List<ResidualBlock> segment = new ArrayList<>();
      for (int layer = start; layer < Math.min(layers, start + layersPerSegment); layer++) {
        if (strategy.gated()) {
          segment.add(ResidualBlock.of(
              GatedNames.prefix(layer), v.tokens(), v.width(), v.heads(), v.activation(), v.layerNormEps(), true, trainable, null));
        }
        segment.add(ResidualBlock.of(
            "visual.transformer.resblocks." + layer + ".", v.tokens(), v.width(), v.heads(), v.activation(), v.layerNormEps(), false, trainable, null));
      }
      vision.add(List.copyOf(segment));
    }
    List<List<ResidualBlock>> text = new ArrayList<>();
    if (!strategy.textFrozen()) {
      ClipConfig.Text t = config.text();
      INDArray mask = causalMask(t.contextLength(), dtype);
      for (int start = 0; start < t.layers(); start += layersPerSegment) {
        List<ResidualBlock> segment = new ArrayList<>();
        for (int layer = start; layer < Math.min(t.layers(), start + layersPerSegment); layer++) {
          segment.add(ResidualBlock.of(
              "transformer.resblocks." + layer + ".", t.contextLength(), t.width(), t.heads(), t.activation(), t.layerNormEps(), false, trainable, mask));
        }
        text.add(List.copyOf(segment));
      }
    }
    return new SegmentedObjective(strategy, new ArrayPool(), List.copyOf(vision), List.copyOf(text), trainable, config);
  }

  private static INDArray causalMask(int n, DataType dtype) {
    INDArray mask = Nd4j.zeros(dtype, n, n);
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        mask.putScalar(i, j, Double.NEGATIVE_INFINITY);
      }
    }
    return mask;
  }

  /** Frees the recycled arrays. */
  @Override
  public void close() {
    pool.close();
  }

  /** Number of segments in the image and text towers. */
  int segmentCount() {
    return vision.size() + text.size();
  }

  /** The loss at {@code params} (forward only). */
  double loss(Batch batch, Map<String, INDArray> params) {
    INDArray textFeatures = strategy.textFrozen() ? batch.textFeatures() : forwardText(batch, params, null);
    INDArray imageFeatures = forwardVision(batch, params, null);
    double loss = ContrastiveLoss.loss(imageFeatures, textFeatures, params.get(ClipWeights.LOGIT_SCALE).getDouble(0));
    NativeArrays.free(imageFeatures);
    if (!strategy.textFrozen()) {
      NativeArrays.free(textFeatures);
    }
    return loss;
  }

  /** The loss and the gradients of every trainable parameter at {@code params}. */
  Evaluation evaluate(Batch batch, Map<String, INDArray> params) {
    boolean textTrains = !strategy.textFrozen();
    Pass textPass = textTrains ? new Pass(text) : null;
    INDArray textFeatures = textTrains ? forwardText(batch, params, textPass) : batch.textFeatures();
    Pass visionPass = new Pass(vision);
    INDArray imageFeatures = forwardVision(batch, params, visionPass);
    ContrastiveLoss.Result r = ContrastiveLoss.evaluate(imageFeatures, textFeatures, params.get(ClipWeights.LOGIT_SCALE).getDouble(0), textTrains);
    NativeArrays.free(imageFeatures);
    Map<String, INDArray> gradients = new HashMap<>();
    if (trainable.test(ClipWeights.LOGIT_SCALE)) {
      gradients.put(ClipWeights.LOGIT_SCALE, Nd4j.scalar(params.get(ClipWeights.LOGIT_SCALE).dataType(), r.logitScaleGradient()));
    }

    INDArray dx = ends.visionHeadBackward(r.imageGradient(), visionPass.head, params, gradients);
    NativeArrays.free(r.imageGradient());
    boolean embedded = !strategy.gated();
    dx = backwardBlocks(visionPass, dx, params, gradients, embedded && ends.visionEmbeddingTrains());
    if (dx != null) {
      ends.visionEmbedBackward(dx, visionPass.embed, params, gradients);
      pool.give(dx);
    } else {
      visionPass.embed.free(pool);
    }
    if (textTrains) {
      NativeArrays.free(textFeatures);
      INDArray dt = ends.textHeadBackward(r.textGradient(), textPass.head, params, gradients);
      NativeArrays.free(r.textGradient());
      dt = backwardBlocks(textPass, dt, params, gradients, ends.textEmbeddingTrains());
      if (dt != null) {
        ends.textEmbedBackward(dt, batch.tokens(), params, gradients);
        NativeArrays.free(dt);
      }
    }
    return new Evaluation(r.loss(), gradients);
  }

  /** What one tower's forward pass keeps for its backward pass. */
  private static final class Pass {
    final List<List<ResidualBlock>> segments;
    /** Each segment's input; the first may belong to the caller. */
    final List<INDArray> inputs = new ArrayList<>();
    INDArray callerInput;
    List<ResidualBlock.Tape> lastTapes;
    final TowerEnds.Tape embed = new TowerEnds.Tape();
    final TowerEnds.Tape head = new TowerEnds.Tape();

    Pass(List<List<ResidualBlock>> segments) {
      this.segments = segments;
    }
  }

  private INDArray forwardVision(Batch batch, Map<String, INDArray> params, Pass pass) {
    INDArray x = strategy.gated() ? batch.vision() : ends.visionEmbed(batch.vision(), params, pass == null ? null : pass.embed);
    INDArray out = forwardBlocks(vision, x, x == batch.vision(), params, pass);
    INDArray features = ends.visionHead(out, params, pass == null ? null : pass.head);
    pool.give(out);
    return features;
  }

  private INDArray forwardText(Batch batch, Map<String, INDArray> params, Pass pass) {
    INDArray x = ends.textEmbed(batch.tokens(), params);
    INDArray out = forwardBlocks(text, x, false, params, pass);
    INDArray features = ends.textHead(out, batch.tokens(), params, pass == null ? null : pass.head);
    pool.give(out);
    return features;
  }

  /**
   * Runs every segment from {@code x}. With a pass, keeps each segment's input and the last
   * segment's tapes; without one, frees everything but the result (and never a caller's input).
   */
  private INDArray forwardBlocks(List<List<ResidualBlock>> segments, INDArray x, boolean callerOwned, Map<String, INDArray> params, Pass pass) {
    if (pass != null) {
      pass.callerInput = callerOwned ? x : null;
    }
    for (int s = 0; s < segments.size(); s++) {
      boolean last = s == segments.size() - 1;
      List<ResidualBlock.Tape> tapes = pass != null && last ? new ArrayList<>() : null;
      INDArray out = runSegment(segments.get(s), x, params, tapes);
      if (tapes != null) {
        pass.lastTapes = tapes;
      }
      if (pass != null) {
        pass.inputs.add(x);
      } else if (!(callerOwned && s == 0)) {
        pool.give(x);
      }
      x = out;
    }
    return x;
  }

  /** The segment's output; records one tape per block into {@code tapes} when it is not null. */
  private INDArray runSegment(List<ResidualBlock> blocks, INDArray x, Map<String, INDArray> params, List<ResidualBlock.Tape> tapes) {
    INDArray current = x;
    for (ResidualBlock block : blocks) {
      ResidualBlock.Tape tape = tapes == null ? null : new ResidualBlock.Tape();
      INDArray out = block.forward(current, params, tape, pool);
      if (tapes != null) {
        tapes.add(tape);
      }
      if (current != x) {
        pool.give(current);
      }
      current = out;
    }
    return current;
  }

  /**
   * Back-propagates {@code dy} (the gradient at the last segment's output) through every segment,
   * recomputing the forward pass of all but the last; frees the pass's inputs.
   *
   * @return the gradient at the first segment's input, or null unless {@code inputGradient}
   */
  private INDArray backwardBlocks(Pass pass, INDArray dy, Map<String, INDArray> params, Map<String, INDArray> gradients, boolean inputGradient) {
    for (int s = pass.segments.size() - 1; s >= 0; s--) {
      List<ResidualBlock> blocks = pass.segments.get(s);
      INDArray input = pass.inputs.get(s);
      List<ResidualBlock.Tape> tapes;
      if (s == pass.segments.size() - 1 && pass.lastTapes != null) {
        tapes = pass.lastTapes;
      } else {
        tapes = new ArrayList<>();
        pool.give(runSegment(blocks, input, params, tapes));
      }
      for (int j = blocks.size() - 1; j >= 0; j--) {
        INDArray dx = blocks.get(j).backward(dy, tapes.get(j), params, gradients, j > 0 || s > 0 || inputGradient, pool);
        pool.give(dy);
        dy = dx;
      }
      if (input != pass.callerInput) {
        pool.give(input);
      }
    }
    return dy;
  }
}
