package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reactvl.modules.TinyClip;

class TrainStepBenchmarkTest {
  @Test
  void should_time_steps_and_record_memory_per_step() {
    // when two steps after one warm-up step run on a tiny model
    TrainStepBenchmark.Result r = TrainStepBenchmark.run(new TrainStepBenchmark.Options(TinyClip.config(), TuningStrategy.GATED_IMAGE, 4, 2, 2, 1, true, 1, 42));

    // then
    assertThat(r.secondsPerStep()).isPositive();
    assertThat(r.samplesPerSecond()).isCloseTo(4 / r.secondsPerStep(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(r.rssMbPerStep()).hasSize(3).allSatisfy(mb -> assertThat(mb).isPositive());
    assertThat(r.peakRssMb()).isGreaterThanOrEqualTo(r.rssMbPerStep().get(2));
    assertThat(r.computeSeconds()).isPositive().isLessThanOrEqualTo(r.secondsPerStep());
    // 2 gated blocks of width 32 with MLP width 128 (12,706 values each, gates included) and the logit scale
    assertThat(r.trainableParameters()).isEqualTo(2 * (4 * 32 + 3 * 32 * 32 + 3 * 32 + 32 * 32 + 32 + 128 * 32 + 128 + 32 * 128 + 32 + 2) + 1);
  }
}
