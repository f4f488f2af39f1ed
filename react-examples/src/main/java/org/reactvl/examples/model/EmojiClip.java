package org.reactvl.examples.model;

import org.reactvl.core.clip.Activation;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.examples.emoji.EmojiCorpus;

/**
 * The architecture of the small CLIP this project trains on the emoji pool and ships as its default
 * model, sized so that pre-training fits a session on two CPU cores: a 4-layer ViT with 8-pixel
 * patches on 32 x 32 images (the 64-pixel renders downscaled; 17 tokens) and a 3-layer text tower
 * over CLIP's real BPE vocabulary with a 16-token context (emoji captions average under five
 * words). About 7.7M parameters, 15 MB in float16, of which CLIP's 49,408-token embedding table is
 * four fifths.
 */
public final class EmojiClip {
  /** Image side in pixels of the default architecture. */
  public static final int IMAGE_SIZE = 32;
  /** Patch side in pixels of the default architecture. */
  public static final int PATCH_SIZE = 8;

  private EmojiClip() {}

  /** The architecture: embed 128; vision 32 px / 8 px patches, width 128, 4 layers, 2 heads; text 16 tokens, width 128, 3 layers, 2 heads. */
  public static ClipConfig small() {
    return small(IMAGE_SIZE, PATCH_SIZE);
  }

  /**
   * {@link #small()} on other images: {@code imageSize} pixels a side cut into {@code patchSize}
   * patches (64 / 16 keeps the 17 tokens at the renders' full resolution).
   *
   * @throws IllegalArgumentException unless the patch size is positive and the image size a multiple
   *     of it no larger than the corpus's renders ({@link EmojiCorpus#DEFAULT_SIZE} pixels)
   */
  public static ClipConfig small(int imageSize, int patchSize) {
    if (patchSize < 1 || imageSize < patchSize || imageSize > EmojiCorpus.DEFAULT_SIZE || imageSize % patchSize != 0) {
      throw new IllegalArgumentException("image size must be a multiple of the patch size " + patchSize + " between "
          + Math.max(patchSize, 1) + " and the renders' " + EmojiCorpus.DEFAULT_SIZE + " pixels, but was " + imageSize);
    }
    ClipConfig.Vision vision = ClipConfig.vit(imageSize, patchSize, 128, 4, 2, Activation.GELU);
    ClipConfig.Text text = new ClipConfig.Text(
        16, ClipConfig.CLIP_VOCAB_SIZE, 128, 3, 2, 4 * 128, Activation.GELU, ClipConfig.DEFAULT_LAYER_NORM_EPS, ClipConfig.CLIP_EOT);
    return new ClipConfig(128, vision, text);
  }
}
