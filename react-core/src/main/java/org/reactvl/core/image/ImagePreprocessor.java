package org.reactvl.core.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.reactvl.core.clip.ClipConfig;

/**
 * CLIP's image preprocessing, bit-exact with openai/CLIP's {@code _transform(n)} on Pillow 9.4 and
 * torchvision 0.14: {@code Resize(n, BICUBIC) -> CenterCrop(n) -> convert("RGB") -> ToTensor ->
 * Normalize(mean, std)}.
 *
 * <ol>
 *   <li>Resize so the short side is n and the long side {@code (int) (n * long / short)}, with
 *       Pillow's resampling for the image's mode (see {@link PixelMode}).
 *   <li>Crop the centre n x n; the offsets {@code (size - n) / 2} round half to even.
 *   <li>Convert to RGB as Pillow does: palette lookup, grey replicated, alpha dropped without
 *       compositing (a transparent white pixel becomes whatever RGB it stores, black after a
 *       premultiplied resize).
 *   <li>In float32: {@code (v / 255 - mean[c]) / std[c]}, written channel-major (CHW).
 * </ol>
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ImagePreprocessor clip = ImagePreprocessor.clip();           // 224, CLIP mean/std
 * ImagePreprocessor own = ImagePreprocessor.forModel(model.config()); // the model's image size
 * float[] chw = clip.preprocess(Path.of("cat.jpg"));            // 3 * 224 * 224 floats
 * float[] nchw = clip.preprocessBatch(List.of(a, b, c));        // 3 images, NCHW
 * ImagePreprocessor large = ImagePreprocessor.builder().size(336).build(); // ViT-L/14@336px
 * }</pre>
 */
public final class ImagePreprocessor {
  /** The input resolution of most CLIP models. */
  public static final int CLIP_SIZE = 224;
  /** CLIP's per-channel mean (R, G, B) of pixel values in 0..1. */
  public static final List<Double> CLIP_MEAN = List.of(0.48145466, 0.4578275, 0.40821073);
  /** CLIP's per-channel standard deviation (R, G, B). */
  public static final List<Double> CLIP_STD = List.of(0.26862954, 0.26130258, 0.27577711);

  private static final int CHANNELS = 3;

  private final int size;
  private final List<Double> mean;
  private final List<Double> std;
  private final float[] meanF;
  private final float[] stdF;

  private ImagePreprocessor(Builder builder) {
    this.size = builder.size;
    this.mean = builder.mean;
    this.std = builder.std;
    this.meanF = new float[CHANNELS];
    this.stdF = new float[CHANNELS];
    for (int c = 0; c < CHANNELS; c++) {
      // torchvision builds float32 tensors from the Python doubles: round each once.
      meanF[c] = mean.get(c).floatValue();
      stdF[c] = std.get(c).floatValue();
    }
  }

  /** Returns CLIP's preprocessing at 224 pixels. */
  public static ImagePreprocessor clip() {
    return builder().build();
  }

  /**
   * CLIP's preprocessing at the input size of a model of {@code config} (its vision tower's image
   * size): the preprocessor that model's images need.
   */
  public static ImagePreprocessor forModel(ClipConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    return builder().size(config.vision().imageSize()).build();
  }

  /** Returns a builder starting from CLIP's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return size;
  }

  public List<Double> mean() {
    return mean;
  }

  public List<Double> std() {
    return std;
  }

  /** Number of floats one image becomes: {@code 3 * size * size}. */
  public int outputLength() {
    return CHANNELS * size * size;
  }

  /** Loads {@code file} with {@link ImageLoader} and preprocesses it into CHW floats. */
  public float[] preprocess(Path file) {
    return preprocess(ImageLoader.load(file));
  }

  /** Preprocesses a decoded image into {@code 3 * size * size} CHW floats. */
  public float[] preprocess(DecodedImage image) {
    float[] out = new float[outputLength()];
    preprocessInto(image, out, 0);
    return out;
  }

  /**
   * Preprocesses {@code image} into {@code destination[offset .. offset + outputLength())}, for
   * callers that assemble their own batches.
   */
  public void preprocessInto(DecodedImage image, float[] destination, int offset) {
    Objects.checkFromIndexSize(offset, outputLength(), destination.length);
    byte[] rgb = resizeAndCrop(image).samplesView();
    int plane = size * size;
    for (int c = 0; c < CHANNELS; c++) {
      int base = offset + c * plane;
      for (int i = 0; i < plane; i++) {
        float v = (rgb[i * CHANNELS + c] & 0xff) / 255f;
        destination[base + i] = (v - meanF[c]) / stdF[c];
      }
    }
  }

