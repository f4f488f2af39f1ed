package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** bench train-step's strategy and emoji-clip-s options (timings themselves belong to benchmarks, not tests). */
class BenchCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void should_time_a_full_step_of_the_small_emoji_model() throws IOException {
    // when one timed FULL step runs at batch 4
    CliTestSupport.Run r = run("bench", "train-step", "--arch", "emoji-clip-s", "--strategy", "full", "--batch", "4", "--iters", "1", "--warmup", "0");

    // then one JSON line with the keys the PyTorch baseline prints, and every weight of both towers trained
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode line = JSON.readTree(r.out().strip());
    assertThat(line.get("strategy").asText()).isEqualTo("full");
    assertThat(line.get("seconds_per_step").asDouble()).isPositive();
    assertThat(line.get("samples_per_s").asDouble()).isPositive();
    assertThat(line.get("peak_rss_mb").asLong()).isPositive();
    assertThat(line.get("trainable_parameters").asLong()).isGreaterThan(49_408L * 128);
    assertThat(line.has("k")).isFalse();
  }

  @Test
  void should_reject_an_unknown_strategy() {
    CliTestSupport.Run r = run("bench", "train-step", "--strategy", "sideways");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("error: --strategy must be gated-image, locked-text or full, but was 'sideways'");
  }
}
