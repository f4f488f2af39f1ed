package org.reactvl.core.gated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reactvl.core.Fixtures.clipReference;
import static org.reactvl.core.Fixtures.npy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.Fixtures;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;

/** REACT's released gated-block naming, checked against outputs of REACT's own Python code. */
class GatedModuleReferenceTest {
  private static ClipModel base;
  private static INDArray images;
  private static int[][] tokens;

  @BeforeAll
  static void load() {
    Path dir = clipReference("models", "config_A");
    base = ClipModel.load(dir.resolve("hf"));
    images = npy(dir.resolve("input_images.npy"));
    tokens = Fixtures.intRows(dir.resolve("input_tokens.npy"));
  }

  @AfterAll
  static void close() {
    base.close();
  }

  private static GatedModule example() {
    return GatedModule.loadReleased(clipReference("react", "example", "react_gated_A.safetensors"), base);
  }

  @Test
  void should_read_gates_and_layers_from_react_naming() {
    GatedModule m = example();
    assertThat(m.layers()).containsExactly(1, 2);
    assertThat(m.parameterCount()).isEqualTo(396_548);
    // react/summary.json, set "example": alphas (-0.4, 0.6) before layer 1 and (0.25, -0.8) before layer 2.
    assertThat(m.alphas().get(1)).containsExactly(-0.4f, 0.6f);
    assertThat(m.alphas().get(2)).containsExactly(0.25f, -0.8f);
  }

  @Test
  void should_match_react_gated_image_features_and_logits() {
    ClipModel custom = base.withModule(example());
    INDArray features = custom.encodeImages(images);
    INDArray expected = npy(clipReference("react", "example", "expected_encode_image_gated.npy"));
    assertThat(features.sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-5);
    INDArray logits = custom.logits(features, custom.encodeTokens(tokens));
    INDArray expectedLogits = npy(clipReference("react", "example", "expected_logits_per_image_gated.npy"));
    assertThat(logits.sub(expectedLogits).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void should_equal_the_base_model_bit_for_bit_with_closed_gates() {
    INDArray plain = base.encodeImages(images);
    INDArray closed = base.withModule(example().withGatesClosed()).encodeImages(images);
    assertThat(closed.data().asFloat()).containsExactly(plain.data().asFloat());
    INDArray expected = npy(clipReference("react", "example", "expected_encode_image_alpha0.npy"));
    assertThat(plain.sub(expected).amaxNumber().doubleValue()).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void should_restore_the_base_model_when_detached() {
    INDArray before = base.encodeImages(images);
    ClipModel custom = base.withModule(example());
    assertThat(custom.encodeImages(images).data().asFloat()).isNotEqualTo(before.data().asFloat());
    assertThat(custom.withoutModule().encodeImages(images).data().asFloat()).containsExactly(before.data().asFloat());
    assertThat(custom.withoutModule().module()).isEmpty();
  }

  @Test
  void should_start_fresh_modules_at_the_base_model() {
    GatedModule fresh = GatedModule.initialize(base.config(), base.fingerprint(), GatedBlockConfig.lastK(2), 7);
    assertThat(fresh.layers()).containsExactly(1, 2);
    assertThat(base.withModule(fresh).encodeImages(images).data().asFloat()).containsExactly(base.encodeImages(images).data().asFloat());
  }

  @Test
  void should_round_trip_through_a_file(@TempDir Path tmp) {
    GatedModule m = example();
    Path file = tmp.resolve("gated.safetensors");
    m.save(file, Map.of("note", "test"));
    GatedModule back = GatedModule.load(file, base);
    assertThat(back.baseFingerprint()).isEqualTo(base.fingerprint());
    assertThat(back.tensors().keySet()).isEqualTo(m.tensors().keySet());
    for (String name : m.tensors().keySet()) {
      assertThat(back.get(name).data().asFloat()).as(name).containsExactly(m.get(name).data().asFloat());
    }
  }

  @Test
  void should_refuse_a_module_for_another_model_shape() {
    ClipConfig a = base.config();
    ClipConfig narrower = new ClipConfig(a.embedDim(), ClipConfig.vit(a.vision().imageSize(), a.vision().patchSize(), 64, a.vision().layers(), 2,
        a.vision().activation()), a.text());
    try (ClipModel other = ClipModel.of(ClipInitializer.random(narrower, 3))) {
      assertThatThrownBy(() -> GatedModule.loadReleased(clipReference("react", "example", "react_gated_A.safetensors"), other))
          .isInstanceOf(CheckpointFormatException.class)
          .hasMessageContaining("gated_attn_block.ln_1.weight")
          .hasMessageContaining("must have shape [64]")
          .hasMessageContaining("but has [128]");
    }
  }

  @Test
  void should_refuse_a_saved_module_on_a_same_shaped_other_base(@TempDir Path tmp) {
    Path file = tmp.resolve("gated.safetensors");
    example().save(file, Map.of());
    try (ClipModel other = ClipModel.of(ClipInitializer.random(base.config(), 3))) {
      assertThatThrownBy(() -> GatedModule.load(file, other))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining(base.fingerprint())
          .hasMessageContaining(other.fingerprint());
      assertThatThrownBy(() -> GatedModule.loadReleased(file, other)).isInstanceOf(BackboneMismatchException.class);
      assertThatThrownBy(() -> other.withModule(example()))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining(base.fingerprint())
          .hasMessageContaining(other.fingerprint());
    }
  }

  @Test
  void should_attach_a_released_file_only_through_the_explicit_call() {
    Path released = clipReference("react", "example", "react_gated_A.safetensors");
    assertThatThrownBy(() -> GatedModule.load(released, base))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("GatedModule.loadReleased");
    assertThat(GatedModule.loadReleased(released, base).baseFingerprint()).isEqualTo(base.fingerprint());
  }

  @Test
  void should_refuse_a_file_without_gated_tensors() throws IOException {
    assertThatThrownBy(() -> GatedModule.loadReleased(clipReference("models", "config_A", "openai_clip.safetensors"), base))
        .isInstanceOf(CheckpointFormatException.class)
        .hasMessageContaining("no gated-block tensors");
    assertThat(Files.exists(clipReference("models", "config_A", "openai_clip.safetensors"))).isTrue();
  }
}