  /**
   * Loads and preprocesses {@code files} in order into one NCHW array of {@code files.size() *
   * outputLength()} floats.
   *
   * @throws org.reactvl.core.ImageFormatException for the first file that cannot be decoded
   */
  public float[] preprocessBatch(List<Path> files) {
    float[] out = new float[Math.multiplyExact(files.size(), outputLength())];
    for (int i = 0; i < files.size(); i++) {
      preprocessInto(ImageLoader.load(files.get(i)), out, i * outputLength());
    }
    return out;
  }

  /** Loads {@code file} and returns its 8-bit RGB image after resize, centre crop and convert. */
  public DecodedImage resizeAndCrop(Path file) {
    return resizeAndCrop(ImageLoader.load(file));
  }

  /**
   * Returns the {@code size x size} RGB image that CLIP's {@code ToTensor} would receive: the
   * input of the float conversion, useful to compare with Pillow pixel by pixel.
   */
  public DecodedImage resizeAndCrop(DecodedImage image) {
    int[] resized = resizedSize(image.width(), image.height(), size);
    DecodedImage scaled = PillowResize.resize(image, resized[0], resized[1]);
    int left = (int) Math.rint((resized[0] - size) / 2.0);
    int top = (int) Math.rint((resized[1] - size) / 2.0);
    return crop(scaled.toRgb(), left, top);
  }

  /**
   * torchvision 0.14's {@code Resize(int)} output size: short side {@code n}, long side {@code
   * int(n * long / short)} in double precision.
   */
  static int[] resizedSize(int width, int height, int n) {
    int shortSide = Math.min(width, height);
    int longSide = Math.max(width, height);
    int newLong = (int) ((double) ((long) n * longSide) / shortSide);
    return width <= height ? new int[] {n, newLong} : new int[] {newLong, n};
  }

  private DecodedImage crop(DecodedImage rgb, int left, int top) {
    if (left == 0 && top == 0 && rgb.width() == size && rgb.height() == size) {
      return rgb;
    }
    byte[] in = rgb.samplesView();
    byte[] out = new byte[size * size * CHANNELS];
    int rowBytes = size * CHANNELS;
    for (int y = 0; y < size; y++) {
      System.arraycopy(
          in, ((top + y) * rgb.width() + left) * CHANNELS, out, y * rowBytes, rowBytes);
    }
    return DecodedImage.wrap(PixelMode.RGB, size, size, out);
  }

  @Override
  public String toString() {
    return "ImagePreprocessor[size=" + size + ", mean=" + mean + ", std=" + std + "]";
  }

  /** Builds an {@link ImagePreprocessor} from CLIP's size, mean and std. Not thread-safe. */
  public static final class Builder {
    private int size = CLIP_SIZE;
    private List<Double> mean = CLIP_MEAN;
    private List<Double> std = CLIP_STD;

    private Builder() {}

    /** Output side in pixels, e.g. 336 for ViT-L/14@336px. */
    public Builder size(int size) {
      if (size <= 0) {
        throw new IllegalArgumentException("size must be positive, but was " + size);
      }
      this.size = size;
      return this;
    }

    /** Per-channel mean subtracted from {@code v / 255}, red first. */
    public Builder mean(double red, double green, double blue) {
      this.mean = checked("mean", red, green, blue, false);
      return this;
    }

    /** Per-channel standard deviation dividing the centred value, red first. */
    public Builder std(double red, double green, double blue) {
      this.std = checked("std", red, green, blue, true);
      return this;
    }

    public ImagePreprocessor build() {
      return new ImagePreprocessor(this);
    }

    private static List<Double> checked(
        String what, double red, double green, double blue, boolean positive) {
      List<Double> values = List.of(red, green, blue);
      for (double v : values) {
        if (!Double.isFinite(v) || (positive && !(v > 0))) {
          throw new IllegalArgumentException(what + " values must be finite"
              + (positive ? " and positive" : "") + ", but were " + values);
        }
      }
      return values;
    }
  }
}
