package org.reactvl.core.image;

import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import javax.imageio.IIOException;
import javax.imageio.ImageReader;

/**
 * PNG as Pillow 9.4 opens it ({@code PngImagePlugin._MODES}), decided by the IHDR bit depth and
 * colour type rather than by the layout ImageIO picks (which adds alpha bands for tRNS chunks that
 * Pillow leaves in {@code info}):
 *
 * <ul>
 *   <li>greyscale: 1 bit as "1", 2/4/8 bits as L (scaled to 0..255), 16 bits as I (unscaled);
 *   <li>RGB: RGB, 16-bit samples keep their high byte;
 *   <li>palette: P with exactly the PLTE colours (ImageIO pads short palettes with black, Pillow
 *       with the grey ramp);
 *   <li>grey+alpha: 8 bits as LA, 16 bits as RGBA (high bytes, grey replicated);
 *   <li>RGB+alpha: RGBA, high bytes.
 * </ul>
 */
final class PngDecoder implements FormatDecoder {
  private static final int SIGNATURE_LENGTH = 8;
  private static final int GREY = 0;
  private static final int RGB = 2;
  private static final int PALETTE = 3;
  private static final int GREY_ALPHA = 4;
  private static final int RGB_ALPHA = 6;

  @Override
  public DecodedImage decode(ImageReader reader, byte[] data) throws IOException {
    checkImageChunksComplete(data);
    byte[] ihdr = chunk(data, "IHDR");
    if (ihdr == null || ihdr.length < 13) {
      throw new IIOException("PNG must start with a 13-byte IHDR chunk");
    }
    int bitDepth = ihdr[8] & 0xff;
    int colorType = ihdr[9] & 0xff;
    Raster raster = reader.read(0).getRaster();
    int width = raster.getWidth();
    int height = raster.getHeight();
    return switch (colorType) {
      case GREY -> switch (bitDepth) {
        case 1 -> DecodedImage.wrap(PixelMode.BILEVEL, width, height, Rasters.bytes(raster, 0));
        case 16 -> DecodedImage.wrapInt32(width, height, Rasters.ints(raster, 0));
        default -> DecodedImage.wrap(PixelMode.L, width, height, Rasters.bytes(raster, 0));
      };
      case RGB -> DecodedImage.wrap(PixelMode.RGB, width, height, Rasters.bytes(raster, 0, 1, 2));
      case PALETTE -> DecodedImage.ofPalette(
          width, height, Rasters.indices(raster), palette(chunk(data, "PLTE")));
      case GREY_ALPHA -> bitDepth == 16
          ? DecodedImage.wrap(PixelMode.RGBA, width, height, Rasters.bytes(raster, 0, 0, 0, 1))
          : DecodedImage.wrap(PixelMode.LA, width, height, Rasters.bytes(raster, 0, 1));
      case RGB_ALPHA ->
          DecodedImage.wrap(PixelMode.RGBA, width, height, Rasters.bytes(raster, 0, 1, 2, 3));
      default -> throw new IIOException(
          "PNG colour type must be 0, 2, 3, 4 or 6, but was " + colorType);
    };
  }

  private static int[] palette(byte[] plte) throws IIOException {
    if (plte == null) {
      throw new IIOException("palette PNG must have a PLTE chunk");
    }
    int[] colors = new int[Math.min(plte.length / 3, DecodedImage.PALETTE_SIZE)];
    for (int i = 0; i < colors.length; i++) {
      colors[i] =
          (plte[3 * i] & 0xff) << 16 | (plte[3 * i + 1] & 0xff) << 8 | plte[3 * i + 2] & 0xff;
    }
    return colors;
  }

  /**
   * Fails with a clear message when a chunk up to the last IDAT runs past the end of the file, or
   * a chunk before the first IDAT (critical like IHDR and PLTE, or ancillary) has a wrong CRC: Pillow
   * checks those CRCs when it opens a PNG ("broken PNG file (bad header checksum ...)") and skips
   * them only with LOAD_TRUNCATED_IMAGES. Like Pillow, damage after the image data (a cut IEND, a
   * wrong IDAT CRC) is not an error.
   */
  private static void checkImageChunksComplete(byte[] png) throws IOException {
    int at = SIGNATURE_LENGTH;
    boolean seenImageData = false;
    while (at + 8 <= png.length) {
      long length = readInt(png, at) & 0xffffffffL;
      String name = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      boolean imageData = name.equals("IDAT");
      if (at + 8 + length > png.length) {
        if (imageData || !seenImageData) {
          throw new EOFException("PNG chunk " + name + " at byte " + at + " declares " + length
              + " data bytes, but the file ends " + (png.length - at - 8) + " bytes into it");
        }
        return;
      }
      seenImageData |= imageData;
      if (!seenImageData) {
        checkCrc(png, at, (int) length, name);
      }
      at += 12 + (int) length;
    }
    if (!seenImageData) {
      throw new EOFException("PNG file ends after " + png.length + " bytes, before any IDAT chunk");
    }
  }

  private static void checkCrc(byte[] png, int at, int length, String name) throws IOException {
    int crcAt = at + 8 + length;
    if (crcAt + 4 > png.length) {
      throw new EOFException("PNG chunk " + name + " at byte " + at + " has no complete CRC: the file ends first");
    }
    CRC32 crc = new CRC32();
    crc.update(png, at + 4, 4 + length);
    int stored = readInt(png, crcAt);
    if ((int) crc.getValue() != stored) {
      throw new IIOException(String.format(Locale.ROOT,
          "broken PNG file: chunk %s at byte %d must have CRC %08x, but has %08x (Pillow refuses it too)", name, at, (int) crc.getValue(), stored));
    }
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8
        | b[at + 3] & 0xff;
  }

  /** Returns the data of the first chunk of {@code type} before IDAT, or null. */
  private static byte[] chunk(byte[] png, String type) {
    int at = SIGNATURE_LENGTH;
    while (at + 8 <= png.length) {
      int length = readInt(png, at);
      String name = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (length < 0 || at + 8L + length > png.length || name.equals("IDAT")) {
        return null;
      }
      if (name.equals(type)) {
        return Arrays.copyOfRange(png, at + 8, at + 8 + length);
      }
      at += 12 + length;
    }
    return null;
  }
}
