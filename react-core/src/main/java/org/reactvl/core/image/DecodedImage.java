package org.reactvl.core.image;

import java.util.Arrays;

/**
 * A decoded image that keeps the Pillow mode semantics CLIP's preprocessing depends on: the
 * {@link PixelMode}, the samples in row-major order with the bands of a pixel interleaved, and for
 * {@link PixelMode#P} the palette.
 *
 * <p>Samples are 8-bit (read them as {@code b & 0xff}) in every mode except {@link PixelMode#I},
 * whose samples are 32-bit ints. A palette always has 256 entries packed as {@code 0xRRGGBB};
 * entries a file does not define are the grey ramp {@code (i, i, i)}, as in Pillow.
 *
 * <p>Immutable and thread-safe: arrays are copied in and out.
 *
 * <pre>{@code
 * DecodedImage image = ImageLoader.load(Path.of("cat.png"));
 * if (image.mode() == PixelMode.RGBA) { ... }
 * DecodedImage rgb = image.toRgb(); // Pillow's convert("RGB")
 * }</pre>
 */
public final class DecodedImage {
  static final int PALETTE_SIZE = 256;

  private final PixelMode mode;
  private final int width;
  private final int height;
  private final byte[] samples;
  private final int[] intSamples;
  private final int[] palette;

  private DecodedImage(
      PixelMode mode, int width, int height, byte[] samples, int[] intSamples, int[] palette) {
    this.mode = mode;
    this.width = width;
    this.height = height;
    this.samples = samples;
    this.intSamples = intSamples;
    this.palette = palette;
  }

  /**
   * Creates an image in an 8-bit mode without a palette ({@link PixelMode#BILEVEL}, L, LA, RGB,
   * RGBA, CMYK).
   *
   * @param samples {@code width * height * mode.bands()} samples, bands interleaved; for BILEVEL
   *     each sample must be 0 or 255
   */
  public static DecodedImage of(PixelMode mode, int width, int height, byte[] samples) {
    checkSize(width, height);
    if (mode == PixelMode.P || mode == PixelMode.I) {
      throw new IllegalArgumentException(
          "mode must be an 8-bit mode without palette, but was " + mode
              + " (use ofPalette or ofInt32)");
    }
    checkLength("samples", samples.length, (long) width * height * mode.bands(), mode);
    if (mode == PixelMode.BILEVEL) {
      for (byte b : samples) {
        if (b != 0 && b != (byte) 255) {
          throw new IllegalArgumentException(
              "BILEVEL samples must be 0 or 255, but one was " + (b & 0xff));
        }
      }
    }
    return new DecodedImage(mode, width, height, samples.clone(), null, null);
  }

  /**
   * Creates a palette image ({@link PixelMode#P}).
   *
   * @param indices {@code width * height} palette indices
   * @param paletteRgb up to 256 colours packed as {@code 0xRRGGBB}; missing entries become the
   *     grey ramp
   */
  public static DecodedImage ofPalette(int width, int height, byte[] indices, int[] paletteRgb) {
    checkSize(width, height);
    checkLength("indices", indices.length, (long) width * height, PixelMode.P);
    if (paletteRgb.length > PALETTE_SIZE) {
      throw new IllegalArgumentException(
          "palette must have at most 256 entries, but had " + paletteRgb.length);
    }
    int[] full = new int[PALETTE_SIZE];
    for (int i = 0; i < PALETTE_SIZE; i++) {
      full[i] = i < paletteRgb.length ? paletteRgb[i] & 0xffffff : i << 16 | i << 8 | i;
    }
    return new DecodedImage(PixelMode.P, width, height, indices.clone(), null, full);
  }

  /** Creates a 32-bit integer greyscale image ({@link PixelMode#I}). */
  public static DecodedImage ofInt32(int width, int height, int[] values) {
    checkSize(width, height);
    checkLength("values", values.length, (long) width * height, PixelMode.I);
    return new DecodedImage(PixelMode.I, width, height, null, values.clone(), null);
  }

  /** Wraps arrays the caller hands over and never touches again (no copy). */
  static DecodedImage wrap(PixelMode mode, int width, int height, byte[] samples) {
    return new DecodedImage(mode, width, height, samples, null, null);
  }

  static DecodedImage wrapPalette(int width, int height, byte[] indices, int[] fullPalette) {
    return new DecodedImage(PixelMode.P, width, height, indices, null, fullPalette);
  }

  static DecodedImage wrapInt32(int width, int height, int[] values) {
    return new DecodedImage(PixelMode.I, width, height, null, values, null);
  }

  public PixelMode mode() {
    return mode;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * Returns a copy of the 8-bit samples, row-major with bands interleaved.
   *
   * @throws IllegalStateException for mode I, which has {@link #intSamples()} instead
   */
  public byte[] samples() {
    if (samples == null) {
      throw new IllegalStateException("image of mode I has int samples, not byte samples");
    }
    return samples.clone();
  }

  /**
   * Returns a copy of the 32-bit samples of a mode I image.
   *
   * @throws IllegalStateException for any other mode
   */
  public int[] intSamples() {
    if (intSamples == null) {
      throw new IllegalStateException(
          "image of mode " + mode + " has byte samples, not int samples");
    }
    return intSamples.clone();
  }

  /**
   * Returns a copy of the 256-entry palette ({@code 0xRRGGBB}) of a mode P image.
   *
   * @throws IllegalStateException for any other mode
   */
  public int[] palette() {
    if (palette == null) {
      throw new IllegalStateException("image of mode " + mode + " has no palette");
    }
    return palette.clone();
  }

  /** Returns this image as RGB the way Pillow's {@code convert("RGB")} does; RGB returns itself. */
  public DecodedImage toRgb() {
    if (mode == PixelMode.RGB) {
      return this;
    }
    return wrap(PixelMode.RGB, width, height, PillowConvert.toRgb(this));
  }

  /** Whether entry i of {@code palette} is (i, i, i) for every i; true for an empty table. */
  static boolean isGreyRamp(int[] palette) {
    for (int i = 0; i < palette.length; i++) {
      if (palette[i] != (i << 16 | i << 8 | i)) {
        return false;
      }
    }
    return true;
  }

  byte[] samplesView() {
    return samples;
  }

  int[] intSamplesView() {
    return intSamples;
  }

  int[] paletteView() {
    return palette;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DecodedImage that
        && mode == that.mode
        && width == that.width
        && height == that.height
        && Arrays.equals(samples, that.samples)
        && Arrays.equals(intSamples, that.intSamples)
        && Arrays.equals(palette, that.palette);
  }

  @Override
  public int hashCode() {
    int h = mode.hashCode() * 31 + width;
    h = h * 31 + height;
    h = h * 31 + Arrays.hashCode(samples);
    h = h * 31 + Arrays.hashCode(intSamples);
    return h * 31 + Arrays.hashCode(palette);
  }

  @Override
  public String toString() {
    return "DecodedImage[" + mode.pillowName() + " " + width + "x" + height + "]";
  }

  private static void checkSize(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, but was " + width + "x" + height);
    }
  }

  private static void checkLength(String what, int actual, long expected, PixelMode mode) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what + " length must be " + expected + " for mode " + mode.pillowName()
              + ", but was " + actual);
    }
  }
}
