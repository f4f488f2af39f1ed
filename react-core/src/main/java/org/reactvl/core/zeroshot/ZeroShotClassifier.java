package org.reactvl.core.zeroshot;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;

/**
 * CLIP's zero-shot classifier: every class name is put into every prompt template, the prompts are
 * encoded by the text tower, L2-normalised, averaged per class and normalised again; an image's
 * class scores are {@code exp(logit_scale)} times the cosine with each class weight, and its
 * probabilities their softmax.
 *
 * <p>The class weights depend only on the text tower, which REACT never changes, so one classifier
 * serves a base model and all its customized views.
 *
 * <pre>{@code
 * ZeroShotClassifier zs = ZeroShotClassifier.build(clip, ClipTokenizer.load(), List.of("dog", "cat"), PromptTemplates.imagenet80());
 * List<List<Prediction>> top = zs.classify(clip.encodeImages(pixels), 5);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ZeroShotClassifier {
  private final List<String> classNames;
  private final INDArray classWeights;
  private final float logitScale;

  private ZeroShotClassifier(List<String> classNames, INDArray classWeights, float logitScale) {
    this.classNames = List.copyOf(classNames);
    this.classWeights = classWeights;
    this.logitScale = logitScale;
  }

  /**
   * Encodes {@code classNames x templates} with {@code model}'s text tower.
   *
   * @throws IllegalArgumentException for an empty class list, a blank or duplicate class name
   */
  public static ZeroShotClassifier build(
      ClipModel model, ClipTokenizer tokenizer, List<String> classNames, PromptTemplates templates) {
    checkClassNames(classNames);
    List<String> prompts = new ArrayList<>(classNames.size() * templates.size());
    for (String c : classNames) {
      prompts.addAll(templates.fill(c));
    }
    int context = model.config().text().contextLength();
    int[][] tokens = new int[prompts.size()][];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = tokenizer.tokenize(prompts.get(i), context);
    }
    return fromPromptFeatures(classNames, model.encodeTokens(tokens), templates.size(), model.logitScale());
  }

  /**
   * A classifier from already encoded prompts: {@code promptFeatures} holds {@code templates} rows
   * per class, class after class ({@code [classes * templates, embedDim]}, unnormalised), as the
   * text tower returns them for {@code PromptTemplates.fill} of each class in turn.
   *
   * @throws IllegalArgumentException for bad class names or a row count that is not classes x templates
   */
  public static ZeroShotClassifier fromPromptFeatures(List<String> classNames, INDArray promptFeatures, int templates, float logitScale) {
    checkClassNames(classNames);
    checkArgument(templates > 0, "templates must be positive, but was %s", templates);
    checkArgument(
        promptFeatures.rank() == 2 && promptFeatures.size(0) == (long) classNames.size() * templates,
        "prompt features must have %s x %s rows, but had shape %s",
        classNames.size(), templates, java.util.Arrays.toString(promptFeatures.shape()));
    INDArray text = ClipModel.normalizeRows(promptFeatures);
    INDArray weights = Nd4j.create(text.dataType(), classNames.size(), text.size(1));
    for (int i = 0; i < classNames.size(); i++) {
      weights.putRow(i, text.get(org.nd4j.linalg.indexing.NDArrayIndex.interval((long) i * templates, (long) (i + 1) * templates)).mean(0));
    }
    return new ZeroShotClassifier(classNames, ClipModel.normalizeRows(weights), logitScale);
  }

  private static void checkClassNames(List<String> classNames) {
    checkArgument(!classNames.isEmpty(), "class names must not be empty");
    Set<String> seen = new HashSet<>();
    for (String c : classNames) {
      checkArgument(c != null && !c.isBlank(), "class names must not be blank, but one was '%s'", c);
      checkArgument(seen.add(c), "class names must be unique, but '%s' appears twice", c);
    }
  }

  /** The classes, in the order of the weight rows. */
  public List<String> classNames() {
    return classNames;
  }

  /** Normalised class weights {@code [classes, embedDim]} (a copy). */
  public INDArray classWeights() {
    return classWeights.dup();
  }

  /** {@code exp(logit_scale) * cos(image, class)}: {@code [images, classes]}. */
  public INDArray logits(INDArray imageFeatures) {
    checkArgument(
        imageFeatures.rank() == 2 && imageFeatures.size(1) == classWeights.size(1),
        "image features must have shape [N, %s], but had %s",
        classWeights.size(1),
        java.util.Arrays.toString(imageFeatures.shape()));
    return ClipModel.normalizeRows(imageFeatures).mmul(classWeights.transpose()).muli(Math.exp(logitScale));
  }

  /** The {@code topK} classes per image, best first, with softmax probabilities over all classes. */
  public List<List<Prediction>> classify(INDArray imageFeatures, int topK) {
    checkArgument(topK > 0, "topK must be positive, but was %s", topK);
    INDArray probs = Transforms.softmax(logits(imageFeatures), true);
    List<List<Prediction>> out = new ArrayList<>();
    int k = Math.min(topK, classNames.size());
    for (int i = 0; i < probs.rows(); i++) {
      float[] p = probs.getRow(i).toFloatVector();
      Integer[] order = new Integer[p.length];
      for (int j = 0; j < p.length; j++) {
        order[j] = j;
      }
      java.util.Arrays.sort(order, (a, b) -> p[a] != p[b] ? Float.compare(p[b], p[a]) : Integer.compare(a, b));
      List<Prediction> row = new ArrayList<>(k);
      for (int j = 0; j < k; j++) {
        row.add(new Prediction(classNames.get(order[j]), order[j], p[order[j]]));
      }
      out.add(List.copyOf(row));
    }
    return out;
  }

  /** One predicted class: its name, index in {@link #classNames()}, and probability. */
  public record Prediction(String label, int classIndex, float probability) {}
}
