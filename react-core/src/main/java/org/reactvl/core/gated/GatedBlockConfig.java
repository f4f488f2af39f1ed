package org.reactvl.core.gated;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Where REACT's gated blocks go and how they start.
 *
 * @param lastK one gated block runs before each of the last {@code lastK} vision layers (6 of 12
 *     for ViT-B/32, B/16 and L/14 in the paper, 12 for bigG/14)
 * @param initStdScale multiplies the normal initialisation's standard deviations (1 = the
 *     transformer defaults described in {@link GatedModule#initialize}); the gates always start at 0
 */
public record GatedBlockConfig(int lastK, double initStdScale) {
  /** The paper's setting for 12-layer towers. */
  public static final int DEFAULT_LAST_K = 6;

  public GatedBlockConfig {
    checkArgument(lastK > 0, "lastK must be positive, but was %s", lastK);
    checkArgument(initStdScale > 0 && Double.isFinite(initStdScale), "initStdScale must be positive, but was %s", initStdScale);
  }

  /** Gated blocks before the last {@code lastK} vision layers, default initialisation. */
  public static GatedBlockConfig lastK(int lastK) {
    return new GatedBlockConfig(lastK, 1.0);
  }
}
