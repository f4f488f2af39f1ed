package org.reactvl.core.image;

import java.awt.image.Raster;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageReader;

/**
 * The first frame of a GIF as Pillow 9.4 opens it: an image of the logical screen size (grown if
 * the frame reaches past it) in mode P with the frame's colour table (local, else global), or in
 * mode L when there is no colour table or the table is the identity grey ramp. Pixels outside the
 * frame hold the transparent index if the frame has one, else 0.
 */
final class GifDecoder implements FormatDecoder {
  @Override
  public DecodedImage decode(ImageReader reader, byte[] data) throws IOException {
    MetadataTree stream = MetadataTree.nativeTree(reader.getStreamMetadata());
    MetadataTree frame = MetadataTree.nativeTree(reader.getImageMetadata(0));
    Raster raster = reader.read(0).getRaster();
    MetadataTree descriptor = frame.child("ImageDescriptor");
    int left = descriptor.intAttribute("imageLeftPosition", 0);
    int top = descriptor.intAttribute("imageTopPosition", 0);
    MetadataTree screen = stream.child("LogicalScreenDescriptor");
    int width = Math.max(screen.intAttribute("logicalScreenWidth", 0), left + raster.getWidth());
    int height = Math.max(screen.intAttribute("logicalScreenHeight", 0), top + raster.getHeight());

    MetadataTree control = frame.child("GraphicControlExtension");
    int background = "TRUE".equalsIgnoreCase(control.attribute("transparentColorFlag", "FALSE"))
        ? control.intAttribute("transparentColorIndex", 0)
        : 0;
    byte[] indices = new byte[width * height];
    Arrays.fill(indices, (byte) background);
    byte[] frameIndices = Rasters.indices(raster);
    int frameWidth = raster.getWidth();
    for (int y = 0; y < raster.getHeight(); y++) {
      System.arraycopy(
          frameIndices, y * frameWidth, indices, (top + y) * width + left, frameWidth);
    }

    MetadataTree local = frame.child("LocalColorTable");
    int[] table = local.exists()
        ? local.colorTable("ColorTableEntry")
        : stream.child("GlobalColorTable").colorTable("ColorTableEntry");
    if (DecodedImage.isGreyRamp(table)) {
      return DecodedImage.wrap(PixelMode.L, width, height, indices);
    }
    return DecodedImage.ofPalette(width, height, indices, table);
  }
}
