package org.reactvl.core.image;

/**
 * Pillow 9.4's pixel conversions (libImaging/Convert.c) that CLIP's preprocessing goes through:
 * {@code convert("RGB")} from every mode, and the premultiplication Pillow wraps around resizing
 * images with alpha ({@code RGBA -> RGBa -> RGBA}, {@code LA -> La -> LA}).
 *
 * <p>Stateless; thread-safe.
 */
final class PillowConvert {
  private PillowConvert() {}

  /** Pillow's {@code MULDIV255}: {@code a * b / 255} rounded, in integer arithmetic. */
  static int mulDiv255(int a, int b) {
    int tmp = a * b + 128;
    return ((tmp >> 8) + tmp) >> 8;
  }

  static int clip8(int v) {
    return v <= 0 ? 0 : Math.min(v, 255);
  }

  /** Returns the interleaved RGB samples of {@code image} as Pillow's {@code convert("RGB")}. */
  static byte[] toRgb(DecodedImage image) {
    int pixels = image.width() * image.height();
    byte[] out = new byte[pixels * 3];
    byte[] in = image.samplesView();
    switch (image.mode()) {
      case BILEVEL, L -> {
        for (int i = 0; i < pixels; i++) {
          byte v = image.mode() == PixelMode.BILEVEL && in[i] != 0 ? (byte) 255 : in[i];
          out[3 * i] = v;
          out[3 * i + 1] = v;
          out[3 * i + 2] = v;
        }
      }
      case LA -> {
        for (int i = 0; i < pixels; i++) {
          byte v = in[2 * i];
          out[3 * i] = v;
          out[3 * i + 1] = v;
          out[3 * i + 2] = v;
        }
      }
      case I -> {
        int[] values = image.intSamplesView();
        for (int i = 0; i < pixels; i++) {
          byte v = (byte) clip8(values[i]);
          out[3 * i] = v;
          out[3 * i + 1] = v;
          out[3 * i + 2] = v;
        }
      }
      case P -> {
        int[] palette = image.paletteView();
        for (int i = 0; i < pixels; i++) {
          int rgb = palette[in[i] & 0xff];
          out[3 * i] = (byte) (rgb >> 16);
          out[3 * i + 1] = (byte) (rgb >> 8);
          out[3 * i + 2] = (byte) rgb;
        }
      }
      case RGB -> System.arraycopy(in, 0, out, 0, out.length);
      case RGBA -> {
        // Alpha is dropped without compositing: a transparent white pixel keeps its RGB.
        for (int i = 0; i < pixels; i++) {
          out[3 * i] = in[4 * i];
          out[3 * i + 1] = in[4 * i + 1];
          out[3 * i + 2] = in[4 * i + 2];
        }
      }
      case CMYK -> {
        for (int i = 0; i < pixels; i++) {
          int notBlack = 255 - (in[4 * i + 3] & 0xff);
          for (int c = 0; c < 3; c++) {
            int ink = in[4 * i + c] & 0xff;
            out[3 * i + c] = (byte) clip8(notBlack - mulDiv255(ink, notBlack));
          }
        }
      }
      default -> throw new IllegalStateException("unhandled mode " + image.mode());
    }
    return out;
  }

  /**
   * Premultiplies the colour bands of interleaved samples whose last band is alpha (Pillow's
   * {@code RGBA -> RGBa} and {@code LA -> La}).
   */
  static byte[] premultiply(byte[] in, int bands) {
    byte[] out = new byte[in.length];
    for (int p = 0; p < in.length; p += bands) {
      int alpha = in[p + bands - 1] & 0xff;
      for (int c = 0; c < bands - 1; c++) {
        out[p + c] = (byte) mulDiv255(in[p + c] & 0xff, alpha);
      }
      out[p + bands - 1] = (byte) alpha;
    }
    return out;
  }

  /**
   * Undoes {@link #premultiply} in place (Pillow's {@code RGBa -> RGBA} and {@code La -> LA}):
   * pixels with alpha 0 or 255 keep their colour samples unchanged.
   */
  static void unpremultiplyInPlace(byte[] samples, int bands) {
    for (int p = 0; p < samples.length; p += bands) {
      int alpha = samples[p + bands - 1] & 0xff;
      if (alpha == 0 || alpha == 255) {
        continue;
      }
      for (int c = 0; c < bands - 1; c++) {
        samples[p + c] = (byte) clip8(255 * (samples[p + c] & 0xff) / alpha);
      }
    }
  }
}
