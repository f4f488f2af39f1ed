package org.reactvl.core.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.io.DType;

/**
 * The loaders are general: a model of another size and activation (image 64, patch 16, 4 vision
 * layers of 3 heads, 3 text layers, exact GELU) written in both layouts loads back to the same
 * weights and the same outputs.
 */
class CheckpointRoundTripTest {
  private static final ClipConfig OTHER =
      new ClipConfig(
          24,
          new ClipConfig.Vision(64, 16, 96, 4, 3, 384, Activation.GELU, 1e-5),
          new ClipConfig.Text(77, 49408, 48, 3, 4, 160, Activation.GELU, 1e-5, ClipConfig.CLIP_EOT));

  @TempDir Path tmp;

  @Test
  void should_load_what_it_writes_in_both_layouts() {
    ClipWeights original = ClipInitializer.random(OTHER, 11);
    CheckpointWriter.writeHuggingFace(original, tmp.resolve("hf"), DType.F32);
    CheckpointWriter.writeOpenClip(original, tmp.resolve("open_clip.safetensors"), DType.F32);
    ClipWeights hf = CheckpointLoader.load(tmp.resolve("hf"));
    ClipWeights oc = CheckpointLoader.loadOpenClip(tmp.resolve("open_clip.safetensors"), OTHER);
    assertThat(hf.config()).isEqualTo(OTHER);
    assertThat(hf.fingerprint()).isEqualTo(original.fingerprint());
    assertThat(oc.fingerprint()).isEqualTo(original.fingerprint());

    INDArray pixels = Nd4j.rand(DataType.FLOAT, 2, 3, 64, 64);
    int[][] tokens = new int[2][77];
    tokens[0][0] = 49406;
    tokens[0][1] = 320;
    tokens[0][2] = ClipConfig.CLIP_EOT;
    tokens[1][0] = 49406;
    tokens[1][1] = ClipConfig.CLIP_EOT;
    try (ClipModel a = ClipModel.of(original); ClipModel b = ClipModel.of(hf)) {
      assertThat(b.encodeImages(pixels).data().asFloat()).containsExactly(a.encodeImages(pixels).data().asFloat());
      assertThat(b.encodeTokens(tokens).data().asFloat()).containsExactly(a.encodeTokens(tokens).data().asFloat());
    }
  }

  @Test
  void should_write_half_precision_folders_loadable_as_float() {
    ClipWeights original = ClipInitializer.random(OTHER, 12);
    CheckpointWriter.writeHuggingFace(original, tmp.resolve("fp16"), DType.F16);
    ClipWeights back = CheckpointLoader.load(tmp.resolve("fp16"));
    float w = original.get("visual.proj").getFloat(5, 7);
    assertThat(back.get("visual.proj").getFloat(5, 7)).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(w)));
  }
}
