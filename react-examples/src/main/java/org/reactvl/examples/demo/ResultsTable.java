package org.reactvl.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reactvl.modules.eval.Interval;

/**
 * The demo's results as a plain-text table: one row per domain and arm with its training pairs and
 * the share on target, top-1 accuracy on the test images (mean over seeds) with its bootstrap 95%
 * interval, the paired difference from the base model with its 95% interval, top-5, and top-1 on
 * the validation images; then one verdict line per domain that says plainly whether REACT beat the
 * base model and the random-pairs control, judged by paired intervals. Stateless and thread-safe.
 */
public final class ResultsTable {
  private ResultsTable() {}

  /** The table, lines ending in '\n'. */
  public static String format(DemoResult result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"domain", "model", "pairs", "on target", "top-1 [95% CI]", "vs base [paired 95% CI]", "top-5", "validation top-1"});
    for (DomainResult d : result.domains()) {
      for (ArmResult a : d.arms()) {
        boolean base = a.arm() == DemoArm.BASE;
        rows.add(new String[] {
            base ? d.domain().id() : "",
            a.arm().title(),
            base ? "-" : Integer.toString(a.pairs()),
            base ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * a.precision()),
            percent(a.test().top1()) + (a.test().runs().size() > 1 ? String.format(Locale.ROOT, " sd %.1f", 100 * a.test().spread().sd()) : ""),
            base ? "" : difference(d.versus(a.arm(), DemoArm.BASE).test()),
            String.format(Locale.ROOT, "%5.1f%%", 100 * a.zeroShot().top5().estimate()),
            a.validation().map(v -> String.format(Locale.ROOT, "%5.1f%%", 100 * v.top1().estimate())).orElse("-")});
      }
    }
    StringBuilder out = new StringBuilder();
    int seeds = result.settings().seeds();
    out.append("Zero-shot accuracy on held-out Fluent emoji (test) and Streamline emoji (validation); top-1 ")
        .append(seeds > 1 ? "mean of " + seeds + " seeds (sd = spread between seeds)" : "of one seed")
        .append(", bootstrap 95% intervals over images; * = paired difference above zero\n");
    appendAligned(out, rows);
    for (DomainResult d : result.domains()) {
      out.append(verdict(d)).append('\n');
    }
    return out.toString();
  }

  /** One sentence on whether REACT helped on this domain, from paired differences against the base model and random pairs. */
  static String verdict(DomainResult d) {
    Interval overBase = d.versus(DemoArm.REACT_GATED, DemoArm.BASE).test();
    Interval overRandom = d.versus(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED).test();
    String random = d.reactAboveRandom() ? "retrieval beat random pairs"
        : d.reactBeatsRandom() ? "higher, but the interval includes zero"
        : "retrieval did NOT beat random pairs";
    return String.format(Locale.ROOT, "%s: REACT minus base %s points [%s, %s], %s; REACT minus random pairs %s points [%s, %s] (%s).",
        d.domain().id(), points(overBase.estimate()), points(overBase.lower()), points(overBase.upper()),
        d.aboveBase(DemoArm.REACT_GATED) ? "above zero" : "NOT above zero",
        points(overRandom.estimate()), points(overRandom.lower()), points(overRandom.upper()), random);
  }

  static String percent(Interval i) {
    return String.format(Locale.ROOT, "%5.1f%% [%4.1f, %4.1f]", 100 * i.estimate(), 100 * i.lower(), 100 * i.upper());
  }

  static String points(double delta) {
    return String.format(Locale.ROOT, "%+.1f", 100 * delta);
  }

  /** A paired difference in points with its interval, starred when the interval lies above zero. */
  static String difference(Interval i) {
    return points(i.estimate()) + " [" + points(i.lower()) + ", " + points(i.upper()) + "]" + (i.lower() > 0 ? " *" : "");
  }

  private static void appendAligned(StringBuilder out, List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String cell = row[c];
        boolean right = c == 2 || c == 3;
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(right ? pad + cell : cell + pad).append(c + 1 < row.length ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
