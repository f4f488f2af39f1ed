package org.reactvl.modules.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.zeroshot.ZeroShotClassifier;

class ZeroShotEvaluationTest {
  /** Three classes along the axes of a 3-d space, two templates each (their mean is the axis). */
  private static ZeroShotClassifier axes() {
    INDArray prompts = Nd4j.createFromArray(new float[][] {
        {1, 0.1f, 0}, {1, -0.1f, 0},
        {0, 1, 0.1f}, {0, 1, -0.1f},
        {0.1f, 0, 1}, {-0.1f, 0, 1}});
    return ZeroShotClassifier.fromPromptFeatures(List.of("x", "y", "z"), prompts, 2, 0f);
  }

  @Test
  void should_count_top1_and_top5_hits_overall_and_per_class() {
    // given four images: two clearly x, one y, one between x (0.9) and z (0.5) but labelled z
    INDArray images = Nd4j.createFromArray(new float[][] {{1, 0, 0}, {2, 0.1f, 0}, {0, 1, 0}, {0.9f, 0, 0.5f}});
    int[] labels = {0, 0, 1, 2};

    // when
    ZeroShotReport r = ZeroShotEvaluation.evaluate(axes(), images, labels, Bootstrap.DEFAULT);

    // then 3 of 4 are top-1 hits; with 3 classes, top-5 is top-3, so all are hits
    assertThat(r.images()).isEqualTo(4);
    assertThat(r.top1().estimate()).isEqualTo(0.75);
    assertThat(r.top1().lower()).isLessThanOrEqualTo(0.75);
    assertThat(r.top1().upper()).isEqualTo(1.0);
    assertThat(r.top5().estimate()).isEqualTo(1.0);
    assertThat(r.perClass()).extracting(ClassAccuracy::className).containsExactly("x", "y", "z");
    assertThat(r.perClass().get(0).images()).isEqualTo(2);
    assertThat(r.perClass().get(0).top1().estimate()).isEqualTo(1.0);
    assertThat(r.perClass().get(2).top1().estimate()).isEqualTo(0.0);
    assertThat(r.top1Hits()).containsExactly(true, true, true, false);
    assertThat(r.top1Outcomes()).containsOnly(0.0, 1.0);
    // and the bootstrap is reproducible for its seed
    assertThat(ZeroShotEvaluation.evaluate(axes(), images, labels, Bootstrap.DEFAULT)).isEqualTo(r);
  }

  @Test
  void should_give_a_narrower_interval_for_more_images() {
    boolean[] few = new boolean[20];
    boolean[] many = new boolean[2000];
    for (int i = 0; i < many.length; i++) {
      many[i] = i % 2 == 0;
      if (i < few.length) {
        few[i] = i % 2 == 0;
      }
    }
    Interval small = Bootstrap.DEFAULT.mean(few, 0);
    Interval large = Bootstrap.DEFAULT.mean(many, 0);
    assertThat(small.estimate()).isEqualTo(0.5);
    assertThat(large.estimate()).isEqualTo(0.5);
    assertThat(large.upper() - large.lower()).isLessThan((small.upper() - small.lower()) / 5);
    // the standard error of a mean of 2000 fair coins is ~0.011, so the 95% interval is ~0.5 +- 0.022
    assertThat(large.lower()).isBetween(0.47, 0.49);
  }

  @Test
  void should_reject_labels_out_of_range() {
    assertThatThrownBy(() -> ZeroShotEvaluation.evaluate(axes(), Nd4j.createFromArray(new float[][] {{1, 0, 0}}), new int[] {3}, Bootstrap.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("label 0 must be in [0, 3), but was 3");
  }
}
