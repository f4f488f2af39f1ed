package org.reactvl.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;
import org.reactvl.modules.eval.ClassAccuracy;
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.ZeroShotReport;
import org.reactvl.modules.train.TrainingReport;

class ResultsTableTest {

  @Test
  void should_say_plainly_when_react_stays_inside_the_base_interval_and_loses_to_random_pairs() {
    // given: base 20% [15, 25]; REACT 22% (inside), random pairs 24%, locked-text 30% (above)
    DomainResult d = domain(0.20, 0.22, 0.24, 0.30);

    // when
    String table = ResultsTable.format(result(d));

    // then
    assertThat(table).contains("animals-47: REACT top-1 +2.0 points vs base, NOT above the base model's 95% interval;"
        + " -2.0 points vs random pairs (retrieval did NOT beat random pairs).");
    assertThat(table).containsPattern("locked-text +100 +30\\.0% \\[25\\.0, 35\\.0\\] +\\+10\\.0 \\*");
    assertThat(d.beyondBaseInterval(DemoArm.REACT_GATED)).isFalse();
    assertThat(d.beyondBaseInterval(DemoArm.LOCKED_TEXT)).isTrue();
  }

  @Test
  void should_mark_a_gain_beyond_the_base_interval_that_also_beats_random_pairs() {
    DomainResult d = domain(0.20, 0.31, 0.21, 0.18);

    String verdict = ResultsTable.verdict(d);

    assertThat(verdict).isEqualTo("animals-47: REACT top-1 +11.0 points vs base, above the base model's 95% interval;"
        + " +10.0 points vs random pairs (above the random-pairs 95% interval).");
    assertThat(ResultsTable.format(result(d))).containsPattern("REACT gated +100 +31\\.0% \\[26\\.0, 36\\.0\\] +\\+11\\.0 \\*");
  }

  @Test
  void should_not_call_a_gain_over_random_pairs_within_their_interval_more_than_that() {
    DomainResult d = domain(0.20, 0.22, 0.20, 0.18);

    assertThat(ResultsTable.verdict(d)).endsWith("+2.0 points vs random pairs (higher, but within the random-pairs 95% interval).");
    assertThat(d.reactBeatsRandom()).isTrue();
    assertThat(d.reactBeyondRandomInterval()).isFalse();
  }

  /** Arms with top-1 = the given estimates, each with a +-5 point interval; top-5 = top-1 + 0.3. */
  private static DomainResult domain(double base, double react, double random, double locked) {
    TrainingReport training = new TrainingReport(new float[] {3f, 2f}, 0, 2, 2, 1.0, 0.1, 100);
    List<ArmResult> arms = List.of(
        ArmResult.base(report(base)),
        new ArmResult(DemoArm.REACT_GATED, report(react), 100, 60, Optional.of(training), Optional.of(Path.of("m1"))),
        new ArmResult(DemoArm.RANDOM_GATED, report(random), 100, 2, Optional.of(training), Optional.of(Path.of("m2"))),
        new ArmResult(DemoArm.LOCKED_TEXT, report(locked), 100, 60, Optional.of(training), Optional.of(Path.of("m3"))));
    RetrievedSet empty = new RetrievedSet(new RetrievedSetInfo("knn", RetrievalMode.T2I, "f".repeat(64), List.of("dog"), List.of("{}"), 200, 50,
        Float.NEGATIVE_INFINITY, 0.98f), List.of());
    return new DomainResult(Domain.ANIMALS_47, List.of("dog"), 100, empty, Path.of("retrieved.jsonl"),
        List.of(new DomainResult.ClassRetrieval("dog", 0, Double.NaN, 0)), arms, Map.of());
  }

  private static ZeroShotReport report(double top1) {
    Interval i1 = new Interval(top1, top1 - 0.05, top1 + 0.05);
    Interval i5 = new Interval(top1 + 0.3, top1 + 0.25, top1 + 0.35);
    return new ZeroShotReport(100, i1, i5, List.of(new ClassAccuracy("dog", 100, i1, i5)));
  }

  private static DemoResult result(DomainResult d) {
    DemoSettings settings = DemoSettings.builder(Path.of("out")).domains(List.of(Domain.ANIMALS_47)).build();
    return new DemoResult(settings, new DemoResult.ModelInfo("test", Path.of("model"), "f".repeat(64), "config", Map.of()),
        new DemoResult.IndexSummary(Path.of("index"), 10, 10), List.of(d), Map.of("total", 1.0), List.of());
  }
}
