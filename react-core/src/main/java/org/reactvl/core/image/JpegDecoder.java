package org.reactvl.core.image;

import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * JPEG as Pillow 9.4 opens it: one component as L, three as RGB (libjpeg's own YCbCr to RGB, with
 * no ICC colour management), four as CMYK with Adobe's inverted convention undone (Pillow's {@code
 * CMYK;I}), YCCK first turned into CMYK with libjpeg's integer formulas.
 *
 * <p>The JDK reader runs the same IJG decoder family as Pillow's libjpeg-turbo (islow IDCT, fancy
 * upsampling); on the reference images its pixels are identical. Like Pillow, data that ends
 * before the last scanline is an error, while a missing EOI marker after complete data is not.
 */
final class JpegDecoder implements FormatDecoder {
  private static final int SCALE_BITS = 16;
  private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
  private static final int[] CR_TO_R = new int[256];
  private static final int[] CB_TO_B = new int[256];
  private static final int[] CR_TO_G = new int[256];
  private static final int[] CB_TO_G = new int[256];

  static {
    // libjpeg's build_ycc_rgb_table (jdcolor.c), 16-bit fixed point.
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_TO_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
      CB_TO_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
      CR_TO_G[i] = -fix(0.71414) * x;
      CB_TO_G[i] = -fix(0.34414) * x + ONE_HALF;
    }
  }

  private static int fix(double v) {
    return (int) (v * (1 << SCALE_BITS) + 0.5);
  }

  @Override
  public DecodedImage decode(ImageReader reader) throws IOException {
    List<String> warnings = new ArrayList<>();
    IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
    reader.addIIOReadWarningListener(listener);
    MetadataTree jpeg = MetadataTree.nativeTree(reader.getImageMetadata(0));
    int components = jpeg.find("sof").intAttribute("numFrameComponents", 0);
    DecodedImage image = switch (components) {
      case 1 -> DecodedImage.wrap(
          PixelMode.L, reader.getWidth(0), reader.getHeight(0), readWithoutColorManagement(reader, 1));
      case 3 -> DecodedImage.wrap(
          PixelMode.RGB, reader.getWidth(0), reader.getHeight(0), readWithoutColorManagement(reader, 3));
      case 4 -> readCmyk(reader, jpeg);
      default -> throw new IIOException(
          "JPEG component count must be 1, 3 or 4, but was " + components);
    };
    reader.removeIIOReadWarningListener(listener);
    for (String warning : warnings) {
      // The JDK reader pads a file that ends mid-scan and says so with this warning.
      if (warning.contains("Missing EOI")) {
        throw new EOFException("JPEG data ends before the last scanline (" + warning + ")");
      }
    }
    return image;
  }

  /**
   * Reads 1 or 3 components through libjpeg's colour conversion only. Naming the source bands
   * makes the JDK skip its ICC-profile conversion, which Pillow does not do either.
   */
  private static byte[] readWithoutColorManagement(ImageReader reader, int bands) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    int[] identity = new int[bands];
    for (int b = 0; b < bands; b++) {
      identity[b] = b;
    }
    param.setSourceBands(identity);
    Raster raster = reader.read(0, param).getRaster();
    return Rasters.bytes(raster, identity);
  }

  private static DecodedImage readCmyk(ImageReader reader, MetadataTree jpeg) throws IOException {
    Raster raster = reader.readRaster(0, null);
    byte[] samples = Rasters.bytes(raster, 0, 1, 2, 3);
    MetadataTree adobe = jpeg.find("app14Adobe");
    // libjpeg reads 4 components as YCCK when an Adobe marker has a non-zero transform.
    boolean ycck = adobe.exists() && adobe.intAttribute("transform", 0) != 0;
    for (int p = 0; p < samples.length; p += 4) {
      if (ycck) {
        yccToInvertedRgb(samples, p);
      }
      for (int c = 0; c < 4; c++) {
        samples[p + c] = (byte) (255 - (samples[p + c] & 0xff));
      }
    }
    return DecodedImage.wrap(PixelMode.CMYK, raster.getWidth(), raster.getHeight(), samples);
  }

  /** libjpeg's {@code ycck_cmyk_convert}: C, M, Y are 255 minus the RGB of the YCC triple. */
  private static void yccToInvertedRgb(byte[] samples, int p) {
    int y = samples[p] & 0xff;
    int cb = samples[p + 1] & 0xff;
    int cr = samples[p + 2] & 0xff;
    samples[p] = (byte) clamp(255 - (y + CR_TO_R[cr]));
    samples[p + 1] = (byte) clamp(255 - (y + ((CB_TO_G[cb] + CR_TO_G[cr]) >> SCALE_BITS)));
    samples[p + 2] = (byte) clamp(255 - (y + CB_TO_B[cb]));
  }

  private static int clamp(int v) {
    return v < 0 ? 0 : Math.min(v, 255);
  }
}
