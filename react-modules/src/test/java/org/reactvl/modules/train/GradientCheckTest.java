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
    GatedModule module = GatedModule.initialize(config, GatedBlockConfig.lastK(2), 5);
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
    double h = 1e-5;
    for (String name : probes) {
      INDArray p = params.get(name);
      long index = random.nextInt((int) p.length());
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
