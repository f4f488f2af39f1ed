package org.reactvl.core.image;

import java.io.IOException;
import javax.imageio.ImageReader;

/**
 * Decodes the first image of one file format from an {@link ImageReader} whose input is set, into
 * the pixels and {@link PixelMode} Pillow 9.4's {@code Image.open} would produce.
 *
 * <p>Implementations are stateless and thread-safe; the reader is not.
 */
interface FormatDecoder {
  /**
   * @param data the whole file, for header fields ImageIO's metadata reports differently than
   *     they are stored
   * @throws java.io.EOFException if the data ends before the image does
   * @throws IOException if the data is corrupt or uses a variant Pillow would not open
   */
  DecodedImage decode(ImageReader reader, byte[] data) throws IOException;
}
