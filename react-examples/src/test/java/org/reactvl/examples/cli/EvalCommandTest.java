package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.core.zeroshot.ZeroShotClassifier;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ClassAccuracy;
import org.reactvl.modules.eval.Interval;
import org.reactvl.modules.eval.RetrievalEvaluation;
import org.reactvl.modules.eval.RetrievalReport;
import org.reactvl.modules.eval.ZeroShotEvaluation;
import org.reactvl.modules.eval.ZeroShotReport;

/** {@code react eval} on red and blue squares with a tiny random CLIP, checked against the library's evaluations. */
class EvalCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PER_CLASS = 4;

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static Path model;
  private static Path folder;
  private static List<Path> images;

  @BeforeAll
  static void fixtures() throws IOException {
    model = ColourFixtures.tinyModel(shared, 3);
    folder = shared.resolve("images");
    images = ColourFixtures.images(folder, PER_CLASS, 2);
  }

  @Test
  void should_report_the_zero_shot_accuracy_the_library_computes() throws IOException {
    // given
    Path json = tmp.resolve("report.json");

    // when encoded three images at a time
    CliTestSupport.Run r = run("eval", "--model", model.toString(), "--images", folder.toString(), "--bootstrap", "200", "--seed", "3",
        "--batch", "3", "--json", json.toString());

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("encode images", (2 * PER_CLASS) + "/" + (2 * PER_CLASS) + " images");
    ZeroShotReport expected = libraryZeroShot(List.of("blue", "red"), PromptTemplates.simple(), new Bootstrap(200, 3));
    JsonNode report = JSON.readTree(json.toFile());
    assertThat(report.get("task").asText()).isEqualTo("zero-shot");
    assertThat(report.get("images").asInt()).isEqualTo(2 * PER_CLASS);
    assertThat(report.get("top5_k").asInt()).isEqualTo(2);
    assertThat(report.get("model").asText()).isEqualTo(model.toString());
    assertThat(report.get("module").isNull()).isTrue();
    assertThat(report.get("top1").get("estimate").asDouble()).isBetween(0.0, 1.0);
    assertInterval(report.get("top1"), expected.top1());
    assertInterval(report.get("top5"), expected.top5());
    assertThat(report.get("per_class")).hasSize(2);
    for (int c = 0; c < 2; c++) {
      JsonNode entry = report.get("per_class").get(c);
      ClassAccuracy want = expected.perClass().get(c);
      assertThat(entry.get("class").asText()).isEqualTo(want.className());
      assertThat(entry.get("images").asInt()).isEqualTo(PER_CLASS);
      assertInterval(entry.get("top1"), want.top1());
      assertInterval(entry.get("top5"), want.top5());
    }
    assertThat(r.out()).startsWith("zero-shot: 8 images, 2 classes, 1 prompt template, 95% intervals from 200 bootstrap resamples (seed 3)")
        .containsPattern("\noverall +8 +" + String.format(java.util.Locale.ROOT, "%.4f", expected.top1().estimate()) + " +\\[")
        .contains("top-2").contains("\nblue ").contains("\nred ");
  }

  @Test
  void should_read_a_manifest_with_a_label_file_that_adds_a_distractor_and_a_template_ensemble() throws IOException {
    // given a manifest in a sibling folder, image paths relative to it
    Path manifest = Files.createDirectories(shared.resolve("lists")).resolve("test.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      lines.add("{\"image\":\"../images/" + ColourFixtures.classOf(i, PER_CLASS) + "/" + images.get(i).getFileName() + "\",\"label\":\""
          + ColourFixtures.classOf(i, PER_CLASS) + "\"}");
    }
    Files.write(manifest, lines);
    Path labels = Files.writeString(tmp.resolve("labels.txt"), "red\nblue\ngreen\n");
    Path json = tmp.resolve("report.json");

    // when
    CliTestSupport.Run r = run("eval", "--model", model.toString(), "--manifest", manifest.toString(), "--labels", labels.toString(),
        "--template", "a photo of a {}.", "--template", "a {} square.", "--json", json.toString());

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    ZeroShotReport expected = libraryZeroShot(List.of("red", "blue", "green"),
        new PromptTemplates("t", List.of("a photo of a {}.", "a {} square.")), Bootstrap.DEFAULT);
    JsonNode report = JSON.readTree(json.toFile());
    assertInterval(report.get("top1"), expected.top1());
    assertThat(report.get("templates")).hasSize(2);
    JsonNode green = report.get("per_class").get(2);
    assertThat(green.get("class").asText()).isEqualTo("green");
    assertThat(green.get("images").asInt()).isZero();
    assertThat(green.get("top1").isNull()).isTrue();
    assertThat(r.out()).containsPattern("\ngreen +0 +- +- +- +-\n");
  }

  @Test
  void should_report_image_text_recall_for_captioned_pairs() throws IOException {
    // given
    Path manifest = shared.resolve("images/pairs.jsonl");
    List<String> lines = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String caption = "a " + ColourFixtures.classOf(i, PER_CLASS) + " square number " + i;
      captions.add(caption);
      lines.add("{\"image\":\"" + folder.relativize(images.get(i)) + "\",\"caption\":\"" + caption + "\"}");
    }
    Files.write(manifest, lines);
    Path json = tmp.resolve("recall.json");

    // when
    CliTestSupport.Run r = run("eval", "--model", model.toString(), "--pairs", manifest.toString(), "--json", json.toString());

    // then
    assertThat(r.exitCode()).as(r.err()).isZero();
    RetrievalReport expected;
    try (ClipModel clip = ClipModel.load(model)) {
      expected = RetrievalEvaluation.evaluate(clip.encodeImages(Images.preprocess(images, clip.config())), clip.encodeTexts(captions),
          new int[] {1, 5, 10}, Bootstrap.DEFAULT);
    }
    JsonNode report = JSON.readTree(json.toFile());
    assertThat(report.get("task").asText()).isEqualTo("retrieval");
    assertThat(report.get("pairs").asInt()).isEqualTo(images.size());
    for (int k : new int[] {1, 5, 10}) {
      assertInterval(report.get("image_to_text").get(Integer.toString(k)), expected.imageToText().get(k));
      assertInterval(report.get("text_to_image").get(Integer.toString(k)), expected.textToImage().get(k));
    }
    assertThat(report.get("image_to_text").get("10").get("estimate").asDouble()).isEqualTo(1.0);
    assertThat(r.out()).startsWith("retrieval: 8 image-caption pairs").contains("image->text").contains("text->image").contains("R@10");
  }

  @Test
  void should_name_a_label_the_class_list_misses() throws IOException {
    Path labels = Files.writeString(tmp.resolve("labels.txt"), "# colours\nred\n");

    CliTestSupport.Run fromFile = run("eval", "--model", model.toString(), "--images", folder.toString(), "--labels", labels.toString());
    CliTestSupport.Run fromOption = run("eval", "--model", model.toString(), "--images", folder.toString(), "--classes", "green,yellow");

    assertThat(fromFile.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(fromFile.err().strip()).isEqualTo("error: --labels '" + labels + "' must name every label found, but does not name 'blue'");
    assertThat(fromOption.err().strip())
        .isEqualTo("error: --classes must name every label found, but does not name 'blue' (nor 1 more of the 2 labels found)");
  }

  @Test
  void should_name_file_and_line_of_a_bad_manifest_line() throws IOException {
    Path manifest = tmp.resolve("bad.jsonl");
    Files.writeString(manifest, "{\"image\":\"" + images.get(0) + "\",\"label\":\"red\"}\n{\"image\":\"" + images.get(1) + "\"}\n");
    Path missingImage = tmp.resolve("missing.jsonl");
    Files.writeString(missingImage, "{\"image\":\"nope.png\",\"label\":\"red\"}\n");

    CliTestSupport.Run noLabel = run("eval", "--model", model.toString(), "--manifest", manifest.toString());
    CliTestSupport.Run noImage = run("eval", "--model", model.toString(), "--manifest", missingImage.toString());

    assertThat(noLabel.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(noLabel.err().strip()).isEqualTo("error: " + manifest + ":2: field 'label' must be a string, but was missing");
    assertThat(noImage.err().strip()).isEqualTo("error: " + missingImage + ":1: field 'image' must name an existing file, but '"
        + tmp.resolve("nope.png") + "' is not one");
  }

  @Test
  void should_refuse_a_folder_without_class_subfolders_and_options_that_do_not_apply() throws IOException {
    Path flat = Files.createDirectories(tmp.resolve("flat"));
    Files.copy(images.get(0), flat.resolve("a.png"));

    CliTestSupport.Run noClasses = run("eval", "--model", model.toString(), "--images", flat.toString());
    CliTestSupport.Run pairsWithClasses = run("eval", "--model", model.toString(), "--pairs", tmp.resolve("p.jsonl").toString(),
        "--classes", "red");
    CliTestSupport.Run fewResamples = run("eval", "--model", model.toString(), "--images", folder.toString(), "--bootstrap", "10");

    assertThat(noClasses.err().strip()).isEqualTo("error: image folder '" + flat + "' must hold one subfolder of images per class, but"
        + " has no images in subfolders (image files end in .jpg, .jpeg, .png, .gif, .bmp or .webp)");
    assertThat(pairsWithClasses.err().strip()).isEqualTo("error: --labels, --classes and --template apply to zero-shot evaluation"
        + " (--images or --manifest), not to --pairs");
    assertThat(fewResamples.err().strip()).isEqualTo("error: --bootstrap must be at least 100 resamples, but was 10");
  }

  private static ZeroShotReport libraryZeroShot(List<String> classes, PromptTemplates templates, Bootstrap bootstrap) {
    try (ClipModel clip = ClipModel.load(model)) {
      ZeroShotClassifier classifier = ZeroShotClassifier.build(clip, ClipTokenizer.load(), classes, templates);
      int[] labels = new int[images.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = classes.indexOf(ColourFixtures.classOf(i, PER_CLASS));
      }
      return ZeroShotEvaluation.evaluate(classifier, clip.encodeImages(Images.preprocess(images, clip.config())), labels, bootstrap);
    }
  }

  private static void assertInterval(JsonNode json, Interval expected) {
    assertThat(json.get("estimate").asDouble()).isEqualTo(expected.estimate());
    assertThat(json.get("lower").asDouble()).isEqualTo(expected.lower()).isLessThanOrEqualTo(json.get("estimate").asDouble());
    assertThat(json.get("upper").asDouble()).isEqualTo(expected.upper()).isGreaterThanOrEqualTo(json.get("estimate").asDouble());
  }
}
