package org.reactvl.modules;

import java.nio.file.Files;
import java.nio.file.Path;
import org.reactvl.core.clip.Activation;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.clip.ClipModel;

/** Small CLIP models for fast tests: seeded random weights, or the reference fixture's config A. */
public final class TinyClip {
  private TinyClip() {}

  /** 16 x 16 images in 8 x 8 patches (5 tokens), width 32, 3 image and 2 text layers, embedding 16. */
  public static ClipConfig config() {
    ClipConfig.Vision v = new ClipConfig.Vision(16, 8, 32, 3, 2, 128, Activation.QUICK_GELU, ClipConfig.DEFAULT_LAYER_NORM_EPS);
    ClipConfig.Text t = ClipConfig.clipText(32, 2, 2, Activation.QUICK_GELU);
    return new ClipConfig(16, v, t);
  }

  /** A seeded random model of {@link #config()}. */
  public static ClipModel random(long seed) {
    return ClipModel.of(ClipInitializer.random(config(), seed));
  }

  /** The shared folder beside the project (surefire passes its absolute path as react.shared). */
  public static Path shared() {
    Path p = Path.of(System.getProperty("react.shared", "../../shared"));
    return Files.isDirectory(p) ? p : Path.of("../shared");
  }

  /** The reference fixture's tiny OpenAI CLIP (config A: 32 x 32 images, 3 image layers of width 128). */
  public static ClipModel configA() {
    return ClipModel.load(shared().resolve("fixtures/clip-reference/models/config_A/hf"));
  }
}
