package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.QuietStdout;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipGraphBuilder;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.gated.GatedModule;

/**
 * A run of consecutive pieces of one CLIP tower compiled into its own SameDiff graph in which the
 * input and every parameter are placeholders: a stateless function that the trainer evaluates and
 * differentiates. Parameters are named as those of layers {@code 0..layers-1};
 * {@link SegmentedObjective} binds them to the real layers, so one graph serves every run of the same
 * shape.
 *
 * <p>A segment that does not end in the loss is differentiated through {@code sum(out * upstream)},
 * where {@code upstream} is the loss gradient with respect to its output: the chain rule across
 * segments, which lets the trainer keep only each segment's input between the forward and the
 * backward pass (activation checkpointing).
 *
 * <p>Not thread-safe.
 */
final class SegmentGraph {
  static final String HIDDEN = "hidden";
  static final String PIXELS = "pixels";
  /** Token embeddings looked up outside the graph, {@code [N * context, width]}: see {@link #TOKEN_EMBEDDING}. */
  static final String TOKEN_ROWS = "token_rows";
  /**
   * The token embedding table: looked up and differentiated outside the graph, through
   * {@link #TOKEN_ROWS}, because SameDiff's gather gradient fails.
   */
  static final String TOKEN_EMBEDDING = "token_embedding.weight";
  /**
   * One-hot rows {@code [N, N * context]} selecting each text's pooled token: the text head pools by
   * a matrix product because SameDiff's gather gradient fails (see {@code ClipGraphBuilder#addTextPositions}).
   */
  static final String POOLING = "pooling";
  static final String TEXT_FEATURES = "text_features";
  static final String UPSTREAM = "upstream";
  static final String OUT = "out";
  static final String LOSS = "loss";
  private static final String OBJECTIVE = "objective";

  /**
   * What a segment computes.
   *
   * @param text the text tower (else the image tower)
   * @param embed starts at the tower's input (pixels, or looked-up token embeddings) rather than at
   *     hidden states
   * @param layers residual layers in the segment
   * @param gated each layer is preceded by a REACT gated block (image tower only)
   * @param head ends with the tower's head (features {@code [N, embedDim]})
   * @param loss ends with the contrastive loss against {@code text_features} (image tower, with head)
   */
  record Spec(boolean text, boolean embed, int layers, boolean gated, boolean head, boolean loss) {
    Spec {
      checkArgument(layers >= 0, "layers must be >= 0, but was %s", layers);
      checkArgument(!(text && (gated || loss)), "the text tower has no gated blocks and no loss");
      checkArgument(!loss || head, "the loss needs the head");
    }
  }

  private final Spec spec;
  private final SameDiff sd;
  private final SameDiff gradient;
  private final String input;
  private final List<String> parameters;
  private final Map<String, String> gradientNames;

  private SegmentGraph(Spec spec, SameDiff sd, SameDiff gradient, String input, List<String> parameters, Map<String, String> gradientNames) {
    this.spec = spec;
    this.sd = sd;
    this.gradient = gradient;
    this.input = input;
    this.parameters = List.copyOf(parameters);
    this.gradientNames = Map.copyOf(gradientNames);
  }

