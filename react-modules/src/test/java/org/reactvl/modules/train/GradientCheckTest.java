package org.reactvl.modules.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipWeights;
import org.reactvl.core.gated.GatedBlockConfig;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.modules.TinyClip;

/** Analytic gradients of the segmented contrastive objective against central finite differences, in float64. */
class GradientCheckTest {
  @Test
  void should_match_finite_differences_for_gated_parameters_across_segments() {
    // given a tiny model with gated blocks before its last 2 layers, gates opened so every path matters
    ClipConfig config = TinyClip.config();
    ClipWeights base = ClipInitializer.random(config, 11);
    GatedModule module = GatedModule.initialize(config, base.fingerprint(), GatedBlockConfig.lastK(2), 5);
    Map<String, INDArray> params = new HashMap<>();
    base.all().forEach((name, a) -> params.put(name, a.castTo(DataType.DOUBLE)));
    module.tensors().forEach((name, a) -> params.put(name, name.contains("alpha") ? Nd4j.scalar(DataType.DOUBLE, 0.4) : a.castTo(DataType.DOUBLE)));
    int batch = 4;
    int tokens = config.vision().tokens();
    Random random = new Random(3);
    INDArray hidden = gaussian(random, batch * tokens, config.vision().width());
    INDArray text = gaussian(random, batch, config.embedDim());
    SegmentedObjective.Batch b = SegmentedObjective.Batch.frozenText(hidden, text);
    // one layer per segment: the gradient of the first block crosses a segment boundary
    SegmentedObjective objective =
        SegmentedObjective.create(config, TuningStrategy.GATED_IMAGE, 2, 1, name -> name.contains(".gated_attn_block.") || name.equals("logit_scale"), DataType.DOUBLE);
    assertThat(objective.segmentCount()).isEqualTo(2);

    // when
    SegmentedObjective.Evaluation e = objective.evaluate(b, params);

    // then every trainable tensor has a gradient, and sampled entries match (L(p+h) - L(p-h)) / 2h
    assertThat(e.gradients().keySet()).containsAll(module.tensors().keySet()).contains("logit_scale").hasSize(module.tensors().size() + 1);
    assertThat(e.loss()).isCloseTo(objective.loss(b, params), org.assertj.core.data.Offset.offset(1e-12));
    List<String> probes = List.of(
        "logit_scale",
        "visual.transformer.resblocks.1.gated_attn_block.alpha_attn",
        "visual.transformer.resblocks.1.gated_attn_block.attn.in_proj_weight",
        "visual.transformer.resblocks.1.gated_attn_block.ln_1.weight",
        "visual.transformer.resblocks.1.gated_attn_block.mlp.c_fc.bias",
        "visual.transformer.resblocks.2.gated_attn_block.alpha_dense",
        "visual.transformer.resblocks.2.gated_attn_block.attn.out_proj.weight",
        "visual.transformer.resblocks.2.gated_attn_block.mlp.c_proj.weight");
    assertMatchesFiniteDifferences(objective, b, params, e, probes, random);
  }

  @Test
  void should_match_finite_differences_through_the_patch_embedding_with_locked_text() {
    // given the whole image tower trainable, from pixels, one layer per segment
    ClipConfig config = TinyClip.config();
    ClipWeights base = ClipInitializer.random(config, 13);
    Map<String, INDArray> params = new HashMap<>();
    base.all().forEach((name, a) -> params.put(name, a.castTo(DataType.DOUBLE)));
    Random random = new Random(4);
    int size = config.vision().imageSize();
    INDArray pixels = gaussian(random, 4, 3 * size * size).reshape(4, 3, size, size);
    INDArray text = gaussian(random, 4, config.embedDim());
    SegmentedObjective.Batch b = SegmentedObjective.Batch.frozenText(pixels, text);
    SegmentedObjective objective = SegmentedObjective.create(
        config, TuningStrategy.LOCKED_TEXT, 0, 1, name -> name.startsWith("visual.") || name.equals("logit_scale"), DataType.DOUBLE);
    assertThat(objective.segmentCount()).isEqualTo(3);

    // when
    SegmentedObjective.Evaluation e = objective.evaluate(b, params);

    // then
    assertThat(e.gradients()).containsKeys("visual.conv1.weight", "visual.ln_post.bias", "visual.transformer.resblocks.0.ln_1.weight").doesNotContainKey("ln_final.weight");
    assertMatchesFiniteDifferences(objective, b, params, e, List.of(
        "visual.conv1.weight", "visual.class_embedding", "visual.positional_embedding", "visual.ln_pre.weight",
        "visual.transformer.resblocks.0.attn.in_proj_weight", "visual.transformer.resblocks.1.mlp.c_proj.bias", "visual.proj"), random);
  }

