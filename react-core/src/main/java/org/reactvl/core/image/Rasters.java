package org.reactvl.core.image;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;

/**
 * Reads samples out of a {@link Raster} the way Pillow's unpackers store them: 8-bit samples as
 * they are, 16-bit samples as their high byte, and 1/2/4/5/6-bit samples scaled to 0..255 with
 * {@code v * 255 / max} (Pillow's {@code L;2}, {@code L;4}, {@code BGR;15}, {@code BGR;16}).
 *
 * <p>Stateless; thread-safe.
 */
final class Rasters {
  private Rasters() {}

  /** Returns the given bands of {@code raster}, interleaved and scaled to 8 bits. */
  static byte[] bytes(Raster raster, int... bands) {
    int width = raster.getWidth();
    int height = raster.getHeight();
    byte[] out = new byte[width * height * bands.length];
    if (copyInterleavedBytes(raster, bands, out)) {
      return out;
    }
    int[] row = new int[width];
    for (int b = 0; b < bands.length; b++) {
      int bits = raster.getSampleModel().getSampleSize(bands[b]);
      for (int y = 0; y < height; y++) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, bands[b], row);
        int at = y * width * bands.length + b;
        for (int x = 0; x < width; x++, at += bands.length) {
          out[at] = (byte) to8Bits(row[x], bits);
        }
      }
    }
    return out;
  }

  /** Returns band 0 of {@code raster} unscaled, one byte per sample (palette indices). */
  static byte[] indices(Raster raster) {
    int[] values = ints(raster, 0);
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** Returns one band of {@code raster} unscaled. */
  static int[] ints(Raster raster, int band) {
    return raster.getSamples(
        raster.getMinX(), raster.getMinY(), raster.getWidth(), raster.getHeight(), band,
        (int[]) null);
  }

  static int to8Bits(int value, int bits) {
    if (bits == 8) {
      return value;
    }
    return bits > 8 ? value >>> (bits - 8) : value * 255 / ((1 << bits) - 1);
  }

  /** Fast path for byte rasters with one byte per sample (JPEG, 8-bit PNG). */
  private static boolean copyInterleavedBytes(Raster raster, int[] bands, byte[] out) {
    if (!(raster.getSampleModel() instanceof ComponentSampleModel model)
        || !(raster.getDataBuffer() instanceof DataBufferByte buffer)
        || buffer.getNumBanks() != 1
        || raster.getParent() != null) {
      return false;
    }
    byte[] data = buffer.getData();
    int[] offsets = model.getBandOffsets();
    int pixelStride = model.getPixelStride();
    int scanlineStride = model.getScanlineStride();
    int width = raster.getWidth();
    int n = bands.length;
    for (int y = 0; y < raster.getHeight(); y++) {
      int in = buffer.getOffset() + y * scanlineStride;
      int at = y * width * n;
      for (int x = 0; x < width; x++, in += pixelStride) {
        for (int b = 0; b < n; b++) {
          out[at++] = data[in + offsets[bands[b]]];
        }
      }
    }
    return true;
  }
}
