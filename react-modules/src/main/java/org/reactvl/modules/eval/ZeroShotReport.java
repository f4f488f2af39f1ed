package org.reactvl.modules.eval;

import java.util.List;

/**
 * Zero-shot accuracy of a set of images.
 *
 * @param images number of images
 * @param top1 top-1 accuracy with its bootstrap 95% interval
 * @param top5 top-5 accuracy (top-classes when fewer than 5) with its interval
 * @param perClass per class, in the classifier's class order
 * @param top1Hits per image, in input order, whether its top-1 class was right: what a paired
 *     comparison of two models on the same images needs ({@link Bootstrap#pairedDifference})
 */
public record ZeroShotReport(int images, Interval top1, Interval top5, List<ClassAccuracy> perClass, List<Boolean> top1Hits) {
  public ZeroShotReport {
    perClass = List.copyOf(perClass);
    top1Hits = List.copyOf(top1Hits);
    if (top1Hits.size() != images) {
      throw new IllegalArgumentException("top1Hits must hold one outcome per image (" + images + "), but held " + top1Hits.size());
    }
  }

  /** The per-image top-1 outcomes as 1 (hit) or 0 (miss). */
  public double[] top1Outcomes() {
    double[] out = new double[top1Hits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = top1Hits.get(i) ? 1 : 0;
    }
    return out;
  }
}
