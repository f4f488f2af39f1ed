package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.modules.ColourTask;
import org.reactvl.modules.TinyClip;
import org.reactvl.modules.data.Augmentation;
import org.reactvl.modules.data.PairDataset;

/** An interrupted run resumed from its checkpoint ends exactly where an uninterrupted run ends. */
class ResumeTest {
  private static ClipModel base;
  private static PairDataset data;

  @BeforeAll
  static void load() {
    base = TinyClip.random(3);
    data = ColourTask.dataset(6, 16, 7);
  }

  @AfterAll
  static void close() {
    base.close();
  }

  /** Augmented, so every step draws random crops, flips and jitter, and the frozen layers run per step. */
  private static Customizer.Builder settings() {
    return Customizer.builder(base).gatedLayers(2).batchSize(4).steps(6).learningRate(5e-3).augmentation(Augmentation.standard()).seed(9);
  }

  @Test
  void should_end_bit_identical_to_an_uninterrupted_run(@TempDir Path tmp) throws IOException {
    // given an uninterrupted run, and the same run stopped after 4 of 6 steps (2 epochs of 3 steps)
    CustomizationResult whole = settings().build().fit(data);
    List<Integer> checkpoints = new ArrayList<>();
    CustomizationResult stopped = settings().checkpoints(tmp, 2).listener(new TrainingListener() {
      private int steps;

      @Override
      public void onStep(TrainingProgress p) {
        steps = p.step();
      }

      @Override
      public void onCheckpoint(int step, Path directory) {
        checkpoints.add(step);
      }

      @Override
      public boolean stopRequested() {
        return steps == 4;
      }
    }).build().fit(data);
    assertThat(stopped.report().completed()).isFalse();
    assertThat(stopped.report().stepsDone()).isEqualTo(4);
    assertThat(checkpoints).containsExactly(2, 4);

    // when a new customizer with the same settings fits the same data
    CustomizationResult resumed = settings().checkpoints(tmp, 2).build().fit(data);

    // then it continued from step 4 and every gated weight, the logit scale and the losses match bit for bit
    assertThat(resumed.report().firstStep()).isEqualTo(4);
    assertThat(resumed.report().completed()).isTrue();
    assertThat(resumed.report().lossCurve()).containsExactly(whole.report().lossCurve());
    assertThat(resumed.logitScale()).isEqualTo(whole.logitScale());
    GatedModule a = whole.module().orElseThrow();
    GatedModule b = resumed.module().orElseThrow();
    assertThat(b.tensors().keySet()).isEqualTo(a.tensors().keySet());
    a.tensors().forEach((name, t) -> assertThat(b.get(name).data().asFloat()).as(name).containsExactly(t.data().asFloat()));
    assertThat(Files.readString(tmp.resolve("LATEST")).trim()).isEqualTo("step-00000006");
  }

  @Test
  void should_refuse_a_checkpoint_of_another_run(@TempDir Path tmp) {
    // given a checkpoint of a run with seed 9
    settings().steps(1).checkpoints(tmp, 1).build().fit(data);

    // when / then a run with another seed refuses to resume from it
    assertThatThrownBy(() -> settings().steps(1).seed(10).checkpoints(tmp, 1).build().fit(data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the checkpoint in '" + tmp + "' belongs to another run and cannot be resumed (checkpoint vs this run): seed 9 vs 10;"
            + " use another checkpoint directory");
  }

  @Test
  void should_never_prune_a_users_folder_named_like_a_checkpoint(@TempDir Path tmp) throws IOException {
    Path mine = Files.createDirectories(tmp.resolve("step-00000001"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");
    Path stale = Files.createDirectories(tmp.resolve("step-00000000.tmp"));

    settings().steps(4).checkpoints(tmp, 2).build().fit(data);

    assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("keep me");
    assertThat(stale).exists();
    assertThat(tmp.resolve("step-00000002")).as("pruned: the run's own older step").doesNotExist();
    assertThat(Files.readString(tmp.resolve("LATEST")).trim()).isEqualTo("step-00000004");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("react-prefix-"));
    }
  }

  @Test
  void should_refuse_to_overwrite_a_users_folder_of_a_checkpoints_name(@TempDir Path tmp) throws IOException {
    Path mine = Files.createDirectories(tmp.resolve("step-00000002"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> settings().steps(2).checkpoints(tmp, 2).build().fit(data))
        .hasMessageContaining("'" + mine + "' holds files this library did not write there");
    assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("keep me");
  }
}
