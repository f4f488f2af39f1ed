package org.reactvl.core.image;

import java.awt.image.Raster;
import java.io.IOException;
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
 *   <li>palette: P with the PLTE colours;
 *   <li>grey+alpha: 8 bits as LA, 16 bits as RGBA (high bytes, grey replicated);
 *   <li>RGB+alpha: RGBA, high bytes.
 * </ul>
 */
final class PngDecoder implements FormatDecoder {
  @Override
  public DecodedImage decode(ImageReader reader) throws IOException {
    MetadataTree ihdr = MetadataTree.nativeTree(reader.getImageMetadata(0)).child("IHDR");
    String colorType = ihdr.attribute("colorType", "");
    int bitDepth = ihdr.intAttribute("bitDepth", 8);
    Raster raster = reader.read(0).getRaster();
    int width = raster.getWidth();
    int height = raster.getHeight();
    return switch (colorType) {
      case "Grayscale" -> switch (bitDepth) {
        case 1 -> DecodedImage.wrap(PixelMode.BILEVEL, width, height, Rasters.bytes(raster, 0));
        case 16 -> DecodedImage.wrapInt32(width, height, Rasters.ints(raster, 0));
        default -> DecodedImage.wrap(PixelMode.L, width, height, Rasters.bytes(raster, 0));
      };
      case "RGB" -> DecodedImage.wrap(PixelMode.RGB, width, height, Rasters.bytes(raster, 0, 1, 2));
      case "Palette" -> {
        int[] plte = MetadataTree.nativeTree(reader.getImageMetadata(0))
            .child("PLTE").colorTable("PLTEEntry");
        yield DecodedImage.ofPalette(width, height, Rasters.indices(raster), plte);
      }
      case "GrayAlpha" -> bitDepth == 16
          ? DecodedImage.wrap(PixelMode.RGBA, width, height, Rasters.bytes(raster, 0, 0, 0, 1))
          : DecodedImage.wrap(PixelMode.LA, width, height, Rasters.bytes(raster, 0, 1));
      case "RGBAlpha" ->
          DecodedImage.wrap(PixelMode.RGBA, width, height, Rasters.bytes(raster, 0, 1, 2, 3));
      default -> throw new IIOException("PNG colour type must be one of the five PNG defines, but was '"
          + colorType + "'");
    };
  }
}
