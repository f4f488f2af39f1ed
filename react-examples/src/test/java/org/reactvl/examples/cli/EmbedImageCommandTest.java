package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.Npy;

class EmbedImageCommandTest {
  @TempDir Path tmp;

  @Test
  void should_write_openai_image_features_for_pixels() {
    Path out = tmp.resolve("img.npy");
    CliTestSupport.Run r =
        run("embed-image", "--model", configA("hf").toString(), "--pixels", configA("input_images.npy").toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    FloatTensor actual = Npy.readFloats(out);
    FloatTensor expected = Npy.readFloats(configA("expected_encode_image.npy"));
    assertThat(actual.shape()).containsExactly(8, 32);
    float[] a = actual.data();
    float[] e = expected.data();
    for (int i = 0; i < a.length; i++) {
      assertThat((double) Math.abs(a[i] - e[i])).as("element %s", i).isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void should_refuse_finite_pixels_that_overflow_instead_of_writing_nan() {
    FloatTensor real = Npy.readFloats(configA("input_images.npy"));
    float[] huge = real.data().clone();
    java.util.Arrays.fill(huge, 3e38f);
    Path pixels = tmp.resolve("huge.npy");
    Npy.write(pixels, real.shape(), huge);
    Path out = tmp.resolve("img.npy");

    CliTestSupport.Run r = run("embed-image", "--model", configA("hf").toString(), "--pixels", pixels.toString(), "--out", out.toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).startsWith("error: pixels must give finite image features, but values in [3.0E38, 3.0E38] overflowed to NaN or"
        + " infinity").endsWith("\n").hasLineCount(1);
    assertThat(out).doesNotExist();
  }

  @Test
  void should_apply_a_react_module_file() {
    Path out = tmp.resolve("gated.npy");
    Path module = CliTestSupport.shared().resolve("fixtures/clip-reference/react/example/react_gated_A.safetensors");
    CliTestSupport.Run r =
        run("embed-image", "--model", configA("hf").toString(), "--pixels", configA("input_images.npy").toString(), "--module",
            module.toString(), "--out", out.toString(), "--normalize");
    assertThat(r.exitCode()).as(r.err()).isZero();
    float[] row = new float[32];
    System.arraycopy(Npy.readFloats(out).data(), 0, row, 0, 32);
    double norm = 0;
    for (float f : row) {
      norm += f * f;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void should_refuse_a_gated_file_recording_another_base() {
    // given REACT's example blocks saved as a module of another base model (same shapes)
    Path module = tmp.resolve("other-base.safetensors");
    String otherBase = "ab".repeat(32);
    try (ClipModel base = ClipModel.load(configA("hf"))) {
      GatedModule released = GatedModule.loadReleased(CliTestSupport.shared().resolve("fixtures/clip-reference/react/example/react_gated_A.safetensors"), base);
      GatedModule.of(base.config(), otherBase, released.tensors()).save(module, Map.of());
    }

    // when
    CliTestSupport.Run r =
        run("embed-image", "--model", configA("hf").toString(), "--pixels", configA("input_images.npy").toString(), "--module",
            module.toString(), "--out", tmp.resolve("x.npy").toString());

    // then
    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).startsWith("error: gated module '" + module + "' was trained for the base model with fingerprint " + otherBase)
        .doesNotContain("\n");
    assertThat(tmp.resolve("x.npy")).doesNotExist();
  }

  @Test
  void should_exit_non_zero_with_one_line_naming_a_missing_model() {
    CliTestSupport.Run r =
        run("embed-image", "--model", tmp.resolve("nope").toString(), "--pixels", configA("input_images.npy").toString(), "--out",
            tmp.resolve("x.npy").toString());
    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).startsWith("error: model '").contains("nope' does not exist").doesNotContain("\n");
  }

  @Test
  void should_name_pixels_of_the_wrong_size() {
    CliTestSupport.Run r =
        run("embed-image", "--model", configA("hf").toString(), "--pixels",
            CliTestSupport.shared().resolve("fixtures/clip-reference/preprocess/expected/horse.npy").toString(), "--out",
            tmp.resolve("x.npy").toString());
    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).contains("must be 4-D [N, 3, H, W], but had shape [3, 224, 224]");
  }

  @Test
  void should_say_a_module_folder_without_module_json_is_not_a_module() throws java.io.IOException {
    Path folder = java.nio.file.Files.createDirectories(tmp.resolve("not-a-module"));

    CliTestSupport.Run r =
        run("embed-image", "--model", configA("hf").toString(), "--pixels", configA("input_images.npy").toString(), "--module",
            folder.toString(), "--out", tmp.resolve("x.npy").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: '" + folder + "' is not a module artifact: it has no module.json");
  }
}
