package org.reactvl.modules.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Random image augmentation for training, applied to already normalised CHW pixels: a random
 * resized crop (area fraction uniform in {@code [minCropScale, 1]}, aspect ratio log-uniform in
 * {@code [3/4, 4/3]}, as torchvision's {@code RandomResizedCrop}, resampled bilinearly back to the
 * full size), a horizontal flip, and a colour jitter of brightness, contrast and saturation by
 * factors uniform in {@code [1 - colorJitter, 1 + colorJitter]}, in random order. REACT's recipe also
 * uses RandAugment and random erasing; those are not implemented.
 *
 * <p>Every draw comes from the {@link SplittableRandom} passed in, so the trainer can make it a
 * function of the run seed and the step. Immutable and thread-safe.
 *
 * @param minCropScale smallest crop area as a fraction of the image, in (0, 1]; 1 disables cropping
 * @param flipProbability probability of a horizontal flip, in [0, 1]
 * @param colorJitter jitter strength, in [0, 1); 0 disables it
 */
public record Augmentation(double minCropScale, double flipProbability, double colorJitter) {
  private static final double LOG_MIN_RATIO = Math.log(3.0 / 4.0);
  private static final double LOG_MAX_RATIO = Math.log(4.0 / 3.0);
  private static final int CROP_ATTEMPTS = 10;

  public Augmentation {
    checkArgument(minCropScale > 0 && minCropScale <= 1, "minCropScale must be in (0, 1], but was %s", minCropScale);
    checkArgument(flipProbability >= 0 && flipProbability <= 1, "flipProbability must be in [0, 1], but was %s", flipProbability);
    checkArgument(colorJitter >= 0 && colorJitter < 1, "colorJitter must be in [0, 1), but was %s", colorJitter);
  }

  /** No augmentation: the trainer can then cache everything computed from the images. */
  public static Augmentation none() {
    return new Augmentation(1, 0, 0);
  }

  /** REACT's crop, flip and colour jitter: scale 0.08-1, flip 0.5, jitter 0.4. */
  public static Augmentation standard() {
    return new Augmentation(0.08, 0.5, 0.4);
  }

  /** Whether any transform is active. */
  public boolean enabled() {
    return minCropScale < 1 || flipProbability > 0 || colorJitter > 0;
  }

  /**
   * An augmented copy of one image: {@code pixels} holds {@code 3 * size * size} CHW floats normalised
   * with {@code mean} and {@code std}; so does the result.
   */
  public float[] apply(float[] pixels, int size, List<Double> mean, List<Double> std, SplittableRandom random) {
    int plane = size * size;
    checkArgument(pixels.length == 3 * plane, "pixels must hold 3 x %s x %s floats, but held %s", size, size, pixels.length);
    float[] rgb = new float[pixels.length];
    for (int c = 0; c < 3; c++) {
      double m = mean.get(c);
      double s = std.get(c);
      for (int i = 0; i < plane; i++) {
        rgb[c * plane + i] = (float) (pixels[c * plane + i] * s + m);
      }
    }
    if (minCropScale < 1) {
      rgb = randomResizedCrop(rgb, size, random);
    }
    if (flipProbability > 0 && random.nextDouble() < flipProbability) {
      flip(rgb, size);
    }
    if (colorJitter > 0) {
      jitter(rgb, plane, random);
    }
    for (int c = 0; c < 3; c++) {
      double m = mean.get(c);
      double s = std.get(c);
      for (int i = 0; i < plane; i++) {
        rgb[c * plane + i] = (float) ((rgb[c * plane + i] - m) / s);
      }
    }
    return rgb;
  }

  private float[] randomResizedCrop(float[] rgb, int size, SplittableRandom random) {
    double area = (double) size * size;
    int h = size;
    int w = size;
    int top = 0;
    int left = 0;
    for (int attempt = 0; attempt < CROP_ATTEMPTS; attempt++) {
      double target = area * (minCropScale + (1 - minCropScale) * random.nextDouble());
      double ratio = Math.exp(LOG_MIN_RATIO + (LOG_MAX_RATIO - LOG_MIN_RATIO) * random.nextDouble());
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && ch > 0 && cw <= size && ch <= size) {
        w = cw;
        h = ch;
        top = random.nextInt(size - ch + 1);
        left = random.nextInt(size - cw + 1);
        break;
      }
    }
    return resizeBilinear(rgb, size, top, left, h, w);
  }

  /** Resamples the crop {@code [top, top+h) x [left, left+w)} to {@code size x size} (half-pixel centres). */
  private static float[] resizeBilinear(float[] rgb, int size, int top, int left, int h, int w) {
    int plane = size * size;
    float[] out = new float[rgb.length];
    for (int y = 0; y < size; y++) {
      double sy = Math.min(Math.max((y + 0.5) * h / size - 0.5, 0), h - 1);
      int y0 = (int) sy;
      int y1 = Math.min(y0 + 1, h - 1);
      double fy = sy - y0;
      for (int x = 0; x < size; x++) {
        double sx = Math.min(Math.max((x + 0.5) * w / size - 0.5, 0), w - 1);
        int x0 = (int) sx;
        int x1 = Math.min(x0 + 1, w - 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          int base = c * plane;
          double a = rgb[base + (top + y0) * size + left + x0];
          double b = rgb[base + (top + y0) * size + left + x1];
          double d = rgb[base + (top + y1) * size + left + x0];
          double e = rgb[base + (top + y1) * size + left + x1];
          out[base + y * size + x] = (float) ((a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy);
        }
      }
    }
    return out;
  }

  private static void flip(float[] rgb, int size) {
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < size; y++) {
        int row = c * size * size + y * size;
        for (int x = 0; x < size / 2; x++) {
          float t = rgb[row + x];
          rgb[row + x] = rgb[row + size - 1 - x];
          rgb[row + size - 1 - x] = t;
        }
      }
    }
  }

  private void jitter(float[] rgb, int plane, SplittableRandom random) {
    double brightness = factor(random);
    double contrast = factor(random);
    double saturation = factor(random);
    int[] order = Seeds.permutation(3, random.nextLong());
    for (int op : order) {
      switch (op) {
        case 0 -> blend(rgb, plane, brightness, null, 0);
        case 1 -> blend(rgb, plane, contrast, null, meanGray(rgb, plane));
        default -> blend(rgb, plane, saturation, gray(rgb, plane), 0);
      }
    }
  }

  private double factor(SplittableRandom random) {
    return 1 - colorJitter + 2 * colorJitter * random.nextDouble();
  }

  /** {@code x <- clamp(f x + (1 - f) g)}, with {@code g} per pixel (gray) or one value. */
  private static void blend(float[] rgb, int plane, double f, float[] gray, double value) {
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        double g = gray != null ? gray[i] : value;
        double v = f * rgb[c * plane + i] + (1 - f) * g;
        rgb[c * plane + i] = (float) Math.min(1, Math.max(0, v));
      }
    }
  }

  private static float[] gray(float[] rgb, int plane) {
    float[] g = new float[plane];
    for (int i = 0; i < plane; i++) {
      g[i] = (float) (0.299 * rgb[i] + 0.587 * rgb[plane + i] + 0.114 * rgb[2 * plane + i]);
    }
    return g;
  }

  private static double meanGray(float[] rgb, int plane) {
    double sum = 0;
    for (float v : gray(rgb, plane)) {
      sum += v;
    }
    return sum / plane;
  }
}
