package org.reactvl.modules;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.reactvl.index.pool.ImageTextPair;

/** A pool of noisy reddish and bluish PNG squares captioned with their colour, written to a folder. */
public final class ColourPairs {
  private ColourPairs() {}

  /** {@code n} pairs, alternating red and blue, of {@code size} x {@code size} pixels. */
  public static List<ImageTextPair> write(Path folder, int n, int size) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(5);
    List<ImageTextPair> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean red = i % 2 == 0;
      BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int strong = 160 + random.nextInt(96);
          int weak = random.nextInt(80);
          image.setRGB(x, y, (red ? new Color(strong, weak, weak) : new Color(weak, weak, strong)).getRGB());
        }
      }
      Path file = folder.resolve("p" + i + ".png");
      ImageIO.write(image, "png", file.toFile());
      pairs.add(ImageTextPair.of("p" + i, file.toString(), "a " + (red ? "red" : "blue") + " square, number " + i));
    }
    return pairs;
  }
}
