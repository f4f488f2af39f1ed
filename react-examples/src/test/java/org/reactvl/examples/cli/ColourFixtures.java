package org.reactvl.examples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.reactvl.core.clip.Activation;
import org.reactvl.core.clip.CheckpointWriter;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipInitializer;
import org.reactvl.core.io.DType;
import org.reactvl.index.retrieval.QueryMatch;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;
import org.reactvl.index.pool.ImageTextPair;

/**
 * A red-versus-blue task for CLI tests: a tiny seeded random CLIP written as a Hugging Face folder,
 * PNG squares of the two colours (position and shade vary per image), and a retrieved set of them.
 */
final class ColourFixtures {
  static final List<String> CLASSES = List.of("red", "blue");
  static final String TEMPLATE = "a photo of a {}.";

  private ColourFixtures() {}

  /**
   * A random CLIP with 16 x 16 images in 8 x 8 patches, width 32, 3 image and 2 text layers, embedding 16,
   * written to {@code dir/model}.
   */
  static Path tinyModel(Path dir, long seed) {
    ClipConfig.Vision vision = ClipConfig.vit(16, 8, 32, 3, 2, Activation.QUICK_GELU);
    ClipConfig config = new ClipConfig(16, vision, ClipConfig.clipText(32, 2, 2, Activation.QUICK_GELU));
    Path folder = dir.resolve("model");
    CheckpointWriter.writeHuggingFace(ClipInitializer.random(config, seed), folder, DType.F32);
    return folder;
  }

  /** {@code perClass} 20 x 20 PNGs of each class in {@code dir/<class>/<class>-<i>.png}, in class order. */
  static List<Path> images(Path dir, int perClass, long seed) throws IOException {
    Random random = new Random(seed);
    List<Path> files = new ArrayList<>();
    for (String name : CLASSES) {
      Files.createDirectories(dir.resolve(name));
      for (int i = 0; i < perClass; i++) {
        int shade = 160 + random.nextInt(96);
        int rgb = name.equals("red") ? shade << 16 : shade;
        int x0 = random.nextInt(6);
        int y0 = random.nextInt(6);
        BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
          for (int x = 0; x < 20; x++) {
            boolean inside = x >= x0 && x < x0 + 14 && y >= y0 && y < y0 + 14;
            image.setRGB(x, y, inside ? rgb : 0x808080);
          }
        }
        Path file = dir.resolve(name).resolve(name + "-" + i + ".png");
        ImageIO.write(image, "png", file.toFile());
        files.add(file);
      }
    }
    return files;
  }

  /** The class of image {@code i} of {@link #images} with {@code perClass} per class. */
  static String classOf(int i, int perClass) {
    return CLASSES.get(i / perClass);
  }

  /** A retrieved set of {@code images} (as {@link #images} made them), captioned "a photo of a red square" etc. */
  static RetrievedSet retrievedSet(List<Path> images, int perClass) {
    RetrievedSetInfo info = new RetrievedSetInfo("knn", RetrievalMode.T2I, "test-model", CLASSES, List.of(TEMPLATE), perClass, perClass,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    List<RetrievedPair> pairs = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      String name = classOf(i, perClass);
      ImageTextPair pair = ImageTextPair.of("p" + i, images.get(i).toString(), "a photo of a " + name + " square");
      pairs.add(RetrievedPair.of(pair, name, List.of(new QueryMatch(0, TEMPLATE.replace("{}", name), 0.3f))));
    }
    return new RetrievedSet(info, pairs);
  }
}
