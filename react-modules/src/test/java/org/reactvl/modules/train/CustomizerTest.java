package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedBlockConfig;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.core.zeroshot.ZeroShotClassifier;
import org.reactvl.modules.ColourTask;
import org.reactvl.modules.TinyClip;
import org.reactvl.core.BackboneMismatchException;
import org.reactvl.modules.artifact.ModuleArtifact;
import org.reactvl.modules.data.PairDataset;
import org.reactvl.modules.eval.Bootstrap;
import org.reactvl.modules.eval.ZeroShotEvaluation;
import org.reactvl.modules.eval.ZeroShotReport;

/** REACT's gated-image tuning end to end on a tiny random CLIP and a red-versus-blue task. */
class CustomizerTest {
  private static final int TEST_PER_CLASS = 16;
  private static ClipModel base;
  private static Map<String, float[]> baseBefore;
  private static PairDataset train;
  private static INDArray test;
  private static ZeroShotClassifier classifier;
  private static CustomizationResult result;
  private static int stepsSeen;

  @BeforeAll
  static void train() {
    base = TinyClip.random(1);
    baseBefore = snapshot(base);
    train = ColourTask.dataset(16, 16, 100);
    test = ColourTask.pixels(TEST_PER_CLASS, 16, 200);
    classifier = ZeroShotClassifier.build(base, ClipTokenizer.load(), ColourTask.CLASSES, ColourTask.TEMPLATES);
    result = Customizer.builder(base)
        .gatedLayers(2)
        .batchSize(8)
        .steps(24)
        .learningRate(1e-2)
        .layersPerSegment(2)
        .listener(new TrainingListener() {
          @Override
          public void onStep(TrainingProgress p) {
            stepsSeen++;
          }
        })
        .build()
        .fit(train);
  }

  @AfterAll
  static void close() {
    base.close();
  }

  private static Map<String, float[]> snapshot(ClipModel model) {
    Map<String, float[]> m = new HashMap<>();
    model.weights().all().forEach((name, a) -> m.put(name, a.dup().data().asFloat()));
    return m;
  }

  private static ZeroShotReport zeroShot(ClipModel model) {
    return ZeroShotEvaluation.evaluate(classifier, model.encodeImages(test), ColourTask.labels(2 * TEST_PER_CLASS), Bootstrap.DEFAULT);
  }

  @Test
  void should_raise_zero_shot_accuracy_on_held_out_images() {
    // given the base model is near chance on red vs blue (its towers are random)
    double before = zeroShot(base).top1().estimate();
    assertThat(before).isBetween(0.25, 0.75);

    // when the trained gated blocks are attached
    ZeroShotReport after = zeroShot(result.applyTo(base));

    // then held-out images are classified almost perfectly, with a confidence interval clear of the base
    assertThat(after.top1().estimate()).isGreaterThanOrEqualTo(0.9);
    assertThat(after.top1().lower()).isGreaterThan(before);
    assertThat(result.report().meanLossOfLast(6)).isLessThan(result.report().meanLossOfFirst(6));
  }

  @Test
  void should_leave_every_base_weight_bit_identical() {
    // the run trained the gates and the logit scale...
    assertThat(result.module().orElseThrow().alphas().values()).anySatisfy(a -> assertThat(a[0]).isNotZero());
    assertThat(result.logitScale()).isNotEqualTo(base.logitScale());
    // ...but no base array changed
    Map<String, float[]> after = snapshot(base);
    assertThat(after.keySet()).isEqualTo(baseBefore.keySet());
    baseBefore.forEach((name, values) -> assertThat(after.get(name)).as(name).isEqualTo(values));
  }

  @Test
  void should_report_every_step() {
    TrainingReport r = result.report();
    assertThat(r.completed()).isTrue();
    assertThat(r.stepsDone()).isEqualTo(24).isEqualTo(stepsSeen);
    assertThat(r.lossCurve()).hasSize(24);
    for (float l : r.lossCurve()) {
      assertThat(l).isFinite().isPositive();
    }
    assertThat(r.samplesPerSecond()).isPositive();
    assertThat(result.options().stepsPerEpoch()).isEqualTo(4);
    assertThat(result.options().warmupSteps()).isEqualTo(1);
  }

