package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** AdamW, gradient clipping and the learning-rate schedule against values worked out by hand. */
class OptimizationTest {
  @Test
  void should_apply_adamw_with_decay_only_on_matrices() {
    // given a matrix (decays) and a vector (does not), both [1, -2] with gradient [0.5, -0.5]
    Map<String, INDArray> params = new HashMap<>();
    params.put("w", Nd4j.createFromArray(new float[][] {{1f, -2f}}));
    params.put("b", Nd4j.createFromArray(1f, -2f));
    Map<String, INDArray> grads = Map.of("w", Nd4j.createFromArray(new float[][] {{0.5f, -0.5f}}), "b", Nd4j.createFromArray(0.5f, -0.5f));
    AdamW adam = new AdamW(0.9, 0.999, 1e-8, 0.1, name -> params.get(name).rank() >= 2);

    // when one step at lr 0.1 runs
    adam.update(params, grads, 0.1, 1.0);

    // then m = 0.05 (hat 0.5), v = 0.00025 (hat 0.25), so each entry moves by 0.1 * 0.5 / 0.5 = 0.1 against
    // its gradient; the matrix first shrinks by (1 - 0.1 * 0.1): 1 * 0.99 - 0.1 = 0.89, -2 * 0.99 + 0.1 = -1.88
    assertThat(params.get("w").toFloatVector()).containsExactly(new float[] {0.89f, -1.88f}, within(1e-6f));
    assertThat(params.get("b").toFloatVector()).containsExactly(new float[] {0.9f, -1.9f}, within(1e-6f));
    assertThat(adam.firstMoments().get("b").toFloatVector()).containsExactly(new float[] {0.05f, -0.05f}, within(1e-8f));
    assertThat(adam.secondMoments().get("b").toFloatVector()).containsExactly(new float[] {0.00025f, 0.00025f}, within(1e-9f));
    assertThat(adam.step()).isEqualTo(1);
  }

  @Test
  void should_scale_gradients_by_the_clipping_factor() {
    // given gradients [3, 4] (norm 5) clipped to norm 1, with b1 = 0 and b2 = 0 Adam's step is lr * sign(g)
    Map<String, INDArray> grads = Map.of("g", Nd4j.createFromArray(3f, 4f));
    assertThat(AdamW.globalNorm(grads)).isEqualTo(5.0);
    Map<String, INDArray> params = new HashMap<>(Map.of("g", Nd4j.createFromArray(0f, 0f)));
    AdamW adam = new AdamW(0, 0, 1e-12, 0, name -> false);

    // when
    adam.update(params, grads, 1.0, 1 / 5.0);

    // then the moments saw the clipped gradient [0.6, 0.8]
    assertThat(adam.firstMoments().get("g").toFloatVector()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
    assertThat(params.get("g").toFloatVector()).containsExactly(new float[] {-1f, -1f}, within(1e-6f));
  }

  @Test
  void should_warm_up_linearly_then_decay_along_a_cosine() {
    LearningRateSchedule s = new LearningRateSchedule(1.0, 4, 14);
    assertThat(s.rateAt(0)).isEqualTo(0.25);
    assertThat(s.rateAt(3)).isEqualTo(1.0);
    assertThat(s.rateAt(4)).isEqualTo(1.0);
    // half-way through the 10 decay steps: (1 + cos(pi / 2)) / 2 = 0.5
    assertThat(s.rateAt(9)).isCloseTo(0.5, within(1e-12));
    assertThat(s.rateAt(13)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 0.9)), within(1e-12));
    assertThatThrownBy(() -> new LearningRateSchedule(1.0, 15, 14))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmupSteps must be in [0, 14], but was 15");
  }
}
