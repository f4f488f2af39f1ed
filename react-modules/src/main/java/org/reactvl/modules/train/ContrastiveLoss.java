package org.reactvl.modules.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * CLIP's symmetric InfoNCE loss, written out from elementary ops because SameDiff 1.0.0-M2.1's
 * softmax cross-entropy ignores the upstream gradient and its log-softmax and log-sum-exp gradients
 * fail.
 *
 * <p>With {@code u_i} and {@code v_j} the L2-normalised image and text features of a batch of
 * {@code B} pairs and {@code s = exp(logit_scale)}, the logits are {@code z_ij = s u_i . v_j} and
 * <pre>
 *   loss = 1/2 [ 1/B sum_i (lse_j z_ij - z_ii) + 1/B sum_j (lse_i z_ij - z_jj) ]
 * </pre>
 * where {@code lse} is log-sum-exp, computed stably as {@code m + log sum exp(z - m)} with {@code m}
 * the row (column) maximum; the maximum's gradient cancels exactly, so its choice changes no
 * gradient. The diagonal is computed as a row-wise dot product rather than extracted.
 */
final class ContrastiveLoss {
  /** Added under the square root of the squared norm: keeps a zero feature vector finite. */
  static final double NORM_EPS = 1e-12;

  private ContrastiveLoss() {}

  /** The loss, a scalar, for image and text features {@code [B, E]} and the 0-d {@code logit_scale}. */
  static SDVariable build(SameDiff sd, SDVariable imageFeatures, SDVariable textFeatures, SDVariable logitScale) {
    SDVariable u = normalizeRows(sd, imageFeatures);
    SDVariable v = normalizeRows(sd, textFeatures);
    SDVariable scale = sd.math.exp(logitScale);
    SDVariable logits = sd.mmul(u, v, false, true, false).mul(scale);
    SDVariable diagonal = u.mul(v).sum(true, 1).mul(scale);
    SDVariable imageToText = logSumExp(sd, logits, 1).sub(diagonal).mean();
    SDVariable textToImage = logSumExp(sd, logits, 0).sub(diagonal.reshape(1, -1)).mean();
    return imageToText.add(textToImage).mul(0.5);
  }

  private static SDVariable normalizeRows(SameDiff sd, SDVariable x) {
    return x.div(sd.math.sqrt(x.mul(x).sum(true, 1).add(NORM_EPS)));
  }

  private static SDVariable logSumExp(SameDiff sd, SDVariable z, int dim) {
    SDVariable max = z.max(true, dim);
    return sd.math.log(sd.math.exp(z.sub(max)).sum(true, dim)).add(max);
  }
}
