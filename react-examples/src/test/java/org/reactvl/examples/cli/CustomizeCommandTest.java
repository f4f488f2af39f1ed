package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.io.Npy;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.train.TuningStrategy;

/** {@code react customize} on a red-versus-blue retrieved set and a tiny random CLIP. */
class CustomizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_CLASS = 3;

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static Path model;
  private static Path retrieved;
  private static RetrievedSet set;
  private static List<Path> images;
  private static Path module;
  private static CliTestSupport.Run trained;
  private static String leakedToSystemOut;
  private static boolean systemOutRestored;

  @BeforeAll
  static void train() throws IOException {
    model = ColourFixtures.tinyModel(shared, 7);
    images = ColourFixtures.images(shared.resolve("images"), PER_CLASS, 1);
    set = ColourFixtures.retrievedSet(images, PER_CLASS);
    retrieved = shared.resolve("retrieved.jsonl");
    set.write(retrieved);
    module = shared.resolve("modules/colours");
    PrintStream original = System.out;
    ByteArrayOutputStream leaked = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(leaked, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    try {
      trained = run("customize", "--model", model.toString(), "--retrieved", retrieved.toString(), "--out", module.toString(),
          "--steps", "3", "--batch", "4", "--k", "2", "--lr", "1e-2", "--seed", "5",
          "--checkpoints", shared.resolve("checkpoints").toString(), "--checkpoint-every", "2");
      systemOutRestored = System.out == capture;
    } finally {
      System.setOut(original);
    }
    leakedToSystemOut = leaked.toString(StandardCharsets.UTF_8);
  }

  @Test
  void should_keep_samediffs_op_lines_off_standard_output_and_restore_it() {
    // SameDiff prints "Added differentiated op ..." on System.out while a training graph is built
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    assertThat(leakedToSystemOut).isEmpty();
    assertThat(systemOutRestored).as("System.out is the caller's again after the command").isTrue();
  }

  @Test
  void should_write_a_module_folder_that_module_artifact_reads() {
    // then (trained in @BeforeAll)
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    try (ClipModel base = ClipModel.load(model)) {
      ModuleArtifact artifact = ModuleArtifact.read(module, base);
      assertThat(artifact.metadata().strategy()).isEqualTo(TuningStrategy.GATED_IMAGE);
      assertThat(artifact.metadata().layers()).containsExactly(1, 2);
      assertThat(artifact.metadata().retrievedSetDigest()).contains(set.digest());
      assertThat(artifact.metadata().classes()).containsExactly("red", "blue");
    }
    assertThat(shared.resolve("checkpoints")).isNotEmptyDirectory();
  }

  @Test
  void should_print_a_json_summary_and_show_progress() throws IOException {
    JsonNode summary = JSON.readTree(trained.out());

    assertThat(trained.out().strip()).doesNotContain("\n");
    assertThat(summary.get("strategy").asText()).isEqualTo("gated-image");
    assertThat(summary.get("steps").asInt()).isEqualTo(3);
    assertThat(summary.get("final_loss").isNumber()).isTrue();
    assertThat(summary.get("final_loss").asDouble()).isFinite().isPositive();
    assertThat(summary.get("seconds").asDouble()).isPositive();
    assertThat(summary.get("samples_per_s").asDouble()).isPositive();
    assertThat(summary.get("out").asText()).isEqualTo(module.toAbsolutePath().toString());
    assertThat(trained.err()).contains("train").contains("12/12").contains("samples/s").contains("loss ");
  }

  @Test
  void should_change_image_features_when_embed_image_applies_the_module_folder() {
    // given
    Path plain = tmp.resolve("plain.npy");
    Path custom = tmp.resolve("custom.npy");
    String files = images.get(0).toString();

    // when
    CliTestSupport.Run without = run("embed-image", "--model", model.toString(), "--images", files, "--out", plain.toString());
    CliTestSupport.Run with = run("embed-image", "--model", model.toString(), "--images", files, "--module", module.toString(), "--out",
        custom.toString());

    // then
    assertThat(without.exitCode()).as(without.err()).isZero();
    assertThat(with.exitCode()).as(with.err()).isZero();
    float[] a = Npy.readFloats(plain).data();
    float[] b = Npy.readFloats(custom).data();
    assertThat(b).hasSameSizeAs(a);
    assertThat(b).isNotEqualTo(a);
  }

  @Test
  void should_evaluate_with_the_module_folder() throws IOException {
    Path json = tmp.resolve("eval.json");

    CliTestSupport.Run r = run("eval", "--model", model.toString(), "--module", module.toString(), "--images",
        shared.resolve("images").toString(), "--bootstrap", "100", "--json", json.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode report = JSON.readTree(json.toFile());
    assertThat(report.get("module").asText()).isEqualTo(module.toString());
    assertThat(report.get("images").asInt()).isEqualTo(2 * PER_CLASS);
  }

  @Test
  void should_train_locked_text_into_a_model_folder_that_embed_image_applies() {
    Path lockedText = tmp.resolve("locked");

    CliTestSupport.Run r = run("customize", "--model", model.toString(), "--retrieved", retrieved.toString(), "--out",
        lockedText.toString(), "--strategy", "locked-text", "--steps", "1", "--batch", "2", "--no-progress");
    CliTestSupport.Run embed = run("embed-image", "--model", model.toString(), "--images", images.get(0).toString(), "--module",
        lockedText.toString(), "--out", tmp.resolve("x.npy").toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err().lines()).as("only the warning that the set was retrieved with another model").singleElement()
        .asString().startsWith("warning: ");
    assertThat(lockedText.resolve(ModuleArtifact.MODEL_FOLDER)).isDirectory();
    assertThat(embed.exitCode()).as(embed.err()).isZero();
  }

  @Test
  void should_replace_an_earlier_module_and_say_so() throws IOException {
    Path again = tmp.resolve("again");
    String[] args = {"customize", "--model", model.toString(), "--retrieved", retrieved.toString(), "--out", again.toString(),
        "--steps", "1", "--batch", "2", "--k", "1", "--no-progress"};
    assertThat(run(args).exitCode()).isZero();

    CliTestSupport.Run second = run(args);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.err()).contains("replacing the module in '" + again + "'");
    assertThat(again.resolve(ModuleArtifact.METADATA_FILE)).isRegularFile();
  }

  @Test
  void should_refuse_an_out_folder_that_holds_other_files_and_leave_it_alone() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(out.resolve("holiday.txt"), "keep me");

    CliTestSupport.Run r = customize(out, "--steps", "1", "--batch", "2");

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: '" + out + "' holds files this library did not write there (no .react-folder.json"
        + " marker; first entry 'holiday.txt'), so it is not replaced; choose a new or empty folder for the module");
    assertThat(Files.readString(out.resolve("holiday.txt"))).isEqualTo("keep me");
  }

  @Test
  void should_refuse_before_training_an_out_folder_whose_module_json_is_not_the_librarys() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("notes/sub"));
    Files.writeString(tmp.resolve("notes/module.json"), "just a text file");
    Files.writeString(tmp.resolve("notes/important.txt"), "keep me");
    Files.writeString(out.resolve("keep.bin"), "keep me too");

    CliTestSupport.Run r = customize(tmp.resolve("notes"), "--steps", "100", "--batch", "2", "--k", "1");

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).startsWith("error: '" + tmp.resolve("notes") + "' holds files this library did not write there")
        .doesNotContain("steps").doesNotContain("\tat ");
    assertThat(Files.readString(tmp.resolve("notes/important.txt"))).isEqualTo("keep me");
    assertThat(Files.readString(out.resolve("keep.bin"))).isEqualTo("keep me too");
    assertThat(Files.readString(tmp.resolve("notes/module.json"))).isEqualTo("just a text file");
  }

  @Test
  void should_refuse_an_out_that_is_the_retrieved_set() throws IOException {
    Path copy = Files.copy(retrieved, tmp.resolve("r.jsonl"));

    CliTestSupport.Run r = run("customize", "--model", model.toString(), "--retrieved", copy.toString(), "--out", copy.toString());

    assertThat(r.err().strip()).isEqualTo("error: --out '" + copy + "' must differ from the input '" + copy + "', but it is the same file;"
        + " nothing was written");
    assertThat(Files.readString(copy)).isEqualTo(Files.readString(retrieved));
  }

  @Test
  void should_never_prune_a_users_folder_named_like_a_checkpoint() throws IOException {
    Path checkpoints = Files.createDirectories(tmp.resolve("ckpt/step-00000000"));
    Files.writeString(checkpoints.resolve("mine.txt"), "keep me");

    CliTestSupport.Run r = customize(tmp.resolve("m"), "--steps", "2", "--batch", "2", "--k", "1", "--checkpoints",
        tmp.resolve("ckpt").toString(), "--checkpoint-every", "1");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(checkpoints.resolve("mine.txt"))).isEqualTo("keep me");
    try (var files = Files.list(tmp.resolve("ckpt"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("LATEST", "step-00000000", "step-00000002");
    }
  }

  @Test
  void should_warn_that_the_set_was_retrieved_with_another_model() {
    assertThat(trained.err()).contains("warning: retrieved set '" + retrieved + "' was searched with model test-model, but the model"
        + " being trained is ");
    assertThat(trained.err().lines().filter(l -> l.startsWith("warning: "))).hasSize(1);
  }

  @Test
  void should_name_a_missing_retrieved_set() {
    Path missing = tmp.resolve("nope.jsonl");

    CliTestSupport.Run r = run("customize", "--model", model.toString(), "--retrieved", missing.toString(), "--out",
        tmp.resolve("m").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: retrieved set '" + missing + "' must be a file written by 'react retrieve', but does not exist");
  }

  @Test
  void should_name_an_empty_retrieved_file() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");

    CliTestSupport.Run r = run("customize", "--model", model.toString(), "--retrieved", empty.toString(), "--out",
        tmp.resolve("m").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: " + empty + ":1: a retrieved set must start with its header line, but the file is empty");
  }

  @Test
  void should_refuse_a_batch_larger_than_the_set() {
    CliTestSupport.Run r = customize(tmp.resolve("m"), "--batch", "7");

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: --batch must be at most the 6 pairs of retrieved set '" + retrieved + "', but was 7");
  }

  @Test
  void should_refuse_the_default_batch_when_the_set_is_smaller() {
    CliTestSupport.Run r = customize(tmp.resolve("m"));

    assertThat(r.err().strip()).isEqualTo("error: --batch must be at most the 6 pairs of retrieved set '" + retrieved
        + "', but was 32 (the default)");
  }

  @Test
  void should_refuse_k_beyond_the_vision_layers() {
    CliTestSupport.Run tooMany = customize(tmp.resolve("m"), "--batch", "2", "--k", "4");

    assertThat(tooMany.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(tooMany.err().strip()).isEqualTo("error: --k must be in [1, 3] for this model's 3 vision layers, but was 4");
    assertThat(tmp.resolve("m")).doesNotExist();
  }

  @Test
  void should_default_k_to_fit_the_models_vision_layers() {
    CliTestSupport.Run byDefault = customize(tmp.resolve("m"), "--batch", "2", "--steps", "1");

    assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
    assertThat(ModuleArtifact.readMetadata(tmp.resolve("m")).layers()).as("half of 3 layers, at least one").containsExactly(2);
  }

  @Test
  void should_refuse_contradictory_options() {
    assertThat(customize(tmp.resolve("m"), "--epochs", "1", "--steps", "2").err())
        .contains("error: --epochs and --steps are alternatives, but both were given");
    assertThat(customize(tmp.resolve("m"), "--checkpoint-every", "2").err())
        .contains("error: --checkpoints DIR and --checkpoint-every N must be given together, but only --checkpoint-every was");
    assertThat(customize(tmp.resolve("m"), "--strategy", "full", "--k", "2").err())
        .contains("error: --k applies to --strategy gated-image, but the strategy is full");
    assertThat(customize(tmp.resolve("m"), "--strategy", "gated").err())
        .contains("error: --strategy must be gated-image, locked-text or full, but was 'gated'");
    assertThat(customize(tmp.resolve("m"), "--batch", "1").err())
        .contains("error: --batch must be at least 2 (the loss contrasts pairs within a batch), but was 1");
  }

  private static CliTestSupport.Run customize(Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("customize", "--model", model.toString(), "--retrieved", retrieved.toString(),
        "--out", out.toString(), "--no-progress"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }
}
