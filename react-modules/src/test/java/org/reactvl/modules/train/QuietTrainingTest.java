package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.modules.ColourTask;
import org.reactvl.modules.TinyClip;

/** Training differentiates SameDiff graphs, which print a line per op on System.out unless muted. */
class QuietTrainingTest {

  @Test
  void should_print_nothing_on_standard_output_while_training() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (ClipModel base = TinyClip.random(3)) {
      Customizer.builder(base).gatedLayers(2).batchSize(8).steps(1).layersPerSegment(2).build()
          .fit(ColourTask.dataset(4, 16, 7));
    } finally {
      System.setOut(original);
    }

    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
