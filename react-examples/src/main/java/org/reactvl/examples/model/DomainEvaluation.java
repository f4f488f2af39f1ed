package org.reactvl.examples.model;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.core.zeroshot.ZeroShotClassifier;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ZeroShotEvaluation;
import org.reactvl.modules.eval.ZeroShotReport;

/**
 * Zero-shot accuracy of a model on a labelled emoji test set of one {@link Domain}: the domain's
 * class names become prompts, every test image is encoded in batches, and top-1/top-5 come with
 * bootstrap intervals.
 *
 * <p>The default prompt is the bare class name: the emoji captions the models here are trained on
 * start with the emoji's name ("dog face", "banana: fruit, potassium"), never with "a photo of".
 *
 * <p>Stateless and thread-safe.
 */
public final class DomainEvaluation {
  /** The prompt set used for emoji domains: the class name alone. */
  public static final PromptTemplates EMOJI_PROMPTS = new PromptTemplates("class-name", List.of("{}"));

  private static final int BATCH = 64;

  private DomainEvaluation() {}

  /** Evaluates {@code model} on {@code testSet}, whose items must be labelled with {@code domain}'s classes. */
  public static ZeroShotReport evaluate(ClipModel model, Domain domain, List<EmojiImage> testSet, Bootstrap bootstrap) {
    return evaluate(model, domain, domain.classNames(), testSet, bootstrap);
  }

  /**
   * Evaluates {@code model} on {@code testSet} as a {@code classes}-way classification: a subset of
   * {@code domain}'s classes, in the order of the report's per-class figures. Every test item must be
   * labelled with one of them.
   */
  public static ZeroShotReport evaluate(ClipModel model, Domain domain, List<String> classes, List<EmojiImage> testSet, Bootstrap bootstrap) {
    checkArgument(!testSet.isEmpty(), "the %s test set must not be empty", domain.id());
    checkArgument(!classes.isEmpty(), "the %s classes to evaluate must not be empty", domain.id());
    for (String c : classes) {
      domain.conceptsOf(c); // throws for a class the domain does not have
    }
    int[] labels = new int[testSet.size()];
    for (int i = 0; i < labels.length; i++) {
      EmojiImage item = testSet.get(i);
      String label = item.label().orElseThrow(
          () -> new IllegalArgumentException("test image '" + item.id() + "' must have a label of domain " + domain.id()));
      labels[i] = classes.indexOf(label);
      checkArgument(labels[i] >= 0, "label '%s' of test image '%s' must be one of the %s classes evaluated, but is not", label, item.id(), domain.id());
    }
    ZeroShotClassifier classifier = ZeroShotClassifier.build(model, ClipTokenizer.load(), classes, EMOJI_PROMPTS);
    return ZeroShotEvaluation.evaluate(classifier, encode(model, testSet), labels, bootstrap);
  }

  /** Image features {@code [N, embedDim]} of the given emoji images, in order. */
  public static INDArray encode(ClipModel model, List<EmojiImage> images) {
    int size = model.config().vision().imageSize();
    List<INDArray> parts = new ArrayList<>();
    for (int from = 0; from < images.size(); from += BATCH) {
      List<Path> files = images.subList(from, Math.min(images.size(), from + BATCH)).stream().map(EmojiImage::png).toList();
      float[] nchw = Pretraining.preprocessor(size).preprocessBatch(files);
      parts.add(model.encodeImages(Nd4j.create(nchw, new long[] {files.size(), 3, size, size}, 'c')));
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new));
  }
}
