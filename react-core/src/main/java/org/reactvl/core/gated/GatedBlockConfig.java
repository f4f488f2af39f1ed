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

  /**
   * The default {@code lastK} for a tower of {@code visionLayers} layers: the paper's
   * {@value #DEFAULT_LAST_K}, but at most half the layers (at least 1), so small towers get a default
   * that fits them (2 for a 4-layer tower).
   */
  public static int defaultLastK(int visionLayers) {
    checkArgument(visionLayers > 0, "visionLayers must be positive, but was %s", visionLayers);
    return Math.min(DEFAULT_LAST_K, Math.max(1, visionLayers / 2));
  }

  public GatedBlockConfig {
    checkArgument(lastK > 0, "lastK must be positive, but was %s", lastK);
    checkArgument(initStdScale > 0 && Double.isFinite(initStdScale), "initStdScale must be positive, but was %s", initStdScale);
  }

  /** Gated blocks before the last {@code lastK} vision layers, default initialisation. */
  public static GatedBlockConfig lastK(int lastK) {
    return new GatedBlockConfig(lastK, 1.0);
  }
}
