package org.reactvl.modules.eval;

/**
 * One class's zero-shot accuracy.
 *
 * @param className the class
 * @param images how many evaluated images belong to it
 * @param top1 top-1 accuracy on them with its interval ({@code null} when there are none)
 * @param top5 top-5 accuracy on them with its interval ({@code null} when there are none)
 */
public record ClassAccuracy(String className, int images, Interval top1, Interval top5) {}
