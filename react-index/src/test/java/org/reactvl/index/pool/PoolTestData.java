package org.reactvl.index.pool;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.index.embed.ClipEmbedder;

/** Shared test data: the tiny reference CLIP model and generated images. */
public final class PoolTestData {
  private static ClipModel model;
  private static ClipTokenizer tokenizer;

  private PoolTestData() {}

  /** The shared fixtures folder beside the project (surefire passes its absolute path as react.shared). */
  public static Path shared() {
    Path p = Path.of(System.getProperty("react.shared", "../../shared"));
    return Files.isDirectory(p) ? p : Path.of("../shared");
  }

  /** The tiny CLIP "config A" (32-d embeddings, 32 px images) in Hugging Face layout. */
  public static Path tinyModelFolder() {
    return shared().resolve("fixtures/clip-reference/models/config_A/hf");
  }

  /** The tiny model, loaded once for all tests (it is read-only and thread-safe). */
  public static synchronized ClipModel tinyModel() {
    if (model == null) {
      model = ClipModel.load(tinyModelFolder());
    }
    return model;
  }

  /** OpenAI's tokenizer, loaded once. */
  public static synchronized ClipTokenizer tokenizer() {
    if (tokenizer == null) {
      tokenizer = ClipTokenizer.load();
    }
    return tokenizer;
  }

  /** An embedder over the tiny model. */
  public static ClipEmbedder tinyEmbedder() {
    return ClipEmbedder.of(tinyModel(), tokenizer());
  }

  /**
   * Writes {@code n} distinct 40x48 PNGs into {@code dir} (a different colour and stripe per index)
   * and returns the pool pairs describing them, ids {@code p0..}, captions {@code "picture number i"}.
   */
  public static List<ImageTextPair> pngPool(Path dir, int n) {
    List<ImageTextPair> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path file = dir.resolve("p" + i + ".png");
      writePng(file, i);
      pairs.add(ImageTextPair.of("p" + i, file.toString(), "picture number " + i));
    }
    return pairs;
  }

  /** Writes one generated PNG whose look depends on {@code seed}. */
  public static void writePng(Path file, int seed) {
    BufferedImage image = new BufferedImage(40, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.getHSBColor((seed * 0.137f) % 1f, 0.8f, 0.9f));
    g.fillRect(0, 0, 40, 48);
    g.setColor(Color.getHSBColor((seed * 0.291f + 0.5f) % 1f, 0.6f, 0.4f));
    g.fillRect((seed * 7) % 30, 0, 6 + seed % 5, 48);
    g.dispose();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
