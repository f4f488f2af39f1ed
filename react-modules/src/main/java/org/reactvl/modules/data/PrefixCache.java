package org.reactvl.modules.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.ReactException;

/**
 * The hidden states every image of a dataset has after the frozen layers before the first gated
 * block, computed once and kept in a temporary file, so that a training step without augmentation
 * runs only the last k layers and their gated blocks. Each image takes {@code rows x width} floats
 * (for ViT-B/32: 50 x 768, 150 KiB), read back per batch; the file lives in the page cache, not in
 * the heap.
 *
 * <p>Not thread-safe. Close it to delete the file; use after close throws.
 */
public final class PrefixCache implements AutoCloseable {
  /** Reports progress while the cache is filled. */
  @FunctionalInterface
  public interface Progress {
    void update(int done, int total);
  }

  private final Path file;
  private final FileChannel channel;
  private final int size;
  private final int rows;
  private final int width;
  private boolean closed;

  private PrefixCache(Path file, FileChannel channel, int size, int rows, int width) {
    this.file = file;
    this.channel = channel;
    this.size = size;
    this.rows = rows;
    this.width = width;
  }

  /**
   * Encodes every image of {@code data}, {@code chunk} at a time.
   *
   * @param encoder pixels {@code [n, 3, S, S]} to hidden states {@code [n * rows, width]} (FLOAT)
   * @param directory where the temporary file goes
   */
  public static PrefixCache build(
      PairDataset data, int rows, int width, UnaryOperator<INDArray> encoder, int chunk, Path directory, Progress progress) {
    checkArgument(chunk > 0, "chunk must be positive, but was %s", chunk);
    Path file = null;
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      file = Files.createTempFile(directory, "react-prefix-", ".f32");
      // DELETE_ON_CLOSE unlinks the file at once on POSIX systems: only the open channel reaches it, so
      // nothing is left behind even when the process is killed.
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
      PrefixCache cache = new PrefixCache(file, channel, data.size(), rows, width);
      for (int from = 0; from < data.size(); from += chunk) {
        int n = Math.min(chunk, data.size() - from);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
          indices[i] = from + i;
        }
        INDArray pixels = data.pixels(indices);
        INDArray hidden = encoder.apply(pixels);
        free(pixels);
        cache.write(from, hidden);
        free(hidden);
        progress.update(from + n, data.size());
      }
      return cache;
    } catch (IOException e) {
      closeQuietly(channel, file);
      throw new ReactException("cannot write the prefix cache in '" + directory + "': " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel, file);
      throw e;
    }
  }

  private void write(int firstImage, INDArray hidden) throws IOException {
    checkArgument(
        hidden.dataType() == DataType.FLOAT && hidden.length() % ((long) rows * width) == 0,
        "hidden states must be FLOAT with %s x %s values per image, but were %s %s", rows, width, hidden.dataType(), java.util.Arrays.toString(hidden.shape()));
    INDArray c = hidden.isView() || hidden.ordering() != 'c' ? hidden.dup('c') : hidden;
    ByteBuffer bytes = c.data().asNio().order(ByteOrder.nativeOrder());
    bytes.limit((int) (c.length() * Float.BYTES));
    long position = (long) firstImage * bytesPerImage();
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
  }

  private long bytesPerImage() {
    return (long) rows * width * Float.BYTES;
  }

  /** Number of images. */
  public int size() {
    return size;
  }

  /** The hidden states of the images at {@code indices}: a new FLOAT array {@code [B * rows, width]}. */
  public INDArray gather(int[] indices) {
    if (closed) {
      throw new IllegalStateException("prefix cache '" + file + "' is closed");
    }
    INDArray out = Nd4j.create(DataType.FLOAT, (long) indices.length * rows, width);
    ByteBuffer bytes = out.data().asNio().order(ByteOrder.nativeOrder());
    int per = (int) bytesPerImage();
    try {
      for (int b = 0; b < indices.length; b++) {
        checkArgument(indices[b] >= 0 && indices[b] < size, "index must be in [0, %s), but was %s", size, indices[b]);
        ByteBuffer slice = bytes.duplicate().position(b * per).limit((b + 1) * per);
        long position = indices[b] * bytesPerImage();
        while (slice.hasRemaining()) {
          int read = channel.read(slice, position);
          if (read < 0) {
            throw new ReactException("prefix cache '" + file + "' is truncated");
          }
          position += read;
        }
      }
    } catch (IOException e) {
      throw new ReactException("cannot read the prefix cache '" + file + "': " + e.getMessage(), e);
    }
    return out;
  }

  /** Deletes the file. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(channel, file);
    }
  }

  /** Returns an array's native memory now rather than when the garbage collector runs. */
  private static void free(INDArray a) {
    if (a.closeable()) {
      a.close();
    }
  }

  private static void closeQuietly(FileChannel channel, Path file) {
    try {
      if (channel != null) {
        channel.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // A temporary file left behind is not worth failing the run for.
    }
  }
}
