package org.reactvl.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.examples.cli.ReactCli;

class PretrainCommandTest {
  @TempDir Path dir;

  @Test
  void should_refuse_an_output_folder_that_already_holds_files_and_leave_them_alone() throws IOException {
    Path out = Files.createDirectories(dir.resolve("model"));
    Files.writeString(out.resolve("model.safetensors"), "existing");
    StringWriter err = new StringWriter();

    int status = ReactCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "pretrain", "--out", out.toString());

    assertThat(status).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("error: --out must be a new or empty folder, but '" + out + "' already has files");
    assertThat(Files.readString(out.resolve("model.safetensors"))).isEqualTo("existing");
  }

  @Test
  void should_refuse_to_continue_from_a_folder_that_holds_no_model() throws IOException {
    Path notAModel = Files.createDirectories(dir.resolve("empty"));
    StringWriter err = new StringWriter();

    int status = ReactCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "pretrain", "--from", notAModel.toString(), "--out", dir.resolve("out").toString());

    assertThat(status).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("error: --from must be a model folder written by pretrain", "'" + notAModel + "' has no config.json");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void should_refuse_to_continue_a_model_on_another_split_than_it_was_pre_trained_on() throws IOException {
    Path source = Files.createDirectories(dir.resolve("stage1"));
    Files.writeString(source.resolve("config.json"), "{}");
    Files.writeString(source.resolve("provenance.json"), "{\"data\":{\"split\":{\"families\":[\"twemoji\",\"noto\"],"
        + "\"thinned_domains\":[\"animals-47\"],\"kept_families\":[\"twemoji\"]}}}");
    StringWriter err = new StringWriter();

    int status = ReactCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "pretrain", "--from", source.toString(), "--families", "twemoji,noto", "--out", dir.resolve("stage2").toString());

    assertThat(status).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("error: --from model '" + source + "' was pre-trained on families [twemoji, noto], thinned"
        + " [animals-47] kept in [twemoji], so this run must use the same split");
    assertThat(dir.resolve("stage2")).doesNotExist();
  }

  @Test
  void should_refuse_an_image_size_that_is_not_a_multiple_of_the_patch_size_before_reading_any_data() {
    StringWriter err = new StringWriter();

    int status = ReactCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "pretrain", "--image-size", "50", "--patch-size", "16", "--cache-dir", dir.resolve("cache").toString(),
        "--out", dir.resolve("out").toString());

    assertThat(status).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("error: image size must be a multiple of the patch size 16 between 16 and the renders'"
        + " 64 pixels, but was 50");
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(dir.resolve("cache")).doesNotExist();
  }

  @Test
  void should_refuse_an_image_size_for_a_model_it_continues() throws IOException {
    Path source = Files.createDirectories(dir.resolve("stage1"));
    Files.writeString(source.resolve("config.json"), "{}");
    StringWriter err = new StringWriter();

    int status = ReactCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
        "pretrain", "--from", source.toString(), "--image-size", "64", "--out", dir.resolve("stage2").toString());

    assertThat(status).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(err.toString()).contains("error: --image-size and --patch-size shape a new model; --from '" + source
        + "' continues a model with its own image and patch size, so leave them out");
  }
}
