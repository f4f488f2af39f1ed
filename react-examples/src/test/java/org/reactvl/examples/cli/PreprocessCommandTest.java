package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.io.Npy;

class PreprocessCommandTest {
  @TempDir Path tmp;

  private static Path preprocessFixture(String dir, String name) {
    return CliTestSupport.shared().resolve("fixtures/clip-reference/preprocess").resolve(dir).resolve(name);
  }

  @Test
  void should_write_the_tensor_openai_clip_computes() {
    Path out = tmp.resolve("horse.npy");
    CliTestSupport.Run r = run("preprocess", "--image", preprocessFixture("sources", "horse.png").toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Npy.readFloats(out).data()).containsExactly(Npy.readFloats(preprocessFixture("expected", "horse.npy")).data());
  }

  @Test
  void should_exit_non_zero_naming_an_empty_image() throws Exception {
    Path empty = Files.write(tmp.resolve("empty.png"), new byte[0]);
    CliTestSupport.Run r = run("preprocess", "--image", empty.toString(), "--out", tmp.resolve("x.npy").toString());
    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).contains("empty.png' is empty (0 bytes)");
    assertThat(tmp.resolve("x.npy")).doesNotExist();
  }

  @Test
  void should_embed_image_files_at_the_model_input_size() {
    Path out = tmp.resolve("img.npy");
    CliTestSupport.Run r =
        run("embed-image", "--model", configA("hf").toString(), "--images", preprocessFixture("sources", "horse.png").toString(),
            preprocessFixture("sources", "coins.png").toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Npy.readFloats(out).shape()).containsExactly(2, 32);
  }
}
