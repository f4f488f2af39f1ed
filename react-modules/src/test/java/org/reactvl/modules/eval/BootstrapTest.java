package org.reactvl.modules.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BootstrapTest {
  private static final Bootstrap BOOTSTRAP = new Bootstrap(2000, 3);

  @Test
  void should_give_the_same_interval_for_hits_and_their_zero_one_outcomes() {
    boolean[] hits = {true, false, false, true, true, false, true, true};
    double[] outcomes = {1, 0, 0, 1, 1, 0, 1, 1};

    assertThat(BOOTSTRAP.mean(outcomes, 4)).isEqualTo(BOOTSTRAP.mean(hits, 4));
  }

  @Test
  void should_tell_a_consistent_small_gain_from_noise_when_paired_but_not_when_unpaired() {
    // given: 200 images; model a is right wherever b is, and on 10 more (a 5-point gain)
    double[] b = new double[200];
    double[] a = new double[200];
    for (int i = 0; i < 200; i++) {
      b[i] = i % 2;
      a[i] = b[i] == 1 || i % 20 == 0 ? 1 : 0;
    }

    // when
    Interval paired = BOOTSTRAP.pairedDifference(a, b, 0);
    Interval aAlone = BOOTSTRAP.mean(a, 1);
    Interval bAlone = BOOTSTRAP.mean(b, 2);

    // then: the paired interval excludes zero, the separate intervals overlap
    assertThat(paired.estimate()).isCloseTo(0.05, within(1e-12));
    assertThat(paired.lower()).isGreaterThan(0);
    assertThat(aAlone.lower()).isLessThan(bAlone.upper());
  }

  @Test
  void should_refuse_outcomes_of_different_items() {
    assertThatThrownBy(() -> BOOTSTRAP.pairedDifference(new double[3], new double[2], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("paired outcomes must describe the same items, but there were 3 and 2");
  }

  @Test
  void should_summarise_runs_by_mean_sample_deviation_and_range() {
    Spread spread = Spread.of(new double[] {0.2, 0.4, 0.3});

    assertThat(spread.mean()).isCloseTo(0.3, within(1e-12));
    assertThat(spread.sd()).isCloseTo(0.1, within(1e-12));
    assertThat(spread.min()).isEqualTo(0.2);
    assertThat(spread.max()).isEqualTo(0.4);
    assertThat(Spread.of(new double[] {0.7}).sd()).isZero();
  }
}