  /**
   * Builds the graph.
   *
   * @param trainable which parameters (by name; layer indices do not matter) get gradients; input
   *     hidden states always can
   * @param textGradients whether the loss segment differentiates the text features too (when the
   *     text tower trains)
   */
  static SegmentGraph build(ClipConfig config, Spec spec, DataType dtype, Predicate<String> trainable, boolean textGradients) {
    SameDiff sd = SameDiff.create();
    Map<String, long[]> shapes = new HashMap<>(ClipWeights.expectedShapes(config));
    if (spec.gated()) {
      for (int j = 0; j < spec.layers(); j++) {
        shapes.putAll(GatedModule.blockShapes(config, j));
      }
    }
    List<String> parameters = new ArrayList<>();
    Function<String, SDVariable> lookup =
        name -> {
          if (sd.hasVariable(name)) {
            return sd.getVariable(name);
          }
          long[] shape = shapes.get(name);
          checkState(shape != null, "no parameter named '%s'", name);
          parameters.add(name);
          return sd.placeHolder(name, dtype, shape);
        };
    ClipGraphBuilder b = new ClipGraphBuilder(sd, config, lookup);
    List<String> differentiable = new ArrayList<>();
    String input;
    SDVariable x;
    if (spec.text()) {
      ClipConfig.Text t = config.text();
      input = spec.embed() ? TOKEN_ROWS : HIDDEN;
      x = spec.embed() ? b.addTextPositions(sd.placeHolder(TOKEN_ROWS, dtype, -1, t.width()), t.contextLength()) : sd.placeHolder(HIDDEN, dtype, -1, t.width());
      if (spec.embed() && trainable.test(TOKEN_EMBEDDING)) {
        differentiable.add(TOKEN_ROWS);
      }
      for (int j = 0; j < spec.layers(); j++) {
        x = b.textBlock(x, j);
      }
      if (spec.head()) {
        x = b.textProjection(sd.mmul(sd.placeHolder(POOLING, dtype, -1, -1), b.textFinalNorm(x)));
      }
    } else {
      ClipConfig.Vision v = config.vision();
      input = spec.embed() ? PIXELS : HIDDEN;
      x = spec.embed() ? b.visionEmbed(sd.placeHolder(PIXELS, dtype, -1, 3, v.imageSize(), v.imageSize())) : sd.placeHolder(HIDDEN, dtype, -1, v.width());
      for (int j = 0; j < spec.layers(); j++) {
        if (spec.gated()) {
          x = b.gatedVisionBlock(x, j);
        }
        x = b.visionBlock(x, j);
      }
      if (spec.head()) {
        x = b.visionHead(x);
      }
      if (spec.loss()) {
        x = ContrastiveLoss.build(sd, x, sd.placeHolder(TEXT_FEATURES, dtype, -1, config.embedDim()), lookup.apply("logit_scale"));
        if (textGradients) {
          differentiable.add(TEXT_FEATURES);
        }
      }
    }
    if (input.equals(HIDDEN)) {
      differentiable.add(HIDDEN);
    }
    if (spec.loss()) {
      sd.updateVariableNameAndReference(x, LOSS);
      sd.setLossVariables(LOSS);
    } else {
      sd.updateVariableNameAndReference(x, OUT);
      long width = spec.head() ? config.embedDim() : spec.text() ? config.text().width() : config.vision().width();
      SDVariable objective = x.mul(sd.placeHolder(UPSTREAM, dtype, -1, width)).sum();
      sd.updateVariableNameAndReference(objective, OBJECTIVE);
      sd.setLossVariables(OBJECTIVE);
    }
    parameters.stream().filter(trainable).forEach(differentiable::add);
    Map<String, String> gradientNames = new HashMap<>();
    SameDiff gradient = null;
    if (!differentiable.isEmpty()) {
      // Quiet: SameDiff prints a line per differentiated op on System.out.
      QuietStdout.run(() -> sd.createGradFunction(differentiable.toArray(String[]::new)));
      gradient = sd.getFunction("grad");
      // SameDiff.calculateGradients turns this off, and then the session never releases an
      // intermediate array of the backward pass; see Sessions.
      gradient.setEnableCache(true);
      for (String name : differentiable) {
        gradientNames.put(name, sd.getVariable(name).gradient().name());
      }
    }
    return new SegmentGraph(spec, sd, gradient, input, parameters, gradientNames);
  }

  Spec spec() {
    return spec;
  }

  /** The input placeholder: {@code hidden}, {@code pixels} or {@code token_rows}. */
  String input() {
    return input;
  }

  /** The parameter placeholders, in the names of layers {@code 0..layers-1}. */
  List<String> parameters() {
    return parameters;
  }

  /** The segment's output (a new array the caller owns). */
  INDArray forward(Map<String, INDArray> feeds) {
    checkState(!spec.loss(), "the loss segment has no hidden output");
    Sessions.freeIntermediatesEagerly(sd);
    return sd.output(feeds, OUT).get(OUT);
  }

  /** The loss (forward only). */
  double loss(Map<String, INDArray> feeds) {
    checkState(spec.loss(), "only the last segment computes the loss");
    Sessions.freeIntermediatesEagerly(sd);
    INDArray loss = sd.output(feeds, LOSS).get(LOSS);
    double value = loss.getDouble(0);
    NativeArrays.free(loss);
    return value;
  }

  /**
   * Gradients of the loss with respect to {@code names} (arrays the caller owns); {@code feeds} holds
   * the input, the parameters and, unless this segment ends in the loss, {@code upstream}. For the
   * loss segment the loss itself comes back under {@link #LOSS}.
   */
  Map<String, INDArray> gradients(Map<String, INDArray> feeds, Collection<String> names) {
    checkState(gradient != null, "segment %s has nothing to differentiate", spec);
    List<String> outputs = new ArrayList<>();
    for (String name : names) {
      String g = gradientNames.get(name);
      checkState(g != null, "'%s' is not differentiable in segment %s", name, spec);
      outputs.add(g);
    }
    if (spec.loss()) {
      outputs.add(LOSS);
    }
    Sessions.freeIntermediatesEagerly(gradient);
    Map<String, INDArray> computed = gradient.output(feeds, outputs);
    Map<String, INDArray> out = new HashMap<>();
    for (String name : names) {
      out.put(name, computed.get(gradientNames.get(name)));
    }
    if (spec.loss()) {
      out.put(LOSS, computed.get(LOSS));
    }
    return out;
  }
}
