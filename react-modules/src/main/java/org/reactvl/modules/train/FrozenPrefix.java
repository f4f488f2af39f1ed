package org.reactvl.modules.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipGraphBuilder;
import org.reactvl.core.clip.ClipModel;

/**
 * The frozen first layers of an image tower, inference only: pixels to the hidden states after layer
 * {@code layers - 1} ({@code ln_pre}'s output when {@code layers} is 0), {@code [N * tokens, width]}.
 * Shares the model's weights. Not thread-safe.
 */
final class FrozenPrefix {
  private static final String PIXELS = "pixels";
  private static final String HIDDEN = "hidden";
  private final SameDiff sd;

  FrozenPrefix(ClipModel clip, int layers) {
    ClipConfig config = clip.config();
    checkArgument(layers >= 0 && layers < config.vision().layers(), "prefix layers must be in [0, %s), but was %s", config.vision().layers(), layers);
    sd = SameDiff.create();
    ClipGraphBuilder b = new ClipGraphBuilder(sd, config, ClipGraphBuilder.constants(sd, clip.weights()::get));
    int size = config.vision().imageSize();
    SDVariable x = b.visionEmbed(sd.placeHolder(PIXELS, DataType.FLOAT, -1, 3, size, size));
    for (int i = 0; i < layers; i++) {
      x = b.visionBlock(x, i);
    }
    sd.updateVariableNameAndReference(x, HIDDEN);
  }

  /** Hidden states {@code [N * tokens, width]} of pixels {@code [N, 3, S, S]} (a new array). */
  INDArray hiddenStates(INDArray pixels) {
    Sessions.freeIntermediatesEagerly(sd);
    return sd.output(Map.of(PIXELS, pixels), HIDDEN).get(HIDDEN);
  }
}
