package org.reactvl.modules.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.zeroshot.ZeroShotClassifier;

/**
 * Zero-shot classification accuracy, overall and per class, with bootstrap confidence intervals.
 * Class weights come from a {@link ZeroShotClassifier} (the mean of each class's L2-normalised
 * prompt embeddings, normalised again; {@link ZeroShotClassifier#fromPromptFeatures} builds one from
 * precomputed prompt embeddings). An image is a top-k hit when its true class is among the k classes
 * with the highest cosine (ties broken by class order); top-5 becomes top-(classes) when there are
 * fewer than 5.
 *
 * <pre>{@code
 * ZeroShotReport r = ZeroShotEvaluation.evaluate(classifier, custom.encodeImages(pixels), labels, Bootstrap.DEFAULT);
 * System.out.println(r.top1());   // 0.6860 [0.6790, 0.6931]
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ZeroShotEvaluation {
  private ZeroShotEvaluation() {}

  /**
   * Evaluates image features {@code [N, embedDim]} with true class indices {@code labels}.
   *
   * @throws IllegalArgumentException if the sizes disagree or a label is out of range
   */
  public static ZeroShotReport evaluate(ZeroShotClassifier classifier, INDArray imageFeatures, int[] labels, Bootstrap bootstrap) {
    int n = labels.length;
    int classes = classifier.classNames().size();
    checkArgument(n > 0, "there must be at least one image");
    checkArgument(imageFeatures.rank() == 2 && imageFeatures.size(0) == n, "image features must have %s rows (one per label), but had shape %s", n, java.util.Arrays.toString(imageFeatures.shape()));
    float[][] scores = classifier.logits(imageFeatures).toFloatMatrix();
    boolean[] top1 = new boolean[n];
    boolean[] top5 = new boolean[n];
    int k5 = Math.min(5, classes);
    for (int i = 0; i < n; i++) {
      checkArgument(labels[i] >= 0 && labels[i] < classes, "label %s must be in [0, %s), but was %s", i, classes, labels[i]);
      int rank = rank(scores[i], labels[i]);
      top1[i] = rank == 0;
      top5[i] = rank < k5;
    }
    List<ClassAccuracy> perClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (labels[i] == c) {
          members.add(i);
        }
      }
      if (members.isEmpty()) {
        perClass.add(new ClassAccuracy(classifier.classNames().get(c), 0, null, null));
        continue;
      }
      boolean[] h1 = new boolean[members.size()];
      boolean[] h5 = new boolean[members.size()];
      for (int j = 0; j < members.size(); j++) {
        h1[j] = top1[members.get(j)];
        h5[j] = top5[members.get(j)];
      }
      perClass.add(new ClassAccuracy(classifier.classNames().get(c), members.size(), bootstrap.mean(h1, 2L + 2L * c), bootstrap.mean(h5, 3L + 2L * c)));
    }
    List<Boolean> hits = new ArrayList<>(n);
    for (boolean h : top1) {
      hits.add(h);
    }
    return new ZeroShotReport(n, bootstrap.mean(top1, 0), bootstrap.mean(top5, 1), perClass, hits);
  }

  /** How many classes score above the true one (ties: classes before it count as above). */
  private static int rank(float[] scores, int label) {
    int above = 0;
    for (int c = 0; c < scores.length; c++) {
      if (c != label && (scores[c] > scores[label] || (scores[c] == scores[label] && c < label))) {
        above++;
      }
    }
    return above;
  }
}
