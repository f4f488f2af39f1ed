package org.reactvl.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.modules.data.PairDataset;

/**
 * A tiny, visually obvious customization task: noisy reddish and bluish images whose captions name
 * their colour. Random shades and per-pixel noise make every image different.
 */
public final class ColourTask {
  /** The classes, in label order. */
  public static final List<String> CLASSES = List.of("red", "blue");
  /** The captions' and the zero-shot prompts' templates. */
  public static final PromptTemplates TEMPLATES = new PromptTemplates("colour", List.of("a photo of a {} square.", "a {} picture.", "something {}."));

  private ColourTask() {}

  /** {@code perClass} images of each class, alternating red and blue; pixels normalised as CLIP's. */
  public static INDArray pixels(int perClass, int size, long seed) {
    Random random = new Random(seed);
    int n = 2 * perClass;
    float[] data = new float[n * 3 * size * size];
    int plane = size * size;
    for (int i = 0; i < n; i++) {
      boolean red = i % 2 == 0;
      double strong = 0.6 + 0.4 * random.nextDouble();
      double weak = 0.3 * random.nextDouble();
      double[] rgb = red ? new double[] {strong, weak, weak} : new double[] {weak, weak, strong};
      for (int c = 0; c < 3; c++) {
        double mean = ImagePreprocessor.CLIP_MEAN.get(c);
        double std = ImagePreprocessor.CLIP_STD.get(c);
        for (int p = 0; p < plane; p++) {
          double v = Math.min(1, Math.max(0, rgb[c] + 0.15 * random.nextGaussian()));
          data[(i * 3 + c) * plane + p] = (float) ((v - mean) / std);
        }
      }
    }
    return Nd4j.create(data, new long[] {n, 3, size, size}, 'c');
  }

  /** The class index of image {@code i} of {@link #pixels}. */
  public static int label(int i) {
    return i % 2;
  }

  /** Labels of {@code n} images. */
  public static int[] labels(int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = label(i);
    }
    return l;
  }

  /** A training set of {@code perClass} images per class, captions cycling through the templates. */
  public static PairDataset dataset(int perClass, int size, long seed) {
    INDArray pixels = pixels(perClass, size, seed);
    List<String> ids = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < 2 * perClass; i++) {
      ids.add("img-" + i);
      captions.add(TEMPLATES.fill(CLASSES.get(label(i))).get((i / 2) % TEMPLATES.size()));
    }
    return PairDataset.ofPixels(ids, pixels, captions);
  }
}
