package org.reactvl.core.image;

import java.util.Arrays;

/**
 * Pillow 9.4's {@code Image.resize(size, Image.BICUBIC)} without a box, bit for bit:
 *
 * <ul>
 *   <li>an unchanged size returns the image itself;
 *   <li>modes P and "1" are resized with NEAREST whatever filter was asked for;
 *   <li>RGBA and LA are premultiplied, resized, and unpremultiplied;
 *   <li>8-bit modes use {@code ImagingResample}'s two passes, horizontal then vertical, with
 *       22-bit fixed-point taps and the intermediate image rounded and clipped to 8 bits; a pass
 *       whose axis keeps its size is skipped, and the horizontal pass only computes the rows the
 *       vertical pass reads;
 *   <li>mode I uses double-precision taps, rounding half away from zero after each pass.
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
final class PillowResize {
  private static final int HALF = 1 << (BicubicWeights.PRECISION_BITS - 1);

  private PillowResize() {}

  static DecodedImage resize(DecodedImage image, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "target size must be positive, but was " + width + "x" + height);
    }
    if (width == image.width() && height == image.height()) {
      return image;
    }
    PixelMode mode = image.mode();
    return switch (mode) {
      case BILEVEL -> DecodedImage.wrap(mode, width, height, nearest(image, width, height));
      case P -> DecodedImage.wrapPalette(
          width, height, nearest(image, width, height), image.paletteView());
      case I -> DecodedImage.wrapInt32(width, height, bicubicInt32(image, width, height));
      case LA, RGBA -> {
        byte[] premultiplied = PillowConvert.premultiply(image.samplesView(), mode.bands());
        byte[] resized = bicubic8(
            premultiplied, image.width(), image.height(), mode.bands(), width, height);
        PillowConvert.unpremultiplyInPlace(resized, mode.bands());
        yield DecodedImage.wrap(mode, width, height, resized);
      }
      case L, RGB, CMYK -> DecodedImage.wrap(mode, width, height, bicubic8(
          image.samplesView(), image.width(), image.height(), mode.bands(), width, height));
    };
  }

  /**
   * Pillow's NEAREST resize ({@code ImagingScaleAffine}): output pixel x samples input
   * {@code floor(x0)} where x0 starts at half a step and grows by {@code inSize / outSize}, summed
   * step by step in double precision as Pillow does; positions outside the input stay 0.
   */
  private static byte[] nearest(DecodedImage image, int width, int height) {
    int[] columns = nearestIndices(image.width(), width);
    int[] rows = nearestIndices(image.height(), height);
    byte[] in = image.samplesView();
    byte[] out = new byte[width * height];
    for (int y = 0; y < height; y++) {
      if (rows[y] < 0) {
        continue;
      }
      int inRow = rows[y] * image.width();
      for (int x = 0; x < width; x++) {
        if (columns[x] >= 0) {
          out[y * width + x] = in[inRow + columns[x]];
        }
      }
    }
    return out;
  }

  private static int[] nearestIndices(int inSize, int outSize) {
    double step = (double) inSize / outSize;
    double position = step * 0.5;
    int[] indices = new int[outSize];
    for (int i = 0; i < outSize; i++) {
      int index = position < 0.0 ? -1 : (int) position;
      indices[i] = index < inSize ? index : -1;
      position += step;
    }
    return indices;
  }

  private static byte[] bicubic8(
      byte[] in, int inWidth, int inHeight, int bands, int width, int height) {
    BicubicWeights vertical = BicubicWeights.of(inHeight, height);
    byte[] current = in;
    int rowShift = 0;
    int currentWidth = inWidth;
    if (width != inWidth) {
      BicubicWeights horizontal = BicubicWeights.of(inWidth, width);
      rowShift = vertical.firstUsed();
      current = horizontal8(in, inWidth, bands, rowShift, vertical.endUsed(), horizontal);
      currentWidth = width;
    }
    if (height != inHeight) {
      current = vertical8(current, currentWidth, bands, rowShift, vertical);
    } else if (current == in) {
      current = in.clone();
    }
    return current;
  }

  /** Resamples rows {@code [firstRow, endRow)} of {@code in} horizontally. */
  private static byte[] horizontal8(
      byte[] in, int inWidth, int bands, int firstRow, int endRow, BicubicWeights weights) {
    int width = weights.outSize();
    int rows = endRow - firstRow;
    byte[] out = new byte[width * rows * bands];
    for (int y = 0; y < rows; y++) {
      int inRow = (y + firstRow) * inWidth * bands;
      int outRow = y * width * bands;
      for (int x = 0; x < width; x++) {
        int first = weights.first(x);
        int count = weights.count(x);
        for (int c = 0; c < bands; c++) {
          int sum = HALF;
          int at = inRow + first * bands + c;
          for (int t = 0; t < count; t++, at += bands) {
            sum += (in[at] & 0xff) * weights.fixedWeight(x, t);
          }
          out[outRow + x * bands + c] = (byte) clip8(sum);
        }
      }
    }
    return out;
  }

  /** Resamples {@code in} vertically; its row 0 is input row {@code rowShift} of the weights. */
  private static byte[] vertical8(
      byte[] in, int width, int bands, int rowShift, BicubicWeights weights) {
    int height = weights.outSize();
    int stride = width * bands;
    byte[] out = new byte[height * stride];
    int[] sums = new int[stride];
    for (int y = 0; y < height; y++) {
      int first = weights.first(y) - rowShift;
      Arrays.fill(sums, HALF);
      // Row by row, so the inner loop runs over contiguous samples; the integer sums are the
      // same in any order.
      for (int t = 0; t < weights.count(y); t++) {
        int weight = weights.fixedWeight(y, t);
        int row = (first + t) * stride;
        for (int i = 0; i < stride; i++) {
          sums[i] += (in[row + i] & 0xff) * weight;
        }
      }
      for (int i = 0; i < stride; i++) {
        out[y * stride + i] = (byte) clip8(sums[i]);
      }
    }
    return out;
  }

  /** Pillow's {@code clip8}: drops the fraction bits (rounding towards -inf), clamps to 0..255. */
  private static int clip8(int fixedPoint) {
    int v = fixedPoint >> BicubicWeights.PRECISION_BITS;
    return v < 0 ? 0 : Math.min(v, 255);
  }

  private static int[] bicubicInt32(DecodedImage image, int width, int height) {
    int inWidth = image.width();
    int inHeight = image.height();
    BicubicWeights vertical = BicubicWeights.of(inHeight, height);
    int[] current = image.intSamplesView();
    int rowShift = 0;
    int currentWidth = inWidth;
    if (width != inWidth) {
      BicubicWeights horizontal = BicubicWeights.of(inWidth, width);
      rowShift = vertical.firstUsed();
      int rows = vertical.endUsed() - rowShift;
      int[] out = new int[width * rows];
      for (int y = 0; y < rows; y++) {
        int inRow = (y + rowShift) * inWidth;
        for (int x = 0; x < width; x++) {
          double sum = 0.0;
          for (int t = 0; t < horizontal.count(x); t++) {
            sum += current[inRow + horizontal.first(x) + t] * horizontal.weight(x, t);
          }
          out[y * width + x] = roundHalfAwayFromZero(sum);
        }
      }
      current = out;
      currentWidth = width;
    }
    if (height != inHeight) {
      int[] out = new int[currentWidth * height];
      for (int y = 0; y < height; y++) {
        int first = vertical.first(y) - rowShift;
        for (int x = 0; x < currentWidth; x++) {
          double sum = 0.0;
          for (int t = 0; t < vertical.count(y); t++) {
            sum += current[(first + t) * currentWidth + x] * vertical.weight(y, t);
          }
          out[y * currentWidth + x] = roundHalfAwayFromZero(sum);
        }
      }
      current = out;
    }
    return current;
  }

  /** Pillow's {@code ROUND_UP}. */
  private static int roundHalfAwayFromZero(double v) {
    return (int) (v >= 0.0 ? v + 0.5 : v - 0.5);
  }
}
