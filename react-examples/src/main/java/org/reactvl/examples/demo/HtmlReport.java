package org.reactvl.examples.demo;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.modules.eval.Interval;

/**
 * Writes the demo's HTML report: {@code report.html} in the output folder, with everything it shows
 * in {@code report/} beside it (charts as PNG, the gallery's images copied from the render cache),
 * so the folder can be moved or zipped and opened in any browser without a network.
 *
 * <p>Sections: the results table with bootstrap 95% intervals and a plain verdict per domain; per
 * domain the retrieval figures, the per-class accuracy and loss-curve charts, and a gallery of the
 * best-scoring retrieved images of each class with their captions, scores and whether they show one
 * of the class's own emoji (a check mark) or not; timings; the settings and the model's provenance;
 * credits for the emoji sets. Stateless and thread-safe.
 */
public final class HtmlReport {
  /** The folder, beside report.html, holding its charts and images. */
  public static final String ASSETS = "report";

  private HtmlReport() {}

  /** Writes the report of {@code result} into its output folder, replacing an earlier one. */
  public static void write(DemoResult result) {
    Path out = result.settings().out();
    Path assets = out.resolve(ASSETS);
    StringBuilder html = new StringBuilder();
    // The assets folder is replaced whole, and only when it holds what an earlier report wrote.
    OutputFolders.replace(assets, "demo report", folder -> {
      Files.createDirectories(folder.resolve("images"));
      head(html);
      summary(html, result);
      for (DomainResult d : result.domains()) {
        domain(html, d, result.settings().galleryPerClass(), folder);
      }
      timings(html, result);
      provenance(html, result);
      html.append("</body>\n</html>\n");
    });
    try {
      AtomicFiles.writeString(result.reportFile(), html);
    } catch (IOException e) {
      throw new ReactException("cannot write the report in " + out + ": " + e.getMessage(), e);
    }
  }

