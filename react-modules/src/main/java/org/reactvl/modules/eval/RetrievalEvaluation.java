package org.reactvl.modules.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipModel;

/**
 * Image-text retrieval recall@K on paired embeddings: image {@code i} and text {@code i} belong
 * together. Image-to-text recall@K is the fraction of images whose text is among the K texts with
 * the highest cosine; text-to-image the converse. Ties are broken by index. Each value comes with a
 * bootstrap 95% interval over the queries.
 *
 * <pre>{@code
 * RetrievalReport r = RetrievalEvaluation.evaluate(images, texts, new int[] {1, 5, 10}, Bootstrap.DEFAULT);
 * double r5 = r.imageToText().get(5).estimate();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RetrievalEvaluation {
  private RetrievalEvaluation() {}

  /**
   * @param imageFeatures {@code [N, E]}
   * @param textFeatures {@code [N, E]}, row i paired with image row i
   * @param ks the K values, each positive
   */
  public static RetrievalReport evaluate(INDArray imageFeatures, INDArray textFeatures, int[] ks, Bootstrap bootstrap) {
    checkArgument(
        imageFeatures.rank() == 2 && java.util.Arrays.equals(imageFeatures.shape(), textFeatures.shape()),
        "image and text features must have the same shape [N, E], but had %s and %s",
        java.util.Arrays.toString(imageFeatures.shape()), java.util.Arrays.toString(textFeatures.shape()));
    checkArgument(ks.length > 0, "at least one K must be given");
    for (int k : ks) {
      checkArgument(k > 0, "K must be positive, but was %s", k);
    }
    float[][] sim = ClipModel.normalizeRows(imageFeatures).mmul(ClipModel.normalizeRows(textFeatures).transpose()).toFloatMatrix();
    int n = sim.length;
    int[] imageRanks = new int[n];
    int[] textRanks = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j != i && (sim[i][j] > sim[i][i] || (sim[i][j] == sim[i][i] && j < i))) {
          imageRanks[i]++;
        }
        if (j != i && (sim[j][i] > sim[i][i] || (sim[j][i] == sim[i][i] && j < i))) {
          textRanks[i]++;
        }
      }
    }
    Map<Integer, Interval> i2t = new TreeMap<>();
    Map<Integer, Interval> t2i = new TreeMap<>();
    for (int k : ks) {
      i2t.put(k, bootstrap.mean(hits(imageRanks, k), 2L * k));
      t2i.put(k, bootstrap.mean(hits(textRanks, k), 2L * k + 1));
    }
    return new RetrievalReport(n, i2t, t2i);
  }

  private static boolean[] hits(int[] ranks, int k) {
    boolean[] h = new boolean[ranks.length];
    for (int i = 0; i < ranks.length; i++) {
      h[i] = ranks[i] < k;
    }
    return h;
  }
}
