package org.reactvl.core.clip;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded random CLIP weights, initialised as open_clip initialises a model it trains from scratch:
 * token embeddings N(0, 0.02), text positions N(0, 0.01), class token, image positions and the image
 * projection N(0, width^-0.5), q/k/v N(0, width^-0.5), output projections N(0, width^-0.5 (2
 * layers)^-0.5), MLP input N(0, (2 width)^-0.5), text projection N(0, width^-0.5), layer norms at
 * identity, biases 0, {@code logit_scale = ln(1 / 0.07)}; the patch embedding keeps PyTorch's Conv2d default. Used for pre-training and for benchmarks.
 */
public final class ClipInitializer {
  private ClipInitializer() {}

  /** Random weights for {@code config}; the same seed gives the same weights. */
  public static ClipWeights random(ClipConfig config, long seed) {
    Random random = new Random(seed);
    Map<String, INDArray> out = new HashMap<>();
    int vw = config.vision().width();
    int tw = config.text().width();
    for (Map.Entry<String, long[]> e : ClipWeights.expectedShapes(config).entrySet()) {
      String name = e.getKey();
      boolean vision = name.startsWith("visual.");
      int width = vision ? vw : tw;
      int layers = vision ? config.vision().layers() : config.text().layers();
      // The patch embedding keeps PyTorch's Conv2d default (kaiming uniform, a = sqrt 5): std 1/sqrt(3 fan_in).
      double std = name.equals("visual.conv1.weight")
          ? 1 / Math.sqrt(3.0 * 3 * config.vision().patchSize() * config.vision().patchSize())
          : std(name, width, layers);
      float fill = name.endsWith("ln_1.weight") || name.endsWith("ln_2.weight") || name.endsWith("ln_pre.weight")
              || name.endsWith("ln_post.weight") || name.equals("ln_final.weight")
          ? 1f
          : name.equals(ClipWeights.LOGIT_SCALE) ? (float) Math.log(1 / 0.07) : 0f;
      out.put(name, filled(e.getValue(), random, std, fill));
    }
    return new ClipWeights(config, out);
  }

  private static double std(String name, int width, int layers) {
    if (name.equals("token_embedding.weight")) {
      return 0.02;
    }
    if (name.equals("positional_embedding")) {
      return 0.01;
    }
    if (name.equals("visual.class_embedding") || name.equals("visual.positional_embedding") || name.equals("visual.proj")
        || name.equals("text_projection") || name.endsWith("attn.in_proj_weight")) {
      return 1 / Math.sqrt(width);
    }
    if (name.endsWith("attn.out_proj.weight") || name.endsWith("mlp.c_proj.weight")) {
      return 1 / Math.sqrt(width) / Math.sqrt(2.0 * layers);
    }
    if (name.endsWith("mlp.c_fc.weight")) {
      return 1 / Math.sqrt(2.0 * width);
    }
    return 0;
  }

  /** A new float32 array of N(0, std) draws from {@code random}, or filled with {@code value} when std is 0. */
  public static INDArray filled(long[] shape, Random random, double std, float value) {
    INDArray a = Nd4j.create(DataType.FLOAT, shape, 'c');
    var buf = a.data().asNioFloat();
    for (long i = 0; i < a.length(); i++) {
      buf.put(std > 0 ? (float) (random.nextGaussian() * std) : value);
    }
    return a;
  }
}
