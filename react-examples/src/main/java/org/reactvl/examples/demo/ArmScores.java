package org.reactvl.examples.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.Spread;
import org.reactvl.modules.eval.ZeroShotReport;

/**
 * One arm's zero-shot results on one image set over its training seeds. Immutable.
 *
 * @param runs one report per seed, in seed order (the base model: one)
 * @param top1 top-1 over seeds: the mean of each image's share of seeds that got it right, with a
 *     bootstrap 95% interval over images (for one seed, that seed's top-1 and interval)
 * @param spread how top-1 varies between seeds
 * @param outcomes per image, the share of seeds that got it right: what paired differences compare
 */
public record ArmScores(List<ZeroShotReport> runs, Interval top1, Spread spread, List<Double> outcomes) {

  public ArmScores {
    runs = List.copyOf(runs);
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("runs must hold at least one report");
    }
    Objects.requireNonNull(top1, "top1 must not be null");
    Objects.requireNonNull(spread, "spread must not be null");
    outcomes = List.copyOf(outcomes);
  }

  /** The scores of {@code runs} (same images, same order), top-1 bootstrapped with {@code bootstrap}. */
  static ArmScores of(List<ZeroShotReport> runs, Bootstrap bootstrap) {
    int images = runs.get(0).images();
    double[] share = new double[images];
    double[] top1s = new double[runs.size()];
    for (int r = 0; r < runs.size(); r++) {
      ZeroShotReport run = runs.get(r);
      if (run.images() != images) {
        throw new IllegalArgumentException("every run must be evaluated on the same " + images + " images, but run " + r + " had "
            + run.images());
      }
      double[] hits = run.top1Outcomes();
      for (int i = 0; i < images; i++) {
        share[i] += hits[i] / runs.size();
      }
      top1s[r] = run.top1().estimate();
    }
    Interval top1 = runs.size() == 1 ? runs.get(0).top1() : bootstrap.mean(share, 0);
    return new ArmScores(runs, top1, Spread.of(top1s), Arrays.stream(share).boxed().toList());
  }

  /** The first seed's report: its top-5 and per-class figures stand for the arm in tables and charts. */
  public ZeroShotReport first() {
    return runs.get(0);
  }

  /** {@link #outcomes()} as an array. */
  double[] outcomeArray() {
    return outcomes.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