  private static void head(StringBuilder html) {
    html.append("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>REACT demo report</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; }
        th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .good { color: #1a7f37; font-weight: 600; } .bad { color: #b42318; font-weight: 600; }
        .gallery { display: flex; flex-wrap: wrap; gap: 8px; }
        figure { margin: 0; width: 112px; font-size: 11px; text-align: center; }
        figure img { width: 64px; height: 64px; image-rendering: pixelated; background: #fff; border: 1px solid #eee; }
        figure.off { opacity: 0.75; } figure.off img { border-color: #f3b0a9; }
        details { margin: 0.4em 0; } summary { cursor: pointer; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
        </style>
        </head>
        <body>
        <h1>REACT demo: retrieval-augmented customization of a small CLIP</h1>
        """);
  }

  private static void summary(StringBuilder html, DemoResult r) {
    DemoSettings s = r.settings();
    html.append("<p>Base model <b>").append(esc(r.model().source())).append("</b> (fingerprint <code>")
        .append(esc(r.model().fingerprint().substring(0, 16))).append("</code>). Pool: ").append(r.index().pairs())
        .append(" image-text pairs. For each domain, ").append(s.perClass()).append(" pairs per class are retrieved by the class name alone (")
        .append(esc(s.retrieval().description()))
        .append("), and each model trains ")
        .append(s.epochs()).append(" epochs").append(s.seeds() > 1 ? ", once per seed (" + s.seeds() + " seeds; top-1 is the mean)" : "")
        .append(". Test images are the held-out Microsoft Fluent renderings, validation images the Streamline renderings: design families the"
            + " pool never contains. Recipe choices are made on the validation figures, never on the test figures.")
        .append(" Accuracies come with bootstrap 95% intervals (").append(s.bootstrapResamples()).append(" resamples); differences between"
            + " models are paired (the same images resampled together).</p>\n");
    html.append("<h2>Results</h2>\n<table>\n<tr><th>domain</th><th>model</th><th>pairs</th><th>in-domain pairs</th><th>on target</th>"
        + "<th>top-1 [95% CI]</th><th>vs base [paired 95% CI]</th><th>top-5 [95% CI]</th><th>vs base</th><th>validation top-1</th></tr>\n");
    for (DomainResult d : r.domains()) {
      for (ArmResult a : d.arms()) {
        boolean base = a.arm() == DemoArm.BASE;
        double delta5 = a.zeroShot().top5().estimate() - d.arm(DemoArm.BASE).zeroShot().top5().estimate();
        html.append("<tr><td>").append(base ? esc(d.domain().id()) : "").append("</td><td>").append(swatch(a.arm())).append(esc(a.arm().title()))
            .append("</td><td class=num>").append(base ? "" : a.pairs())
            .append("</td><td class=num>").append(base ? "" : a.inDomainPairs())
            .append("</td><td class=num>").append(base ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * a.precision()))
            .append("</td><td class=num>").append(esc(ResultsTable.percent(a.test().top1())))
            .append("</td><td class=num>").append(base ? "" : delta(d.versus(a.arm(), DemoArm.BASE).test()))
            .append("</td><td class=num>").append(esc(ResultsTable.percent(a.zeroShot().top5())))
            .append("</td><td class=num>").append(base ? "" : esc(ResultsTable.points(delta5)))
            .append("</td><td class=num>").append(a.validation().map(v -> esc(ResultsTable.percent(v.top1()))).orElse("-"))
            .append("</td></tr>\n");
      }
    }
    html.append("</table>\n<p>A bold green change has a paired 95% interval above zero. \"In-domain pairs\": training pairs whose pool"
        + " image shows an emoji of one of the domain's classes; \"on target\": the share that shows the very class it was retrieved for"
        + " (retrieval precision; random pairs have no class, so their in-domain share). The oracle trains on the pool's own drawings of"
        + " each class, as many as REACT retrieved: the ceiling of perfect retrieval.</p>\n<ul>\n");
    for (DomainResult d : r.domains()) {
      boolean good = d.aboveBase(DemoArm.REACT_GATED) && d.reactAboveRandom();
      html.append("<li class=").append(good ? "good" : "bad").append(">").append(esc(ResultsTable.verdict(d))).append("</li>\n");
    }
    html.append("</ul>\n");
  }

  private static void domain(StringBuilder html, DomainResult d, int perClass, Path assets) throws IOException {
    String id = d.domain().id();
    int onTarget = d.retrieval().stream().mapToInt(DomainResult.ClassRetrieval::onTarget).sum();
    html.append("<h2>").append(esc(id)).append("</h2>\n<p>").append(d.classes().size()).append(" classes, ").append(d.testImages())
        .append(" held-out test images. Retrieved ").append(d.retrieved().size()).append(" pairs (manifest <code>")
        .append(esc(d.retrievedFile().toString())).append("</code>); ").append(onTarget).append(String.format(Locale.ROOT, " (%.0f%%)",
            d.retrieved().size() == 0 ? 0.0 : 100.0 * onTarget / d.retrieved().size()))
        .append(" show an emoji of the class they were retrieved for.</p>\n");
    DemoCharts.perClassAccuracy(d, assets.resolve(id + "-per-class.png"));
    DemoCharts.lossCurves(d, assets.resolve(id + "-loss.png"));
    html.append("<p><img src=\"").append(ASSETS).append('/').append(esc(id)).append("-loss.png\" alt=\"training loss of ").append(esc(id))
        .append("\" width=900></p>\n");
    html.append("<p><img src=\"").append(ASSETS).append('/').append(esc(id)).append("-per-class.png\" alt=\"per-class top-1 accuracy of ")
        .append(esc(id)).append("\" width=900></p>\n");
    html.append("<h3>Retrieved images per class</h3>\n<p>The ").append(perClass)
        .append(" best-scoring pairs of each class, with the pool caption each trains on and the retrieval score of the class-name query (cosine; fused rank score for hybrid);"
            + " &#10003; marks an emoji of the class itself, &#10007; one of another concept.</p>\n");
    Map<String, List<RetrievedPair>> byClass = d.retrieved().byClass();
    for (DomainResult.ClassRetrieval c : d.retrieval()) {
      html.append("<details").append(c == d.retrieval().get(0) ? " open" : "").append("><summary><b>").append(esc(c.className()))
          .append("</b>: ").append(c.pairs()).append(" pairs, ").append(c.onTarget()).append(" on target, mean score ")
          .append(String.format(Locale.ROOT, "%.3f", c.meanScore())).append("</summary>\n<div class=gallery>\n");
      for (RetrievedPair p : byClass.get(c.className()).stream().limit(perClass).toList()) {
        String image = copyImage(p, assets);
        boolean hit = DemoPipeline.isOnTarget(d.domain(), c.className(), p.pair());
        html.append("<figure class=").append(hit ? "on" : "off").append("><img src=\"").append(esc(image)).append("\" alt=\"")
            .append(esc(p.pair().caption())).append("\"><figcaption>").append(hit ? "&#10003; " : "&#10007; ").append(esc(p.pair().caption()))
            .append("<br>").append(String.format(Locale.ROOT, "%.3f", p.score())).append(" &middot; ")
            .append(esc(p.pair().metadata().getOrDefault(PoolIndex.FAMILY_KEY, ""))).append("</figcaption></figure>\n");
      }
      html.append("</div></details>\n");
    }
  }

  private static void timings(StringBuilder html, DemoResult r) {
    html.append("<h2>Timings</h2>\n<table>\n<tr><th>stage</th><th>seconds</th></tr>\n");
    r.seconds().forEach((stage, sec) -> row(html, stage, sec));
    for (DomainResult d : r.domains()) {
      d.seconds().forEach((stage, sec) -> row(html, d.domain().id() + " " + stage, sec));
    }
    html.append("</table>\n");
  }

  private static void row(StringBuilder html, String stage, double seconds) {
    html.append("<tr><td>").append(esc(stage)).append("</td><td class=num>").append(String.format(Locale.ROOT, "%.1f", seconds)).append("</td></tr>\n");
  }

  private static void provenance(StringBuilder html, DemoResult r) {
    html.append("<h2>Settings and model</h2>\n<table>\n");
    r.settings().toMap().forEach((k, v) -> html.append("<tr><td>").append(esc(k)).append("</td><td>").append(esc(String.valueOf(v))).append("</td></tr>\n"));
    html.append("<tr><td>model path</td><td>").append(esc(r.model().path().toString())).append("</td></tr>\n");
    html.append("<tr><td>model config</td><td>").append(esc(r.model().config())).append("</td></tr>\n");
    r.model().provenance().forEach((k, v) -> html.append("<tr><td>model ").append(esc(k)).append("</td><td>").append(esc(String.valueOf(v)))
        .append("</td></tr>\n"));
    html.append("</table>\n<p>All figures are also in <code>").append(DemoResult.RESULTS_FILE).append("</code>.</p>\n");
    html.append("<h2>Credits</h2>\n<p>Emoji art, rendered from the Iconify JSON sets on Maven Central:</p>\n<ul>\n");
    for (String credit : r.credits()) {
      html.append("<li>").append(esc(credit)).append("</li>\n");
    }
    html.append("</ul>\n<p>Names and keywords: Unicode CLDR via jemoji (Apache-2.0) and emojilib (MIT).</p>\n");
  }

  /** Copies a retrieved pair's image into the assets and returns its path relative to report.html. */
  private static String copyImage(RetrievedPair p, Path assets) throws IOException {
    String name = p.id().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "_") + ".png";
    Path target = assets.resolve("images").resolve(name);
    if (!Files.exists(target)) {
      Path source = p.pair().imageFile().orElseThrow(
          () -> new IllegalArgumentException("image of retrieved pair '" + p.id() + "' must be a local file, but was " + p.pair().image()));
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return ASSETS + "/images/" + name;
  }

  private static String delta(Interval paired) {
    String text = esc(ResultsTable.difference(paired));
    return paired.lower() > 0 ? "<span class=good>" + text + "</span>" : text;
  }

  private static String swatch(DemoArm arm) {
    Color c = DemoCharts.COLOURS.get(arm);
    return String.format(Locale.ROOT, "<span class=swatch style=\"background:#%02x%02x%02x\"></span>", c.getRed(), c.getGreen(), c.getBlue());
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
