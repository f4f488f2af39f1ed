package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.modules.ColourTask;
import org.reactvl.modules.TinyClip;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.data.PairDataset;

/** LOCKED_TEXT trains the image tower only; FULL trains everything, as pre-training from scratch does. */
class StrategiesTest {
  private static ClipModel base;
  private static PairDataset data;

  @BeforeAll
  static void load() {
    base = TinyClip.random(4);
    data = ColourTask.dataset(4, 16, 5);
  }

  @AfterAll
  static void close() {
    base.close();
  }

  @Test
  void should_train_the_image_tower_and_keep_the_text_tower_with_locked_text(@TempDir Path tmp) {
    // when
    CustomizationResult r = Customizer.builder(base).strategy(TuningStrategy.LOCKED_TEXT).batchSize(4).steps(2).learningRate(1e-3).build().fit(data);

    // then every image weight moved, every text weight is the base's, and no gated module was made
    ClipWeights w = r.weights().orElseThrow();
    assertThat(r.module()).isEmpty();
    w.all().forEach((name, a) -> {
      boolean same = java.util.Arrays.equals(a.data().asFloat(), base.weights().get(name).data().asFloat());
      if (name.startsWith("visual.")) {
        assertThat(same).as("%s must have trained", name).isFalse();
      } else if (!name.startsWith("visual.") && !name.equals("logit_scale")) {
        assertThat(same).as("%s must be frozen", name).isTrue();
      }
    });
    // and the artifact stores the whole model, which reloads for its base
    ModuleArtifact.of(r).write(tmp.resolve("locked"));
    ModuleArtifact back = ModuleArtifact.read(tmp.resolve("locked"), base);
    assertThat(back.weights().orElseThrow().fingerprint()).isEqualTo(w.fingerprint());
  }

  @Test
  void should_train_both_towers_with_full_training() {
    // when
    CustomizationResult r = Customizer.builder(base).strategy(TuningStrategy.FULL).batchSize(4).steps(2).learningRate(1e-3).layersPerSegment(2).build().fit(data);

    // then weights of both towers moved
    ClipWeights w = r.weights().orElseThrow();
    for (String name : new String[] {"token_embedding.weight", "transformer.resblocks.0.attn.in_proj_weight", "ln_final.weight", "text_projection",
        "visual.conv1.weight", "visual.class_embedding", "visual.transformer.resblocks.2.mlp.c_fc.weight", "visual.proj"}) {
      assertThat(w.get(name).data().asFloat()).as(name).isNotEqualTo(base.weights().get(name).data().asFloat());
    }
    assertThat(r.report().lossCurve()).hasSize(2);
  }
}
