package org.reactvl.modules.eval;

import java.util.List;

/**
 * Zero-shot accuracy of a set of images.
 *
 * @param images number of images
 * @param top1 top-1 accuracy with its bootstrap 95% interval
 * @param top5 top-5 accuracy (top-classes when fewer than 5) with its interval
 * @param perClass per class, in the classifier's class order
 */
public record ZeroShotReport(int images, Interval top1, Interval top5, List<ClassAccuracy> perClass) {
  public ZeroShotReport {
    perClass = List.copyOf(perClass);
  }
}
