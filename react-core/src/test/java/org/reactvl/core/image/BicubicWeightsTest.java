package org.reactvl.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BicubicWeightsTest {
  @Test
  void should_widen_and_normalise_the_kernel_when_halving() {
    // given 4 -> 2: scale 2, support 2 * 2 = 4, so 9 tap slots; output 0 is centred at 1.0 and
    // reads inputs 0..3 at kernel positions (x - 0.5) / 2 = -0.25, 0.25, 0.75, 1.25, where the
    // a = -0.5 cubic is 111/128, 111/128, 29/128, -9/128 (sum 242/128).

    // when
    BicubicWeights weights = BicubicWeights.of(4, 2);

    // then
    assertThat(weights.taps()).isEqualTo(9);
    assertThat(weights.first(0)).isZero();
    assertThat(weights.count(0)).isEqualTo(4);
    assertThat(weights.weight(0, 0)).isEqualTo(111.0 / 242);
    assertThat(weights.weight(0, 2)).isEqualTo(29.0 / 242);
    assertThat(weights.weight(0, 3)).isEqualTo(-9.0 / 242);
    // x * 2^22 rounded half away from zero: 1923833.65 -> 1923834, -155986.51 -> -155987
    assertThat(weights.fixedWeight(0, 0)).isEqualTo(1923834);
    assertThat(weights.fixedWeight(0, 2)).isEqualTo(502623);
    assertThat(weights.fixedWeight(0, 3)).isEqualTo(-155987);
    // output 1 mirrors output 0
    assertThat(weights.first(1)).isZero();
    assertThat(weights.weight(1, 0)).isEqualTo(-9.0 / 242);
    assertThat(weights.endUsed()).isEqualTo(4);
  }

  @Test
  void should_not_widen_the_kernel_when_enlarging() {
    // given 2 -> 4: scale 0.5 keeps support 2; output 0 is centred at 0.25 and its window
    // [0.25 - 2, 0.25 + 2] rounds to inputs 0..1.

    // when
    BicubicWeights weights = BicubicWeights.of(2, 4);

    // then
    assertThat(weights.taps()).isEqualTo(5);
    assertThat(weights.first(0)).isZero();
    assertThat(weights.count(0)).isEqualTo(2);
    // positions 0.25 and 1.25: cubic 111/128 and -9/128, normalised by 102/128
    assertThat(weights.weight(0, 0)).isEqualTo(111.0 / 102);
    assertThat(weights.weight(0, 1)).isEqualTo(-9.0 / 102);
  }
}
