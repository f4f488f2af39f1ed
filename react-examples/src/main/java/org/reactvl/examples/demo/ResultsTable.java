package org.reactvl.examples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reactvl.modules.eval.Interval;

/**
 * The demo's results as a plain-text table: one row per domain and arm with top-1 and top-5
 * accuracy, their bootstrap 95% intervals and the change from the base model, then one verdict line
 * per domain that says plainly whether REACT cleared the base model's interval and beat the
 * random-pairs control. Stateless and thread-safe.
 */
public final class ResultsTable {
  private ResultsTable() {}

  /** The table, lines ending in '\n'. */
  public static String format(DemoResult result) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"domain", "model", "pairs", "top-1 [95% CI]", "vs base", "top-5 [95% CI]", "vs base"});
    for (DomainResult d : result.domains()) {
      for (ArmResult a : d.arms()) {
        boolean base = a.arm() == DemoArm.BASE;
        double delta5 = a.zeroShot().top5().estimate() - d.arm(DemoArm.BASE).zeroShot().top5().estimate();
        rows.add(new String[] {
            base ? d.domain().id() : "",
            a.arm().title(),
            base ? "-" : Integer.toString(a.pairs()),
            percent(a.zeroShot().top1()),
            base ? "" : points(d.top1Delta(a.arm())) + (d.beyondBaseInterval(a.arm()) ? " *" : ""),
            percent(a.zeroShot().top5()),
            base ? "" : points(delta5)});
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Zero-shot accuracy on held-out Fluent emoji (bootstrap 95% intervals; * = above the base model's interval)\n");
    appendAligned(out, rows);
    for (DomainResult d : result.domains()) {
      out.append(verdict(d)).append('\n');
    }
    return out.toString();
  }

  /** One sentence on whether REACT helped on this domain, against the base model and the random-pairs control. */
  static String verdict(DomainResult d) {
    double overRandom = d.arm(DemoArm.REACT_GATED).zeroShot().top1().estimate() - d.arm(DemoArm.RANDOM_GATED).zeroShot().top1().estimate();
    String random = !d.reactBeatsRandom() ? "retrieval did NOT beat random pairs"
        : d.reactBeyondRandomInterval() ? "above the random-pairs 95% interval"
        : "higher, but within the random-pairs 95% interval";
    return String.format(Locale.ROOT, "%s: REACT top-1 %s points vs base, %s the base model's 95%% interval; %s points vs random pairs (%s).",
        d.domain().id(), points(d.top1Delta(DemoArm.REACT_GATED)),
        d.beyondBaseInterval(DemoArm.REACT_GATED) ? "above" : "NOT above", points(overRandom), random);
  }

  static String percent(Interval i) {
    return String.format(Locale.ROOT, "%5.1f%% [%4.1f, %4.1f]", 100 * i.estimate(), 100 * i.lower(), 100 * i.upper());
  }

  static String points(double delta) {
    return String.format(Locale.ROOT, "%+.1f", 100 * delta);
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
        boolean right = c == 2;
        String pad = " ".repeat(widths[c] - cell.length());
        line.append(right ? pad + cell : cell + pad).append(c + 1 < row.length ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
