package org.reactvl.examples.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.reactvl.core.ReactException;
import org.reactvl.modules.eval.ClassAccuracy;

/**
 * The report's charts, drawn with JFreeChart into PNG files: per-class top-1 accuracy before and
 * after REACT, and the training loss curves of a domain's runs. Stateless and thread-safe (each
 * call draws its own chart).
 */
final class DemoCharts {
  /** One colour per arm, the same in every chart and in the HTML. */
  static final Map<DemoArm, Color> COLOURS = Map.of(
      DemoArm.BASE, new Color(0x9e9e9e),
      DemoArm.REACT_GATED, new Color(0x1f77b4),
      DemoArm.RANDOM_GATED, new Color(0xff7f0e),
      DemoArm.LOCKED_TEXT, new Color(0x2ca02c),
      DemoArm.ORACLE_GATED, new Color(0x9467bd));

  private static final int WIDTH = 900;

  private DemoCharts() {}

  /**
   * Horizontal bars of each class's top-1 accuracy under the base model and REACT gated (classes
   * without test images are left out).
   */
  static void perClassAccuracy(DomainResult d, Path png) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<DemoArm> arms = List.of(DemoArm.BASE, DemoArm.REACT_GATED);
    for (DemoArm arm : arms) {
      for (ClassAccuracy c : d.arm(arm).zeroShot().perClass()) {
        if (c.images() > 0) {
          data.addValue(100 * c.top1().estimate(), arm.title(), c.className() + " (" + c.images() + ")");
        }
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(d.domain().id() + ": top-1 accuracy per class (test images)", null, "top-1 accuracy (%)",
        data, PlotOrientation.HORIZONTAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    style(chart);
    plot.getRangeAxis().setRange(0, 100);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setItemMargin(0.0);
    for (int s = 0; s < arms.size(); s++) {
      renderer.setSeriesPaint(s, COLOURS.get(arms.get(s)));
    }
    int height = 120 + 22 * data.getColumnCount();
    save(chart, png, height);
  }

  /**
   * One line per trained arm: the contrastive loss, as a trailing mean over {@link #smoothing}
   * steps (single batches are noisy).
   */
  static void lossCurves(DomainResult d, Path png) {
    XYSeriesCollection data = new XYSeriesCollection();
    Paint[] paints = new Paint[DemoArm.values().length];
    int s = 0;
    for (ArmResult a : d.arms()) {
      if (a.training().isEmpty()) {
        continue;
      }
      XYSeries series = new XYSeries(a.arm().title());
      float[] curve = a.training().get().lossCurve();
      int window = smoothing(curve.length);
      double sum = 0;
      for (int i = 0; i < curve.length; i++) {
        sum += curve[i] - (i >= window ? curve[i - window] : 0);
        series.add(i + 1, sum / Math.min(i + 1, window));
      }
      data.addSeries(series);
      paints[s++] = COLOURS.get(a.arm());
    }
    int window = d.arms().stream().flatMap(a -> a.training().stream()).mapToInt(t -> smoothing(t.stepsDone())).max().orElse(1);
    String title = d.domain().id() + ": training loss" + (window > 1 ? " (mean of the last " + window + " steps)" : "");
    JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "contrastive loss", data,
        PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < s; i++) {
      renderer.setSeriesPaint(i, paints[i]);
      renderer.setSeriesStroke(i, new BasicStroke(1.5f));
    }
    plot.setRenderer(renderer);
    save(chart, png, 420);
  }

  /** Steps averaged in a loss curve of {@code steps} steps: about a twentieth of the run. */
  static int smoothing(int steps) {
    return Math.max(1, steps / 20);
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getPlot().setBackgroundPaint(Color.WHITE);
    if (chart.getPlot() instanceof CategoryPlot p) {
      p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    } else if (chart.getPlot() instanceof XYPlot p) {
      p.setRangeGridlinePaint(Color.LIGHT_GRAY);
      p.setDomainGridlinePaint(Color.LIGHT_GRAY);
    }
  }

  private static void save(JFreeChart chart, Path png, int height) {
    try {
      ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, height);
    } catch (IOException e) {
      throw new ReactException("cannot write chart " + png + ": " + e.getMessage(), e);
    }
  }
}
