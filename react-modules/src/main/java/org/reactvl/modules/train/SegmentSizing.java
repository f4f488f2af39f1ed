package org.reactvl.modules.train;

import org.bytedeco.javacpp.Pointer;
import org.reactvl.core.clip.ClipConfig;

/**
 * Picks the default number of layers per activation checkpoint: as many as fit in a share of the
 * native memory limit, all of them (no recomputation) when they fit. Recomputation never changes a
 * result, only time and memory.
 */
final class SegmentSizing {
  /** The share of the native memory limit that one step's kept activations may use. */
  static final double ACTIVATION_SHARE = 0.4;

  private SegmentSizing() {}

  /**
   * Layers per segment for {@code strategy} at {@code batchSize}, for a native limit of
   * {@code limitBytes}.
   */
  static int layersPerSegment(ClipConfig config, TuningStrategy strategy, int gatedLayers, int batchSize, long limitBytes) {
    ClipConfig.Vision v = config.vision();
    int layers = strategy.gated() ? gatedLayers : v.layers();
    long perLayer = blockBytes(batchSize, v.tokens(), v.width(), v.mlpWidth(), v.heads()) * (strategy.gated() ? 2 : 1);
    if (!strategy.textFrozen()) {
      ClipConfig.Text t = config.text();
      layers = Math.max(layers, t.layers());
      perLayer += blockBytes(batchSize, t.contextLength(), t.width(), t.mlpWidth(), t.heads());
    }
    long fit = (long) (limitBytes * ACTIVATION_SHARE) / Math.max(1, perLayer);
    return (int) Math.max(1, Math.min(layers, fit));
  }

  /** The native memory limit: JavaCPP's {@code maxphysicalbytes} when set, else half the machine's memory. */
  static long nativeLimitBytes() {
    long max = Pointer.maxPhysicalBytes();
    return max > 0 ? max : Pointer.totalPhysicalBytes() / 2;
  }

  /** Bytes a block keeps for its backward pass (float32): ten {@code width} and two {@code mlp} activations per token, and the attention weights. */
  static long blockBytes(int batch, int tokens, int width, int mlpWidth, int heads) {
    long rows = (long) batch * tokens;
    return Float.BYTES * (rows * (10L * width + 2L * mlpWidth) + (long) batch * heads * tokens * tokens);
  }
}
