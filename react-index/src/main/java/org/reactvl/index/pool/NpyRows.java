package org.reactvl.index.pool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactvl.core.CheckpointFormatException;

/**
 * Reads rows of a 2-D {@code .npy} matrix of float32 or float16 (little-endian, C order) straight from
 * a memory-mapped file, so shards of any size are read without holding them on the heap. Only what
 * embedding shards use; {@link org.reactvl.core.io.Npy} reads whole arrays of every kind.
 *
 * <p>Not thread-safe. The mapping is released when the object becomes unreachable.
 */
final class NpyRows implements AutoCloseable {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<|=]f[24])'");
  private static final Pattern C_ORDER = Pattern.compile("'fortran_order'\\s*:\\s*False");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)");
  private static final long MAX_MAPPED = Integer.MAX_VALUE;

  private final Path file;
  private final long rows;
  private final int columns;
  private final int width;
  private final FileChannel channel;
  private final long dataStart;

  private NpyRows(Path file, FileChannel channel, long dataStart, long rows, int columns, int width) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.rows = rows;
    this.columns = columns;
    this.width = width;
  }

  /** Opens {@code file} and checks its header; the channel is closed by {@link #close()}. */
  static NpyRows open(Path file) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(head, 0);
      head.flip();
      if (head.remaining() < 10) {
        throw format(file, "must start with a .npy header, but is only " + channel.size() + " bytes long");
      }
      for (byte b : MAGIC) {
        if (head.get() != b) {
          throw format(file, "must start with \\x93NUMPY, but does not");
        }
      }
      int major = head.get();
      head.get();
      long headerLength = major == 1 ? head.getShort() & 0xffff : head.getInt() & 0xffffffffL;
      long headerStart = major == 1 ? 10 : 12;
      if (headerLength > 65_536 || headerStart + headerLength > channel.size()) {
        throw format(file, "has a header longer than the file (truncated?)");
      }
      ByteBuffer text = ByteBuffer.allocate((int) headerLength);
      channel.read(text, headerStart);
      String header = new String(text.array(), StandardCharsets.ISO_8859_1);
      Matcher descr = DESCR.matcher(header);
      Matcher shape = SHAPE.matcher(header);
      if (!descr.find() || !C_ORDER.matcher(header).find() || !shape.find()) {
        throw format(file, "must hold a C-order 2-D little-endian float32 or float16 matrix, but its header is "
            + header.strip());
      }
      int width = descr.group(1).endsWith("4") ? 4 : 2;
      long rows = Long.parseLong(shape.group(1));
      int columns = Integer.parseInt(shape.group(2));
      long dataStart = headerStart + headerLength;
      if (rows * columns * width > channel.size() - dataStart) {
        throw format(file, "must hold " + rows * columns * width + " data bytes for shape (" + rows + ", " + columns
            + "), but holds " + (channel.size() - dataStart) + " (truncated?)");
      }
      return new NpyRows(file, channel, dataStart, rows, columns, width);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CheckpointFormatException("cannot read npy file " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  long rows() {
    return rows;
  }

  int columns() {
    return columns;
  }

  /** Rows {@code [from, from + count)} as float32. */
  float[][] read(long from, int count) {
    long rowBytes = (long) columns * width;
    if (from < 0 || count < 0 || from + count > rows || rowBytes * count > MAX_MAPPED) {
      throw new IllegalArgumentException("rows [" + from + ", " + (from + count) + ") must lie in [0, " + rows
          + ") of " + file + " and span at most 2 GiB");
    }
    float[][] out = new float[count][columns];
    try {
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + from * rowBytes, rowBytes * count);
      map.order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : out) {
        if (width == 4) {
          map.asFloatBuffer().get(row);
          map.position(map.position() + columns * 4);
        } else {
          for (int c = 0; c < columns; c++) {
            row[c] = Float.float16ToFloat(map.getShort());
          }
        }
      }
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read rows of npy file " + file + ": " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static CheckpointFormatException format(Path file, String problem) {
    return new CheckpointFormatException("npy file " + file + " " + problem);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing to do: the file was only read.
      }
    }
  }
}
