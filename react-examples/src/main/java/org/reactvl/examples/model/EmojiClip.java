package org.reactvl.examples.model;

import org.reactvl.core.clip.Activation;
import org.reactvl.core.clip.ClipConfig;

/**
 * The architecture of the small CLIP this project trains on the emoji pool and ships as its default
 * model, sized so that pre-training fits a session on two CPU cores: a 4-layer ViT with 8-pixel
 * patches on 32 x 32 images (the 64-pixel renders downscaled; 17 tokens) and a 3-layer text tower
 * over CLIP's real BPE vocabulary with a 16-token context (emoji captions average under five
 * words). About 7.7M parameters, 15 MB in float16, of which CLIP's 49,408-token embedding table is
 * four fifths.
 */
public final class EmojiClip {
  /** Image side in pixels, the emoji corpus's render size. */
  public static final int IMAGE_SIZE = 32;

  private EmojiClip() {}

  /** The architecture: embed 128; vision 32 px / 8 px patches, width 128, 4 layers, 2 heads; text 16 tokens, width 128, 3 layers, 2 heads. */
  public static ClipConfig small() {
    ClipConfig.Vision vision = ClipConfig.vit(IMAGE_SIZE, 8, 128, 4, 2, Activation.GELU);
    ClipConfig.Text text = new ClipConfig.Text(
        16, ClipConfig.CLIP_VOCAB_SIZE, 128, 3, 2, 4 * 128, Activation.GELU, ClipConfig.DEFAULT_LAYER_NORM_EPS, ClipConfig.CLIP_EOT);
    return new ClipConfig(128, vision, text);
  }
}
