package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipGraphBuilder;

/**
 * The contrastive objective of one {@link TuningStrategy} over a CLIP model: the trained part of
 * each tower split into segments of at most {@code layersPerSegment} residual layers (see
 * {@link SegmentGraph}), evaluated forward segment by segment and differentiated backward segment
 * by segment. Between the passes only each segment's input is kept, so memory holds one segment's
 * activations at a time; the price is a second forward pass of every segment but the last.
 *
 * <ul>
 *   <li>GATED_IMAGE: image layers {@code L-k..L-1}, each preceded by its gated block, from the
 *       hidden states after layer {@code L-k-1}; the text features are inputs.
 *   <li>LOCKED_TEXT: the whole image tower from pixels; the text features are inputs.
 *   <li>FULL: both towers, from pixels and token ids.
 * </ul>
 *
 * <p>Parameters are passed by name on every call, so the objective holds no weights. Not
 * thread-safe.
 */
final class SegmentedObjective {
  private static final Pattern LAYER = Pattern.compile("^(visual\\.transformer\\.resblocks\\.|transformer\\.resblocks\\.)(\\d+)\\.(.*)$");

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

  private record Segment(SegmentGraph graph, Map<String, String> binding) {}

  private final ClipConfig config;
  private final TuningStrategy strategy;
  private final List<Segment> vision;
  private final List<Segment> text;
  private final Predicate<String> trainable;

  private SegmentedObjective(ClipConfig config, TuningStrategy strategy, List<Segment> vision, List<Segment> text, Predicate<String> trainable) {
    this.config = config;
    this.strategy = strategy;
    this.vision = vision;
    this.text = text;
    this.trainable = trainable;
  }

  /**
   * @param gatedLayers k, the gated blocks before the last k image layers (GATED_IMAGE only)
   * @param trainable which parameters get gradients, by name
   */
  static SegmentedObjective create(
      ClipConfig config, TuningStrategy strategy, int gatedLayers, int layersPerSegment, Predicate<String> trainable, DataType dtype) {
    checkArgument(layersPerSegment > 0, "layersPerSegment must be positive, but was %s", layersPerSegment);
    Map<SegmentGraph.Spec, SegmentGraph> graphs = new HashMap<>();
    boolean textTrains = !strategy.textFrozen();
    int layers = config.vision().layers();
    int first = strategy.gated() ? layers - gatedLayers : 0;
    List<Segment> vision = new ArrayList<>();
    for (int start = first; start < layers; start += layersPerSegment) {
      int n = Math.min(layersPerSegment, layers - start);
      boolean last = start + n == layers;
      SegmentGraph.Spec spec = new SegmentGraph.Spec(false, !strategy.gated() && start == 0, n, strategy.gated(), last, last);
      SegmentGraph graph = graphs.computeIfAbsent(spec, s -> SegmentGraph.build(config, s, dtype, trainable, textTrains));
      vision.add(new Segment(graph, binding(graph, start)));
    }
    List<Segment> text = new ArrayList<>();
    if (textTrains) {
      int textLayers = config.text().layers();
      for (int start = 0; start < textLayers; start += layersPerSegment) {
        int n = Math.min(layersPerSegment, textLayers - start);
        SegmentGraph.Spec spec = new SegmentGraph.Spec(true, start == 0, n, false, start + n == textLayers, false);
        SegmentGraph graph = graphs.computeIfAbsent(spec, s -> SegmentGraph.build(config, s, dtype, trainable, textTrains));
        text.add(new Segment(graph, binding(graph, start)));
      }
    }
    return new SegmentedObjective(config, strategy, List.copyOf(vision), List.copyOf(text), trainable);
  }

