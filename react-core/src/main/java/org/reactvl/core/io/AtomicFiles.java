package org.reactvl.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way this library writes a file: into a temporary sibling ({@code .NAME.react-tmp-RANDOM},
 * same folder, so the rename stays on one file system), flushed to disk, then renamed over the final
 * name in one atomic step. A reader, or a run killed half way, therefore sees either the old file or
 * the complete new one, never a torn one; a killed run leaves at most a hidden temporary file.
 *
 * <p>The final file gets the permissions of any file the user creates (the umask applies; usually
 * 0644), unlike {@link Files#createTempFile}, which makes it private (0600).
 *
 * <p>Stateless and thread-safe; two writers of the same target each rename a complete file, the
 * last one wins.
 */
public final class AtomicFiles {
  /** The infix of temporary names; a file or folder whose name holds it is an unfinished write. */
  public static final String TEMP_INFIX = ".react-tmp-";

  /** What to write: the whole content, into {@code out} (closing it is allowed and changes nothing). */
  @FunctionalInterface
  public interface Content {
    /** Writes the content. */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Text content written through a UTF-8 writer. */
  @FunctionalInterface
  public interface TextContent {
    /** Writes the content. */
    void writeTo(Writer out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically, creating its folder when missing.
   *
   * @throws IOException with the cause (a directory at {@code target}, no permission, a full disk);
   *     the temporary file is removed and any earlier file at {@code target} is left as it was
   */
  public static void write(Path target, Content content) throws IOException {
    Path file = target.toAbsolutePath();
    Path folder = file.getParent();
    Files.createDirectories(folder);
    if (Files.isDirectory(file)) {
      throw new FileSystemException(target.toString(), null, "is a directory, but a file must be written there");
    }
    Path tmp = temporarySibling(file);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
        content.writeTo(new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush(); // the content may close its stream (Jackson does); the file must stay open to be synced
          }
        });
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes UTF-8 text to {@code target} atomically (see {@link #write(Path, Content)}). */
  public static void writeText(Path target, TextContent content) throws IOException {
    write(target, out -> {
      Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
      content.writeTo(writer);
      writer.flush();
    });
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically (see {@link #write(Path, Content)}). */
  public static void writeString(Path target, CharSequence text) throws IOException {
    writeText(target, out -> out.append(text));
  }

  /** A fresh name beside {@code path} for a temporary file or folder of an unfinished write. */
  static Path temporarySibling(Path path) {
    return path.resolveSibling("." + path.getFileName() + TEMP_INFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
  }
}
