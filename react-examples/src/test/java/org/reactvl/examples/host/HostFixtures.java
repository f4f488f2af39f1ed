package org.reactvl.examples.host;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.reactvl.core.clip.CheckpointWriter;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.io.DType;
import org.reactvl.examples.model.EmojiClip;
import org.reactvl.examples.model.Pretraining;
import org.reactvl.index.pool.ImageTextPair;

/** A tiny random-weight emoji CLIP and a small synthetic captioned pool of drawn PNGs. */
final class HostFixtures {
  /** Captions of the synthetic pool: id, caption, alternative captions; the id's middle word picks the drawing. */
  private static final List<String[]> POOL = List.of(
      new String[] {"p-dog-1", "dog", "dog: animal, pet"},
      new String[] {"p-dog-2", "dog face"},
      new String[] {"p-dog-3", "guide dog"},
      new String[] {"p-hotdog-1", "hot dog", "hot dog: food, sausage"},
      new String[] {"p-cat-1", "cat"},
      new String[] {"p-cat-2", "cat face"},
      new String[] {"p-cat-3", "black cat"},
      new String[] {"p-fish-1", "fish"},
      new String[] {"p-fish-2", "tropical fish"},
      new String[] {"p-blowfish-1", "blowfish"},
      new String[] {"p-apple-1", "red apple"},
      new String[] {"p-apple-2", "green apple"},
      new String[] {"p-apple-3", "apples"},
      new String[] {"p-banana-1", "banana"},
      new String[] {"p-banana-2", "bananas: fruit, yellow"},
      new String[] {"p-car-1", "racing car"});

  private HostFixtures() {}

  /** The small emoji CLIP with seeded random weights. */
  static ClipModel tinyModel(long seed) {
    return Pretraining.initial(EmojiClip.small(), seed);
  }

  /** Writes {@code model} as a Hugging Face folder. */
  static Path write(ClipModel model, Path folder) {
    CheckpointWriter.writeHuggingFace(model.weights(), folder, DType.F32);
    return folder;
  }

  /** The synthetic pool, its images drawn into {@code folder}; p-dog-1 and p-dog-1-copy share one image. */
  static List<ImageTextPair> pool(Path folder) {
    List<ImageTextPair> pairs = new ArrayList<>();
    for (String[] row : POOL) {
      Path png = drawing(folder, row[0], kind(row[0]), Math.abs(row[0].hashCode()));
      pairs.add(ImageTextPair.builder(row[0], png.toString(), row[1])
          .captions(List.of(row).subList(2, row.length))
          .metadata(Map.of("family", row[0].endsWith("-1") ? "first" : "other"))
          .build());
    }
    pairs.add(ImageTextPair.of("p-dog-1-copy", pairs.get(0).image(), "dog"));
    return pairs;
  }

  /** A 32 x 32 drawing of a kind (dog, cat, fish, apple, ...), varied by {@code seed}. */
  static Path drawing(Path folder, String name, String kind, long seed) {
    Random random = new Random(seed);
    int hue = Math.abs(kind.hashCode()) % 360;
    BufferedImage image = new BufferedImage(EmojiClip.IMAGE_SIZE, EmojiClip.IMAGE_SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.getHSBColor(hue / 360f, 0.3f, 0.95f));
    g.fillRect(0, 0, 32, 32);
    g.setColor(Color.getHSBColor(hue / 360f, 0.9f, 0.5f + random.nextFloat() * 0.3f));
    int inset = 4 + random.nextInt(4);
    if (kind.length() % 2 == 0) {
      g.fillOval(inset, inset, 32 - 2 * inset, 32 - 2 * inset);
    } else {
      g.fillRect(inset, inset, 32 - 2 * inset, 32 - 2 * inset);
    }
    g.dispose();
    try {
      Files.createDirectories(folder);
      Path png = folder.resolve(name + ".png");
      ImageIO.write(image, "png", png.toFile());
      return png;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String kind(String id) {
    return id.split("-")[1];
  }
}