  /** Maps the graph's placeholders (layers 0..n-1) to the parameters of layers start..start+n-1. */
  private static Map<String, String> binding(SegmentGraph graph, int start) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : graph.parameters()) {
      Matcher matcher = LAYER.matcher(p);
      m.put(p, matcher.matches() ? matcher.group(1) + (start + Integer.parseInt(matcher.group(2))) + "." + matcher.group(3) : p);
    }
    return m;
  }

  /** Number of segments in the image and text towers. */
  int segmentCount() {
    return vision.size() + text.size();
  }

  /** The loss at {@code params} (forward only). */
  double loss(Batch batch, Map<String, INDArray> params) {
    INDArray textFeatures = strategy.textFrozen() ? batch.textFeatures() : forwardText(batch, params, null);
    INDArray x = forwardVision(batch, params, null);
    Segment last = vision.get(vision.size() - 1);
    Map<String, INDArray> feeds = feeds(last, params, x);
    feeds.put(SegmentGraph.TEXT_FEATURES, textFeatures);
    double loss = last.graph().loss(feeds);
    release(x, batch.vision());
    if (!strategy.textFrozen()) {
      NativeArrays.free(textFeatures);
    }
    return loss;
  }

  /** The loss and the gradients of every trainable parameter at {@code params}. */
  Evaluation evaluate(Batch batch, Map<String, INDArray> params) {
    List<INDArray> textInputs = new ArrayList<>();
    INDArray textFeatures = strategy.textFrozen() ? batch.textFeatures() : forwardText(batch, params, textInputs);
    List<INDArray> visionInputs = new ArrayList<>();
    INDArray x = forwardVision(batch, params, visionInputs);

    Map<String, INDArray> gradients = new HashMap<>();
    Segment last = vision.get(vision.size() - 1);
    Map<String, INDArray> feeds = feeds(last, params, x);
    feeds.put(SegmentGraph.TEXT_FEATURES, textFeatures);
    List<String> wanted = wanted(last, vision.size() > 1);
    if (!strategy.textFrozen()) {
      wanted.add(SegmentGraph.TEXT_FEATURES);
    }
    Map<String, INDArray> g = last.graph().gradients(feeds, wanted);
    INDArray lossArray = g.remove(SegmentGraph.LOSS);
    double loss = lossArray.getDouble(0);
    NativeArrays.free(lossArray);
    INDArray upstream = g.remove(SegmentGraph.HIDDEN);
    INDArray textUpstream = g.remove(SegmentGraph.TEXT_FEATURES);
    collect(last, g, gradients);
    release(x, batch.vision());
    backward(vision, visionInputs, batch.vision(), upstream, batch, params, gradients);
    if (!strategy.textFrozen()) {
      NativeArrays.free(textFeatures);
      backward(text, textInputs, null, textUpstream, batch, params, gradients);
    }
    return new Evaluation(loss, gradients);
  }

  /** Runs all image segments but the last; returns the last one's input; records the inputs when asked. */
  private INDArray forwardVision(Batch batch, Map<String, INDArray> params, List<INDArray> inputs) {
    INDArray x = batch.vision();
    for (int s = 0; s < vision.size() - 1; s++) {
      if (inputs != null) {
        inputs.add(x);
      }
      INDArray out = vision.get(s).graph().forward(feeds(vision.get(s), params, x));
      if (inputs == null) {
        release(x, batch.vision());
      }
      x = out;
    }
    return x;
  }

  /** Runs the whole text tower; returns the text features; records the segments' inputs when asked. */
  private INDArray forwardText(Batch batch, Map<String, INDArray> params, List<INDArray> inputs) {
    INDArray x = Nd4j.pullRows(params.get(SegmentGraph.TOKEN_EMBEDDING), 1, batch.tokens().reshape(-1).toIntVector());
    for (Segment segment : text) {
      if (inputs != null) {
        inputs.add(x);
      }
      Map<String, INDArray> feeds = feeds(segment, params, x);
      if (segment.graph().spec().head()) {
        feeds.put(SegmentGraph.POOLING, pooling(batch, x.dataType()));
      }
      INDArray out = segment.graph().forward(feeds);
      NativeArrays.free(feeds.get(SegmentGraph.POOLING));
      if (inputs == null) {
        NativeArrays.free(x);
      }
      x = out;
    }
    return x;
  }

  /**
   * Back-propagates {@code upstream} (the gradient at the output of the last segment of
   * {@code inputs}) through the segments before it, recomputing each one's forward pass. Frees each
   * input but {@code callerInput}.
   */
  private void backward(
      List<Segment> tower, List<INDArray> inputs, INDArray callerInput, INDArray upstream, Batch batch, Map<String, INDArray> params,
      Map<String, INDArray> gradients) {
    for (int s = inputs.size() - 1; s >= 0; s--) {
      Segment segment = tower.get(s);
      Map<String, INDArray> feeds = feeds(segment, params, inputs.get(s));
      feeds.put(SegmentGraph.UPSTREAM, upstream);
      if (segment.graph().spec().head() && segment.graph().spec().text()) {
        feeds.put(SegmentGraph.POOLING, pooling(batch, inputs.get(s).dataType()));
      }
      boolean tokenRows = segment.graph().input().equals(SegmentGraph.TOKEN_ROWS);
      boolean inputGradient = tokenRows ? trainable.test(SegmentGraph.TOKEN_EMBEDDING) : s > 0;
      Map<String, INDArray> g = segment.graph().gradients(feeds, wanted(segment, inputGradient));
      NativeArrays.free(upstream);
      NativeArrays.free(feeds.get(SegmentGraph.POOLING));
      upstream = g.remove(segment.graph().input());
      collect(segment, g, gradients);
      if (tokenRows && upstream != null) {
        gradients.put(SegmentGraph.TOKEN_EMBEDDING, scatterRows(upstream, batch.tokens(), params.get(SegmentGraph.TOKEN_EMBEDDING)));
        NativeArrays.free(upstream);
        upstream = null;
      }
      if (inputs.get(s) != callerInput) {
        NativeArrays.free(inputs.get(s));
      }
    }
  }

  /** One-hot rows selecting each text's pooled token among the batch's {@code N * context} rows. */
  private INDArray pooling(Batch batch, DataType dtype) {
    int n = (int) batch.tokens().size(0);
    int ctx = (int) batch.tokens().size(1);
    INDArray s = Nd4j.zeros(dtype, n, (long) n * ctx);
    for (int i = 0; i < n; i++) {
      s.putScalar(i, (long) i * ctx + ClipGraphBuilder.poolPosition(batch.tokens().getRow(i).toIntVector(), config.text().eotTokenId()), 1.0);
    }
    return s;
  }

  /** The embedding table's gradient: each looked-up row's gradient added to its token's row. */
  private static INDArray scatterRows(INDArray rowGradients, INDArray tokens, INDArray table) {
    INDArray dense = Nd4j.zeros(table.dataType(), table.shape());
    int[] ids = tokens.reshape(-1).toIntVector();
    for (int r = 0; r < ids.length; r++) {
      dense.getRow(ids[r]).addi(rowGradients.getRow(r));
    }
    return dense;
  }

  private List<String> wanted(Segment segment, boolean inputGradient) {
    List<String> names = new ArrayList<>();
    for (String p : segment.graph().parameters()) {
      if (trainable.test(segment.binding().get(p))) {
        names.add(p);
      }
    }
    if (inputGradient) {
      names.add(segment.graph().input());
    }
    return names;
  }

  private static void collect(Segment segment, Map<String, INDArray> g, Map<String, INDArray> gradients) {
    g.forEach((placeholder, array) -> gradients.put(segment.binding().get(placeholder), array));
  }

  private static Map<String, INDArray> feeds(Segment segment, Map<String, INDArray> params, INDArray input) {
    Map<String, INDArray> feeds = new HashMap<>();
    segment.binding().forEach((placeholder, name) -> {
      INDArray a = params.get(name);
      checkArgument(a != null, "parameter '%s' is missing", name);
      feeds.put(placeholder, a);
    });
    feeds.put(segment.graph().input(), input);
    return feeds;
  }

  /** Frees an intermediate array now rather than when the garbage collector runs; never the caller's input. */
  private static void release(INDArray intermediate, INDArray callerOwned) {
    if (intermediate != callerOwned) {
      NativeArrays.free(intermediate);
    }
  }
}
