package org.reactvl.core.image;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.reactvl.core.ImageFormatException;

/**
 * Decodes JPEG, PNG, GIF (first frame), BMP and WebP files into {@link DecodedImage}s with the mode
 * and pixels Pillow 9.4's {@code PIL.Image.open} gives, which is what CLIP's preprocessing starts
 * from. The format is recognised from the signature bytes, not the file name. EXIF orientation is
 * not applied (Pillow's {@code open} does not apply it either), nor are ICC profiles or PNG gamma.
 *
 * <p>Every failure is an {@link ImageFormatException} that names the file and the problem: missing,
 * empty, an unknown format (with the bytes seen), truncated or corrupt data, or an image over
 * Pillow's decompression-bomb limit of {@value #MAX_PIXELS} pixels.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * DecodedImage image = ImageLoader.load(Path.of("photos/cat.jpg"));
 * DecodedImage fromUpload = ImageLoader.load(requestBody, "upload-17");
 * }</pre>
 */
public final class ImageLoader {
  /** Pillow's {@code DecompressionBombError} threshold: twice {@code Image.MAX_IMAGE_PIXELS}. */
  public static final long MAX_PIXELS = 2L * (1024 * 1024 * 1024 / 4 / 3);


  private ImageLoader() {}

  /** Reads and decodes {@code file}; messages name it as given. */
  public static DecodedImage load(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.toString();
    if (Files.isDirectory(file)) {
      throw new ImageFormatException("image file '" + name + "' is a directory, not a file");
    }
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ImageFormatException("image file '" + name + "' does not exist", e);
    } catch (IOException e) {
      throw new ImageFormatException(
          "image file '" + name + "' could not be read: " + e.getMessage(), e);
    }
    return load(data, name);
  }

  /**
   * Reads {@code in} to its end and decodes it; the caller keeps ownership of the stream and closes
   * it.
   *
   * @param name how messages refer to the data, e.g. a URL or upload id
   */
  public static DecodedImage load(InputStream in, String name) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    byte[] data;
    try {
      data = in.readAllBytes();
    } catch (IOException e) {
      throw new ImageFormatException(
          "image file '" + name + "' could not be read: " + e.getMessage(), e);
    }
    return load(data, name);
  }

  /**
   * Decodes an image held in memory; {@code data} is not modified or retained.
   *
   * @param name how messages refer to the data, e.g. its file name
   */
  public static DecodedImage load(byte[] data, String name) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(name, "name");
    if (data.length == 0) {
      throw new ImageFormatException("image file '" + name + "' is empty (0 bytes)");
    }
    ImageFormat format = ImageFormat.sniff(data).orElseThrow(() -> new ImageFormatException(
        "image file '" + name + "' must be a " + ImageFormat.SUPPORTED
            + " image, but its " + data.length + " bytes start with no known image signature"));
    ImageReader reader = format.newReader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > MAX_PIXELS) {
        throw new ImageFormatException("image file '" + name + "' must have at most " + MAX_PIXELS
            + " pixels (Pillow's decompression-bomb limit), but has " + pixels);
      }
      return format.decoder().decode(reader, data);
    } catch (ImageFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      String problem = isTruncation(e) ? "is truncated" : "is corrupt or truncated";
      throw new ImageFormatException("image file '" + name + "' " + problem + " ("
          + format.displayName() + ", " + data.length + " bytes): " + causes(e), e);
    } finally {
      reader.dispose();
    }
  }

  private static boolean isTruncation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException
          || String.valueOf(t.getMessage()).contains("Unexpected end of ZLIB input stream")) {
        return true;
      }
    }
    return false;
  }

  /** Joins the messages of the cause chain, skipping repeats. */
  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    String previous = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (!message.equals(previous)) {
        text.append(text.isEmpty() ? "" : ": ").append(message);
      }
      previous = message;
    }
    return text.toString();
  }
}
