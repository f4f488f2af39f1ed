package org.reactvl.core.clip;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The shape of a CLIP model: a ViT image tower, a causal text transformer and the joint embedding
 * width. Any width, depth, head count, patch and image size is allowed, from the test fixtures'
 * tiny models to ViT-bigG/14; {@link ClipArchitectures} names the published ones.
 *
 * @param embedDim width of the joint image-text embedding space
 */
public record ClipConfig(int embedDim, Vision vision, Text text) {
  /** Layer-norm epsilon of every published CLIP. */
  public static final double DEFAULT_LAYER_NORM_EPS = 1e-5;
  /** Tokens per text in CLIP's tokenizer. */
  public static final int CLIP_CONTEXT_LENGTH = 77;
  /** Ids in CLIP's byte-level BPE vocabulary. */
  public static final int CLIP_VOCAB_SIZE = 49408;
  /** CLIP's end-of-text id, whose first occurrence the text tower pools. */
  public static final int CLIP_EOT = 49407;

  public ClipConfig {
    checkArgument(embedDim > 0, "embedDim must be positive, but was %s", embedDim);
    checkArgument(vision != null && text != null, "vision and text configs must be set");
  }

  /**
   * The image tower.
   *
   * @param imageSize input height and width in pixels
   * @param patchSize patch height and width; must divide {@code imageSize}
   * @param width transformer width
   * @param layers number of residual blocks
   * @param heads attention heads; must divide {@code width}
   * @param mlpWidth hidden width of each block's MLP (4 x width for most models)
   */
  public record Vision(
      int imageSize, int patchSize, int width, int layers, int heads, int mlpWidth, Activation activation, double layerNormEps) {
    public Vision {
      checkArgument(imageSize > 0 && patchSize > 0, "imageSize and patchSize must be positive, but were %s and %s", imageSize, patchSize);
      checkArgument(imageSize % patchSize == 0, "patchSize must divide imageSize, but %s does not divide %s", patchSize, imageSize);
      checkTower("vision", width, layers, heads, mlpWidth, layerNormEps);
      checkArgument(activation != null, "vision activation must be set");
    }

    /** Patches per side. */
    public int grid() {
      return imageSize / patchSize;
    }

    /** Tokens per image: one per patch plus the class token. */
    public int tokens() {
      return grid() * grid() + 1;
    }

    /** Width of one attention head. */
    public int headWidth() {
      return width / heads;
    }
  }

  /**
   * The text tower.
   *
   * @param contextLength tokens per text (77 for CLIP)
   * @param vocabSize token ids (49408 for CLIP's BPE)
   * @param eotTokenId the id whose first occurrence is pooled (49407); a negative value pools at the
   *     largest id, as old Hugging Face configs (eos_token_id 2) and OpenAI's argmax do
   */
  public record Text(
      int contextLength, int vocabSize, int width, int layers, int heads, int mlpWidth, Activation activation, double layerNormEps,
      int eotTokenId) {
    public Text {
      checkArgument(contextLength > 1, "contextLength must be at least 2, but was %s", contextLength);
      checkArgument(vocabSize > 0, "vocabSize must be positive, but was %s", vocabSize);
      checkTower("text", width, layers, heads, mlpWidth, layerNormEps);
      checkArgument(activation != null, "text activation must be set");
    }

    /** Width of one attention head. */
    public int headWidth() {
      return width / heads;
    }
  }

  private static void checkTower(String tower, int width, int layers, int heads, int mlpWidth, double eps) {
    checkArgument(width > 0, "%s width must be positive, but was %s", tower, width);
    checkArgument(layers > 0, "%s layers must be positive, but was %s", tower, layers);
    checkArgument(heads > 0 && width % heads == 0, "%s heads must divide the width %s, but was %s", tower, width, heads);
    checkArgument(mlpWidth > 0, "%s mlpWidth must be positive, but was %s", tower, mlpWidth);
    checkArgument(eps > 0 && eps < 1, "%s layer-norm eps must be in (0, 1), but was %s", tower, eps);
  }

  /** Text defaults for CLIP's tokenizer: 77 tokens, 49408 ids, pooling at the first EOT (49407). */
  public static Text clipText(int width, int layers, int heads, Activation activation) {
    return new Text(
        CLIP_CONTEXT_LENGTH, CLIP_VOCAB_SIZE, width, layers, heads, 4 * width, activation, DEFAULT_LAYER_NORM_EPS,
        CLIP_EOT);
  }

  /** A ViT tower with a 4 x width MLP and eps 1e-5. */
  public static Vision vit(int imageSize, int patchSize, int width, int layers, int heads, Activation activation) {
    return new Vision(imageSize, patchSize, width, layers, heads, 4 * width, activation, DEFAULT_LAYER_NORM_EPS);
  }
}