  @Test
  void should_match_finite_differences_through_both_towers_with_full_training() {
    // given every weight trainable, token ids of two short texts per image pair
    ClipConfig config = TinyClip.config();
    ClipWeights base = ClipInitializer.random(config, 17);
    Map<String, INDArray> params = new HashMap<>();
    base.all().forEach((name, a) -> params.put(name, a.castTo(DataType.DOUBLE)));
    Random random = new Random(8);
    int size = config.vision().imageSize();
    INDArray pixels = gaussian(random, 3, 3 * size * size).reshape(3, 3, size, size);
    int ctx = config.text().contextLength();
    int[] ids = new int[3 * ctx];
    int[][] texts = {{49406, 320, 1929, 49407}, {49406, 320, 1746, 3309, 49407}, {49406, 1929, 49407}};
    for (int i = 0; i < texts.length; i++) {
      System.arraycopy(texts[i], 0, ids, i * ctx, texts[i].length);
    }
    INDArray tokens = Nd4j.createFromArray(ids).reshape(3, ctx);
    SegmentedObjective.Batch b = SegmentedObjective.Batch.fullText(pixels, tokens);
    SegmentedObjective objective = SegmentedObjective.create(config, TuningStrategy.FULL, 0, 1, name -> true, DataType.DOUBLE);

    // when
    SegmentedObjective.Evaluation e = objective.evaluate(b, params);

    // then, token embedding rows of the ids used (1929 = "red") included
    assertThat(e.gradients()).containsKeys("token_embedding.weight", "positional_embedding", "text_projection", "visual.proj");
    int width = config.text().width();
    List<String> probes = List.of(
        "transformer.resblocks.0.attn.in_proj_weight", "transformer.resblocks.1.mlp.c_fc.weight", "ln_final.weight",
        "text_projection", "visual.conv1.weight", "logit_scale");
    assertMatchesFiniteDifferences(objective, b, params, e, probes, random);
    assertMatchesAt(objective, b, params, e, "token_embedding.weight", 1929L * width + 5);
    // positions after a text's end-of-text token cannot reach its features (causal mask): probe position 1
    assertMatchesAt(objective, b, params, e, "positional_embedding", width + 3);
  }

  /** Central differences {@code (L(p+h) - L(p-h)) / 2h} at one random entry of each probed tensor. */
  private static void assertMatchesFiniteDifferences(
      SegmentedObjective objective, SegmentedObjective.Batch b, Map<String, INDArray> params, SegmentedObjective.Evaluation e, List<String> probes,
      Random random) {
    for (String name : probes) {
      assertMatchesAt(objective, b, params, e, name, random.nextInt((int) params.get(name).length()));
    }
  }

  private static void assertMatchesAt(
      SegmentedObjective objective, SegmentedObjective.Batch b, Map<String, INDArray> params, SegmentedObjective.Evaluation e, String name, long index) {
    double h = 1e-5;
    {
      INDArray p = params.get(name);
      double original = p.getDouble(index);
      p.putScalar(index, original + h);
      double plus = objective.loss(b, params);
      p.putScalar(index, original - h);
      double minus = objective.loss(b, params);
      p.putScalar(index, original);
      double numeric = (plus - minus) / (2 * h);
      double analytic = e.gradients().get(name).getDouble(index);
      assertThat(analytic).as("%s[%s]", name, index).isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-7 + 1e-5 * Math.abs(numeric)));
      assertThat(Math.abs(analytic)).as("%s[%s] must be a real signal", name, index).isGreaterThan(1e-6);
    }
  }

  private static INDArray gaussian(Random random, int rows, int cols) {
    double[] d = new double[rows * cols];
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextGaussian();
    }
    return Nd4j.createFromArray(d).reshape(rows, cols);
  }
}
