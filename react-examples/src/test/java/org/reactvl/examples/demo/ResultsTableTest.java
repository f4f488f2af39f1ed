package org.reactvl.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ClassAccuracy;
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.TrainingReport;

class ResultsTableTest {

  @Test
  void should_say_plainly_when_react_is_not_above_the_base_model_and_loses_to_random_pairs() {
    // given: REACT - base +2 [-1, +5] (includes zero), REACT - random -2 [-4, 0]; locked-text - base +10 [+6, +14]
    DomainResult d = domain(diff(0.02, -0.01, 0.05), diff(-0.02, -0.04, 0.0), diff(0.10, 0.06, 0.14));

    // when
    String table = ResultsTable.format(result(d));

    // then
    assertThat(table).contains("animals-47: REACT minus base +2.0 points [-1.0, +5.0], NOT above zero;"
        + " REACT minus random pairs -2.0 points [-4.0, +0.0] (retrieval did NOT beat random pairs).");
    assertThat(table).containsPattern("locked-text +100 +60% +30\\.0% \\[25\\.0, 35\\.0\\] +\\+10\\.0 \\[\\+6\\.0, \\+14\\.0\\] \\*");
    assertThat(d.aboveBase(DemoArm.REACT_GATED)).isFalse();
    assertThat(d.aboveBase(DemoArm.LOCKED_TEXT)).isTrue();
  }

  @Test
  void should_mark_a_paired_gain_above_zero_that_also_beats_random_pairs() {
    DomainResult d = domain(diff(0.11, 0.05, 0.17), diff(0.10, 0.03, 0.16), diff(0.0, -0.03, 0.03));

    String verdict = ResultsTable.verdict(d);

    assertThat(verdict).isEqualTo("animals-47: REACT minus base +11.0 points [+5.0, +17.0], above zero;"
        + " REACT minus random pairs +10.0 points [+3.0, +16.0] (retrieval beat random pairs).");
    assertThat(d.reactAboveRandom()).isTrue();
  }

  @Test
  void should_not_call_a_gain_over_random_pairs_whose_interval_includes_zero_more_than_that() {
    DomainResult d = domain(diff(0.02, 0.01, 0.03), diff(0.02, -0.01, 0.05), diff(0.0, -0.03, 0.03));

    assertThat(ResultsTable.verdict(d)).endsWith("(higher, but the interval includes zero).");
    assertThat(d.reactBeatsRandom()).isTrue();
    assertThat(d.reactAboveRandom()).isFalse();
  }

  @Test
  void should_average_seeds_per_image_and_report_their_spread() {
    // given: two seeds on four images, right on images {0, 1} and {0, 2, 3}
    ZeroShotReport first = report(List.of(true, true, false, false));
    ZeroShotReport second = report(List.of(true, false, true, true));

    // when
    ArmScores scores = ArmScores.of(List.of(first, second), new Bootstrap(200, 1));

    // then
    assertThat(scores.outcomes()).containsExactly(1.0, 0.5, 0.5, 0.5);
    assertThat(scores.top1().estimate()).isEqualTo(0.625);
    assertThat(scores.spread().mean()).isEqualTo(0.625);
    assertThat(scores.spread().sd()).isCloseTo(Math.sqrt(2 * 0.125 * 0.125), within(1e-12));
    assertThat(scores.first()).isSameAs(first);
  }

  private static Interval diff(double estimate, double lower, double upper) {
    return new Interval(estimate, lower, upper);
  }

  /** Arms at 20% / 30% top-1 with the given paired differences; base, REACT, random, locked-text, oracle. */
  private static DomainResult domain(Interval reactMinusBase, Interval reactMinusRandom, Interval lockedMinusBase) {
    TrainingReport training = new TrainingReport(new float[] {3f, 2f}, 0, 2, 2, 1.0, 0.1, 100);
    List<ArmResult> arms = new ArrayList<>();
    arms.add(ArmResult.base(scores(0.20), Optional.empty()));
    for (DemoArm arm : List.of(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED, DemoArm.LOCKED_TEXT, DemoArm.ORACLE_GATED)) {
      arms.add(new ArmResult(arm, scores(0.30), Optional.empty(), 100, 70, 60, List.of(), Optional.of(training), Optional.of(Path.of(arm.id()))));
    }
    Interval zero = diff(0, -0.01, 0.01);
    List<DomainResult.Comparison> comparisons = List.of(
        new DomainResult.Comparison(DemoArm.REACT_GATED, DemoArm.BASE, reactMinusBase, Optional.empty()),
        new DomainResult.Comparison(DemoArm.REACT_GATED, DemoArm.RANDOM_GATED, reactMinusRandom, Optional.empty()),
        new DomainResult.Comparison(DemoArm.LOCKED_TEXT, DemoArm.BASE, lockedMinusBase, Optional.empty()),
        new DomainResult.Comparison(DemoArm.RANDOM_GATED, DemoArm.BASE, zero, Optional.empty()),
        new DomainResult.Comparison(DemoArm.ORACLE_GATED, DemoArm.BASE, zero, Optional.empty()));
    RetrievedSet empty = new RetrievedSet(new RetrievedSetInfo("knn", RetrievalMode.T2I, "f".repeat(64), List.of("dog"), List.of("{}"), 200, 50,
        Float.NEGATIVE_INFINITY, 0.98f), List.of());
    return new DomainResult(Domain.ANIMALS_47, List.of("dog"), 100, 0, empty, Path.of("retrieved.jsonl"),
        List.of(new DomainResult.ClassRetrieval("dog", 0, Double.NaN, 0)), arms, comparisons, Map.of());
  }

  private static ArmScores scores(double top1) {
    return ArmScores.of(List.of(report(Collections.nCopies(100, false), top1)), Bootstrap.DEFAULT);
  }

  private static ZeroShotReport report(List<Boolean> hits) {
    return report(hits, hits.stream().filter(h -> h).count() / (double) hits.size());
  }

  /** A report of top-1 = {@code top1} with a +-5 point interval and top-5 = top-1 + 0.3. */
  private static ZeroShotReport report(List<Boolean> hits, double top1) {
    Interval i1 = new Interval(top1, top1 - 0.05, top1 + 0.05);
    Interval i5 = new Interval(top1 + 0.3, top1 + 0.25, top1 + 0.35);
    return new ZeroShotReport(hits.size(), i1, i5, List.of(new ClassAccuracy("dog", hits.size(), i1, i5)), hits);
  }

  private static DemoResult result(DomainResult d) {
    DemoSettings settings = DemoSettings.builder(Path.of("out")).domains(List.of(Domain.ANIMALS_47)).build();
    return new DemoResult(settings, new DemoResult.ModelInfo("test", Path.of("model"), "f".repeat(64), "config", Map.of()),
        new DemoResult.IndexSummary(Path.of("index"), 10, 10), List.of(d), Map.of("total", 1.0), List.of());
  }
}
