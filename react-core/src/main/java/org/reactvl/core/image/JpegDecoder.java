package org.reactvl.core.image;

import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * upsampling); on the reference images its pixels are identical. Like Pillow (without {@code
 * LOAD_TRUNCATED_IMAGES}), data that runs out while decoding, a missing EOI marker included, is an
 * error; it is detected through the JDK reader's "Missing EOI marker" warning.
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
  public DecodedImage decode(ImageReader reader, byte[] data) throws IOException {
    Header header = Header.parse(data);
    List<String> warnings = new ArrayList<>();
    IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
    reader.addIIOReadWarningListener(listener);
    DecodedImage image = switch (header.components()) {
      case 1 -> DecodedImage.wrap(PixelMode.L, reader.getWidth(0), reader.getHeight(0),
          readWithoutColorManagement(reader, 1));
      case 3 -> DecodedImage.wrap(PixelMode.RGB, reader.getWidth(0), reader.getHeight(0),
          readWithoutColorManagement(reader, 3));
      case 4 -> readCmyk(reader, header.isYcck());
      default -> throw new IIOException(
          "JPEG component count must be 1, 3 or 4, but was " + header.components());
    };
    reader.removeIIOReadWarningListener(listener);
    for (String warning : warnings) {
      // The JDK reader pads data that ends before the decoder is done and says so with this
      // warning; Pillow raises "image file is truncated" there.
      if (warning.contains("Missing EOI")) {
        throw new EOFException("JPEG data ends before the decoder is done (" + warning + ")");
      }
    }
    return image;
  }

  /**
   * Reads 1 or 3 components through libjpeg's colour conversion only. Naming the source bands
   * makes the JDK skip its ICC-profile conversion, which Pillow does not do either.
   */
  private static byte[] readWithoutColorManagement(ImageReader reader, int bands)
      throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    int[] identity = new int[bands];
    for (int b = 0; b < bands; b++) {
      identity[b] = b;
    }
    param.setSourceBands(identity);
    Raster raster = reader.read(0, param).getRaster();
    return Rasters.bytes(raster, identity);
  }

  private static DecodedImage readCmyk(ImageReader reader, boolean ycck) throws IOException {
    // readRaster skips all colour conversion: CMYK or YCCK exactly as stored.
    Raster raster = reader.readRaster(0, null);
    byte[] samples = Rasters.bytes(raster, 0, 1, 2, 3);
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

  /**
   * The two header facts libjpeg's colour-space guess needs, read from the marker segments before
   * the first scan (ImageIO's metadata tree rejects files libjpeg accepts, e.g. Exif before JFIF).
   *
   * @param adobeTransform the Adobe APP14 transform byte, or -1 without such a marker
   */
  private record Header(int components, int adobeTransform) {
    private static final int SOS = 0xDA;
    private static final int APP14 = 0xEE;

    /** libjpeg reads 4 components as YCCK when an Adobe marker has a non-zero transform. */
    boolean isYcck() {
      return adobeTransform > 0;
    }

    static Header parse(byte[] jpeg) throws IIOException {
      int components = 0;
      int transform = -1;
      int at = 2;
      while (at + 4 <= jpeg.length) {
        if ((jpeg[at] & 0xff) != 0xFF) {
          throw new IIOException("JPEG marker expected at byte " + at);
        }
        int marker = jpeg[at + 1] & 0xff;
        if (marker == 0xFF) {
          at++; // fill byte
          continue;
        }
        if (marker == SOS) {
          break;
        }
        int length = (jpeg[at + 2] & 0xff) << 8 | jpeg[at + 3] & 0xff;
        int body = at + 4;
        if (isStartOfFrame(marker) && body + 5 < jpeg.length) {
          components = jpeg[body + 5] & 0xff;
        } else if (marker == APP14 && length >= 12 && body + 11 < jpeg.length
            && new String(jpeg, body, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
          transform = jpeg[body + 11] & 0xff;
        }
        at += 2 + length;
      }
      return new Header(components, transform);
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    private static boolean isStartOfFrame(int marker) {
      return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }
  }
}
