package org.reactvl.core.clip;

import static org.reactvl.core.clip.Activation.GELU;
import static org.reactvl.core.clip.Activation.QUICK_GELU;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The published CLIP architectures by their open_clip names ({@code ViT-B-32}, {@code ViT-L-14},
 * ...), looked up case-insensitively. As in open_clip, a plain name uses exact GELU (the LAION-trained
 * weights) and the {@code -quickgelu} suffix selects QuickGELU, which OpenAI's own weights need.
 * Shapes follow open_clip's model configs; MLP widths that are not 4 x width (ViT-g, ViT-bigG) are
 * rounded as open_clip rounds them.
 */
public final class ClipArchitectures {
  private static final Map<String, ClipConfig> GELU_CONFIGS = new LinkedHashMap<>();

  static {
    add("ViT-B-32", 512, 224, 32, 768, 12, 12, 3072, 512, 8, 12);
    add("ViT-B-16", 512, 224, 16, 768, 12, 12, 3072, 512, 8, 12);
    add("ViT-L-14", 768, 224, 14, 1024, 24, 16, 4096, 768, 12, 12);
    add("ViT-L-14-336", 768, 336, 14, 1024, 24, 16, 4096, 768, 12, 12);
    add("ViT-H-14", 1024, 224, 14, 1280, 32, 16, 5120, 1024, 16, 24);
    add("ViT-g-14", 1024, 224, 14, 1408, 40, 16, 6144, 1024, 16, 24);
    add("ViT-bigG-14", 1280, 224, 14, 1664, 48, 16, 8192, 1280, 20, 32);
  }

  private ClipArchitectures() {}

  private static void add(
      String name, int embed, int image, int patch, int vWidth, int vLayers, int vHeads, int vMlp, int tWidth, int tHeads, int tLayers) {
    ClipConfig.Vision v = new ClipConfig.Vision(image, patch, vWidth, vLayers, vHeads, vMlp, GELU, ClipConfig.DEFAULT_LAYER_NORM_EPS);
    GELU_CONFIGS.put(name.toLowerCase(Locale.ROOT), new ClipConfig(embed, v, ClipConfig.clipText(tWidth, tLayers, tHeads, GELU)));
  }

  /** The names understood by {@link #get}, without the {@code -quickgelu} variants. */
  public static Set<String> names() {
    return GELU_CONFIGS.keySet();
  }

  /**
   * Looks up an architecture.
   *
   * @throws IllegalArgumentException naming the known architectures
   */
  public static ClipConfig get(String name) {
    String key = name.toLowerCase(Locale.ROOT).replace('/', '-');
    boolean quick = key.endsWith("-quickgelu");
    if (quick) {
      key = key.substring(0, key.length() - "-quickgelu".length());
    }
    ClipConfig c = GELU_CONFIGS.get(key);
    if (c == null) {
      throw new IllegalArgumentException(
          "architecture must be one of " + names() + " (optionally with -quickgelu), but was '" + name + "'");
    }
    return quick ? withActivation(c, QUICK_GELU) : c;
  }

  /**
   * Resolves what a user passes as {@code --arch}: an architecture name, or the path of a JSON config
   * file (open_clip model config or Hugging Face config.json, see {@link ClipConfigJson}).
   */
  public static ClipConfig resolve(String nameOrJsonFile) {
    if (nameOrJsonFile.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return ClipConfigJson.read(java.nio.file.Path.of(nameOrJsonFile));
    }
    return get(nameOrJsonFile);
  }

  static ClipConfig withActivation(ClipConfig c, Activation a) {
    ClipConfig.Vision v = c.vision();
    ClipConfig.Text t = c.text();
    return new ClipConfig(
        c.embedDim(),
        new ClipConfig.Vision(v.imageSize(), v.patchSize(), v.width(), v.layers(), v.heads(), v.mlpWidth(), a, v.layerNormEps()),
        new ClipConfig.Text(
            t.contextLength(), t.vocabSize(), t.width(), t.layers(), t.heads(), t.mlpWidth(), a, t.layerNormEps(), t.eotTokenId()));
  }
}
