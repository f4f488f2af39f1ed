package org.reactvl.core.image;

import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * The image formats {@link ImageLoader} reads, recognised by their signature bytes (never by file
 * name, like Pillow), each with the ImageIO reader and the decoder that maps it to Pillow's mode.
 */
enum ImageFormat {
  JPEG("JPEG", "jpeg", new JpegDecoder()),
  PNG("PNG", "png", new PngDecoder()),
  GIF("GIF", "gif", new GifDecoder()),
  BMP("BMP", "bmp", ColorModelDecoder.bmp()),
  WEBP("WebP", "webp", ColorModelDecoder.webp());

  /** Human-readable list for error messages. */
  static final String SUPPORTED = "JPEG, PNG, GIF, BMP or WebP";

  private static final String JDK_PLUGIN_PACKAGE = "com.sun.imageio.plugins.";

  private final String displayName;
  private final String imageIoName;
  private final FormatDecoder decoder;

  ImageFormat(String displayName, String imageIoName, FormatDecoder decoder) {
    this.displayName = displayName;
    this.imageIoName = imageIoName;
    this.decoder = decoder;
  }

  /** Recognises the format from the first bytes of a file. */
  static Optional<ImageFormat> sniff(byte[] data) {
    if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(data, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(data, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return Optional.of(GIF);
    }
    if (startsWith(data, 0, 'B', 'M')) {
      return Optional.of(BMP);
    }
    if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }

  String displayName() {
    return displayName;
  }

  FormatDecoder decoder() {
    return decoder;
  }

  /**
   * Returns a new reader, preferring the JDK's own plugin so that results do not change when
   * another ImageIO plugin for the same format is on the class path.
   *
   * @throws IllegalStateException if no reader is installed (WebP needs TwelveMonkeys
   *     imageio-webp)
   */
  ImageReader newReader() {
    ImageReader fallback = null;
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(imageIoName);
        it.hasNext(); ) {
      ImageReader reader = it.next();
      if (reader.getClass().getName().startsWith(JDK_PLUGIN_PACKAGE)) {
        return reader;
      }
      if (fallback == null) {
        fallback = reader;
      }
    }
    if (fallback == null) {
      throw new IllegalStateException("no ImageIO reader for " + displayName
          + " is installed; for WebP add com.twelvemonkeys.imageio:imageio-webp");
    }
    return fallback;
  }

  private static boolean startsWith(byte[] data, int offset, int... signature) {
    if (data.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((data[offset + i] & 0xff) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