  @Test
  void should_compute_the_base_models_loss_at_initialisation() {
    // given one step over the whole dataset (the loss of a batch does not depend on its order)
    PairDataset small = ColourTask.dataset(4, 16, 300);
    CustomizationResult one = Customizer.builder(base).gatedLayers(2).batchSize(8).steps(1).build().fit(small);

    // then the first loss is CLIP's loss of the base model's own features: fresh gated blocks change nothing
    INDArray images = ClipModel.normalizeRows(base.encodeImages(small.pixels(new int[] {0, 1, 2, 3, 4, 5, 6, 7})));
    INDArray texts = ClipModel.normalizeRows(base.encodeTexts(small.captions()));
    double expected = symmetricInfoNce(images.mmul(texts.transpose()).muli(Math.exp(base.logitScale())).toDoubleMatrix());
    assertThat((double) one.report().lossCurve()[0]).isCloseTo(expected, within(1e-5));
  }

  /** The loss written out directly: mean over rows and columns of logsumexp minus the diagonal. */
  private static double symmetricInfoNce(double[][] z) {
    int n = z.length;
    double rows = 0;
    double cols = 0;
    for (int i = 0; i < n; i++) {
      double r = 0;
      double c = 0;
      for (int j = 0; j < n; j++) {
        r += Math.exp(z[i][j]);
        c += Math.exp(z[j][i]);
      }
      rows += Math.log(r) - z[i][i];
      cols += Math.log(c) - z[i][i];
    }
    return (rows + cols) / (2 * n);
  }

  @Test
  void should_reproduce_the_trained_outputs_from_a_saved_artifact(@TempDir Path tmp) {
    // given
    Path dir = tmp.resolve("colours");
    ModuleArtifact.of(result).withMetrics(Map.of("zeroshot.top1", 1.0)).write(dir);

    // when
    ModuleArtifact back = ModuleArtifact.read(dir, base);

    // then the reloaded module computes exactly what the trained one does, and says how it was made
    INDArray expected = result.applyTo(base).encodeImages(test);
    assertThat(back.applyTo(base).encodeImages(test).data().asFloat()).containsExactly(expected.data().asFloat());
    assertThat(back.metadata().strategy()).isEqualTo(TuningStrategy.GATED_IMAGE);
    assertThat(back.metadata().baseFingerprint()).isEqualTo(base.fingerprint());
    assertThat(back.metadata().layers()).containsExactly(1, 2);
    assertThat(back.metadata().options()).contains(result.options());
    assertThat(back.metadata().options().orElseThrow().seed()).isEqualTo(42);
    assertThat(back.metadata().training().orElseThrow().steps()).isEqualTo(result.report().stepsDone());
    assertThat(back.metadata().provenance().libraryVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(back.metadata().metrics()).containsEntry("zeroshot.top1", 1.0);
    assertThat(back.metadata().logitScale()).isCloseTo(result.logitScale(), within(1e-7));
  }

  @Test
  void should_refuse_to_apply_an_artifact_to_another_backbone(@TempDir Path tmp) {
    // given
    ModuleArtifact.of(result).write(tmp.resolve("m"));
    try (ClipModel other = TinyClip.random(2)) {
      // when / then
      assertThatThrownBy(() -> ModuleArtifact.read(tmp.resolve("m"), other))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining("fingerprint " + base.fingerprint())
          .hasMessageContaining("has fingerprint " + other.fingerprint());
      assertThatThrownBy(() -> result.applyTo(other))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining(base.fingerprint())
          .hasMessageContaining(other.fingerprint());
      assertThatThrownBy(() -> other.withModule(result.module().orElseThrow()))
          .isInstanceOf(BackboneMismatchException.class)
          .hasMessageContaining(base.fingerprint())
          .hasMessageContaining(other.fingerprint());
    }
  }

  @Test
  void should_default_to_gated_blocks_that_fit_the_models_tower() {
    assertThat(GatedBlockConfig.defaultLastK(12)).isEqualTo(6);
    assertThat(GatedBlockConfig.defaultLastK(4)).isEqualTo(2);
    assertThat(GatedBlockConfig.defaultLastK(base.config().vision().layers())).isEqualTo(1);
    assertThat(GatedBlockConfig.defaultLastK(1)).isEqualTo(1);
  }

  @Test
  void should_reject_settings_that_do_not_fit_the_data() {
    assertThatThrownBy(() -> Customizer.builder(base).gatedLayers(2).batchSize(64).build().fit(train))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be at most the 32 pairs of the dataset, but was 64");
    assertThatThrownBy(() -> Customizer.builder(base).gatedLayers(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gatedLayers must be in [1, 3] for this model, but was 4");
    assertThatThrownBy(() -> Customizer.builder(base).build().fit(ColourTask.dataset(4, 32, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("images must be 16 x 16 pixels for this model, but the dataset's are 32 x 32");
    assertThat(List.of(TuningStrategy.values())).hasSize(3);
  }
}
