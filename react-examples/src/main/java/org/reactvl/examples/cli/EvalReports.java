package org.reactvl.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ClassAccuracy;
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.RetrievalReport;
import org.reactvl.modules.eval.ZeroShotReport;

/**
 * The forms {@code eval} reports in: a fixed-width table for people and a JSON document for tools.
 * Every figure is an estimate with its bootstrap 95% interval.
 */
final class EvalReports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvalReports() {}

  /** The k of "top-5": 5, or the number of classes when there are fewer. */
  static int topK(ZeroShotReport report) {
    return Math.min(5, report.perClass().size());
  }

  /** Overall and per-class top-1 and top-k accuracy, one row each. */
  static String table(ZeroShotReport report, int templates, Bootstrap bootstrap) {
    String top = "top-" + topK(report);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"class", "images", "top-1", "95% CI", top, "95% CI"});
    rows.add(row("overall", report.images(), report.top1(), report.top5()));
    for (ClassAccuracy c : report.perClass()) {
      rows.add(row(c.className(), c.images(), c.top1(), c.top5()));
    }
    return String.format(Locale.ROOT, "zero-shot: %d images, %d classes, %d prompt template%s, %s%n",
        report.images(), report.perClass().size(), templates, templates == 1 ? "" : "s", describe(bootstrap)) + render(rows);
  }

  /** Recall@K for both directions, one row each. */
  static String table(RetrievalReport report, Bootstrap bootstrap) {
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("direction"));
    report.imageToText().keySet().forEach(k -> {
      header.add("R@" + k);
      header.add("95% CI");
    });
    rows.add(header.toArray(String[]::new));
    rows.add(recallRow("image->text", report.imageToText()));
    rows.add(recallRow("text->image", report.textToImage()));
    return String.format(Locale.ROOT, "retrieval: %d image-caption pairs, %s%n", report.pairs(), describe(bootstrap)) + render(rows);
  }

  /** The zero-shot report as JSON: overall and per class ({@code null} figures for classes without images). */
  static ObjectNode json(ZeroShotReport report, List<String> templates, Bootstrap bootstrap) {
    ObjectNode root = JSON.createObjectNode().put("task", "zero-shot").put("images", report.images())
        .put("classes", report.perClass().size()).put("top5_k", topK(report));
    templates.forEach(root.putArray("templates")::add);
    root.set("bootstrap", json(bootstrap));
    root.set("top1", json(report.top1()));
    root.set("top5", json(report.top5()));
    var perClass = root.putArray("per_class");
    for (ClassAccuracy c : report.perClass()) {
      ObjectNode entry = perClass.addObject().put("class", c.className()).put("images", c.images());
      entry.set("top1", json(c.top1()));
      entry.set("top5", json(c.top5()));
    }
    return root;
  }

  /** The retrieval report as JSON: recall@K by K for each direction. */
  static ObjectNode json(RetrievalReport report, Bootstrap bootstrap) {
    ObjectNode root = JSON.createObjectNode().put("task", "retrieval").put("pairs", report.pairs());
    root.set("bootstrap", json(bootstrap));
    ObjectNode i2t = root.putObject("image_to_text");
    report.imageToText().forEach((k, v) -> i2t.set(Integer.toString(k), json(v)));
    ObjectNode t2i = root.putObject("text_to_image");
    report.textToImage().forEach((k, v) -> t2i.set(Integer.toString(k), json(v)));
    return root;
  }

  /** Writes {@code report} as indented JSON. */
  static void write(ObjectNode report, Path file) {
    try {
      AtomicFiles.writeString(file, JSON.writeValueAsString(report) + "\n");
    } catch (IOException e) {
      throw new ReactException("cannot write report '" + file + "': " + OutputFolders.describe(e), e);
    }
  }

  private static ObjectNode json(Bootstrap bootstrap) {
    return JSON.createObjectNode().put("resamples", bootstrap.resamples()).put("seed", bootstrap.seed()).put("confidence", 0.95);
  }

  private static ObjectNode json(Interval interval) {
    return interval == null ? null
        : JSON.createObjectNode().put("estimate", interval.estimate()).put("lower", interval.lower()).put("upper", interval.upper());
  }

  private static String describe(Bootstrap bootstrap) {
    return "95% intervals from " + bootstrap.resamples() + " bootstrap resamples (seed " + bootstrap.seed() + ")";
  }

  private static String[] row(String name, int images, Interval top1, Interval topK) {
    return new String[] {name, Integer.toString(images), estimate(top1), bounds(top1), estimate(topK), bounds(topK)};
  }

  private static String[] recallRow(String name, Map<Integer, Interval> recalls) {
    List<String> cells = new ArrayList<>(List.of(name));
    recalls.values().forEach(v -> {
      cells.add(estimate(v));
      cells.add(bounds(v));
    });
    return cells.toArray(String[]::new);
  }

  private static String estimate(Interval i) {
    return i == null ? "-" : String.format(Locale.ROOT, "%.4f", i.estimate());
  }

  private static String bounds(Interval i) {
    return i == null ? "-" : String.format(Locale.ROOT, "[%.4f, %.4f]", i.lower(), i.upper());
  }

  /** Names and intervals left-aligned, counts and estimates right-aligned, two spaces between columns. */
  private static String render(List<String[]> rows) {
    String[] header = rows.get(0);
    int[] widths = new int[header.length];
    for (String[] r : rows) {
      for (int c = 0; c < r.length; c++) {
        widths[c] = Math.max(widths[c], r[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < r.length; c++) {
        boolean left = c == 0 || header[c].equals("95% CI");
        line.append(c == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%" + (left ? "-" : "") + widths[c] + "s", r[c]));
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return out.toString();
  }
}
