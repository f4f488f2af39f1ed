package org.reactvl.core.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.ImageReader;

/**
 * Formats whose Pillow mode follows from the decoded colour model (BMP, WebP): an indexed image is
 * P, grey is L or LA, RGB is RGB or RGBA by whether the format stores alpha.
 *
 * <p>For BMP, Pillow 9.4 also drops a palette that is pure grey: two entries, black then white,
 * make mode "1"; more entries, entry i equal to (i, i, i) for every i, make mode L.
 */
final class ColorModelDecoder implements FormatDecoder {
  private final boolean greyPalettesAreGrey;

  private ColorModelDecoder(boolean greyPalettesAreGrey) {
    this.greyPalettesAreGrey = greyPalettesAreGrey;
  }

  static ColorModelDecoder bmp() {
    return new ColorModelDecoder(true);
  }

  static ColorModelDecoder webp() {
    return new ColorModelDecoder(false);
  }

  @Override
  public DecodedImage decode(ImageReader reader, byte[] data) throws IOException {
    BufferedImage image = reader.read(0);
    ColorModel model = image.getColorModel();
    if (model.isAlphaPremultiplied()) {
      image.coerceData(false);
      model = image.getColorModel();
    }
    Raster raster = image.getRaster();
    int width = raster.getWidth();
    int height = raster.getHeight();
    if (model instanceof IndexColorModel indexed) {
      return indexed(indexed, Rasters.indices(raster), width, height);
    }
    boolean alpha = model.hasAlpha();
    return switch (model.getColorSpace().getType()) {
      case ColorSpace.TYPE_GRAY -> alpha
          ? DecodedImage.wrap(PixelMode.LA, width, height, Rasters.bytes(raster, 0, 1))
          : DecodedImage.wrap(PixelMode.L, width, height, Rasters.bytes(raster, 0));
      case ColorSpace.TYPE_RGB -> alpha
          ? DecodedImage.wrap(PixelMode.RGBA, width, height, Rasters.bytes(raster, 0, 1, 2, 3))
          : DecodedImage.wrap(PixelMode.RGB, width, height, Rasters.bytes(raster, 0, 1, 2));
      default -> throw new IIOException(
          "colour space must be grey or RGB, but was of type " + model.getColorSpace().getType());
    };
  }

  private DecodedImage indexed(IndexColorModel model, byte[] indices, int width, int height) {
    int[] palette = new int[Math.min(model.getMapSize(), DecodedImage.PALETTE_SIZE)];
    for (int i = 0; i < palette.length; i++) {
      palette[i] = model.getRGB(i) & 0xffffff;
    }
    if (greyPalettesAreGrey) {
      if (palette.length == 2 && palette[0] == 0 && palette[1] == 0xffffff) {
        for (int i = 0; i < indices.length; i++) {
          indices[i] = indices[i] == 0 ? 0 : (byte) 255;
        }
        return DecodedImage.wrap(PixelMode.BILEVEL, width, height, indices);
      }
      if (palette.length != 2 && DecodedImage.isGreyRamp(palette)) {
        return DecodedImage.wrap(PixelMode.L, width, height, indices);
      }
    }
    return DecodedImage.ofPalette(width, height, indices, palette);
  }
}
