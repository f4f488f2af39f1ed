package org.reactvl.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.reactvl.core.CheckpointFormatException;
import org.reactvl.core.ReactException;

/**
 * NumPy {@code .npy} files (format versions 1-3), the exchange format for embeddings and pixels.
 *
 * <p>Reads little-endian arrays of float32, float64, float16, int32 and int64, in C or Fortran order;
 * values are returned in C (row-major) order as float32 (or int32 for {@link #readInts}). Big-endian
 * files are refused with a message rather than read wrongly. Writes C-order float32 and int32,
 * version 1.0.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** A float array read from an npy file: its shape and row-major values. */
  public static FloatTensor readFloats(Path path) {
    Parsed p = parse(path);
    int n = p.count();
    float[] out = new float[n];
    ByteBuffer b = p.data;
    switch (p.descr.substring(1)) {
      case "f4" -> b.asFloatBuffer().get(out);
      case "f8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble();
        }
      }
      case "f2" -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.float16ToFloat(b.getShort());
        }
      }
      case "i4" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt();
        }
      }
      case "i8" -> {
        for (int i = 0; i < n; i++) {
          out[i] = b.getLong();
        }
      }
      default -> throw unsupported(path, p.descr);
    }
    return new FloatTensor(p.shape, p.fortran ? toRowMajor(out, p.shape) : out);
  }

  /** Reads an integer npy file (int32 or int64, values must fit in int). Returns shape and values. */
  public static IntArray readInts(Path path) {
    Parsed p = parse(path);
    int n = p.count();
    int[] out = new int[n];
    switch (p.descr.substring(1)) {
      case "i4" -> p.data.asIntBuffer().get(out);
      case "i8" -> {
        for (int i = 0; i < n; i++) {
          long v = p.data.getLong();
          if (v != (int) v) {
            throw new CheckpointFormatException("npy file '" + path + "' value " + v + " at index " + i + " does not fit in int32");
          }
          out[i] = (int) v;
        }
      }
      default -> throw new CheckpointFormatException(
          "npy file '" + path + "' must hold int32 or int64 values, but its dtype was '" + p.descr + "'");
    }
    if (p.fortran) {
      int[] order = rowMajorOrder(p.shape);
      int[] c = new int[n];
      for (int i = 0; i < n; i++) {
        c[i] = out[order[i]];
      }
      return new IntArray(p.shape, c);
    }
    return new IntArray(p.shape, out);
  }

  private static float[] toRowMajor(float[] columnMajor, long[] shape) {
    int[] order = rowMajorOrder(shape);
    float[] c = new float[columnMajor.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = columnMajor[order[i]];
    }
    return c;
  }

  /** For each row-major position, the index of the same element in column-major storage. */
  private static int[] rowMajorOrder(long[] shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    int[] order = new int[n];
    int[] idx = new int[shape.length];
    for (int i = 0; i < n; i++) {
      int f = 0;
      int stride = 1;
      for (int d = 0; d < shape.length; d++) {
        f += idx[d] * stride;
        stride *= (int) shape[d];
      }
      order[i] = f;
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return order;
  }

  /** An int array read from an npy file. */
  public record IntArray(long[] shape, int[] data) {}

  /** Writes a float32 array, atomically. */
  public static void write(Path path, long[] shape, float[] data) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    write(path, "<f4", shape, data.length, b.array());
  }

  /** Writes an int32 array, atomically. */
  public static void write(Path path, long[] shape, int[] data) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(data);
    write(path, "<i4", shape, data.length, b.array());
  }

  private static void write(Path path, String descr, long[] shape, int n, byte[] body) {
    long count = 1;
    StringBuilder s = new StringBuilder();
    for (long d : shape) {
      count *= d;
      s.append(d).append(", ");
    }
    if (count != n) {
      throw new IllegalArgumentException("data length must be " + count + " for the shape, but was " + n);
    }
    String shapeText = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? "" : s.substring(0, s.length() - 2);
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    try {
      AtomicFiles.write(path, out -> {
        out.write(MAGIC);
        out.write(new byte[] {1, 0});
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        out.write(new byte[] {(byte) (h.length & 0xff), (byte) (h.length >>> 8)});
        out.write(h);
        out.write(body);
      });
    } catch (IOException e) {
      throw new ReactException("cannot write npy file '" + path + "': " + OutputFolders.describe(e), e);
    }
  }

  private record Parsed(String descr, long[] shape, boolean fortran, ByteBuffer data) {
    int count() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return (int) n;
    }
  }

  private static Parsed parse(Path path) {
    byte[] all;
    try {
      all = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new CheckpointFormatException("npy file '" + path + "' does not exist");
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read npy file '" + path + "': " + e.getMessage(), e);
    }
    if (all.length < 10) {
      throw new CheckpointFormatException("npy file '" + path + "' must be at least 10 bytes, but was " + all.length);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (all[i] != MAGIC[i]) {
        throw new CheckpointFormatException("npy file '" + path + "' must start with \\x93NUMPY, but does not");
      }
    }
    int major = all[6];
    ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLen = b.getInt(8);
      headerStart = 12;
    } else {
      throw new CheckpointFormatException("npy file '" + path + "' must be format version 1-3, but was " + major);
    }
    if (headerLen < 0 || headerStart + headerLen > all.length) {
      throw new CheckpointFormatException("npy file '" + path + "' header is longer than the file (truncated?)");
    }
    String header = new String(all, headerStart, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new CheckpointFormatException("npy file '" + path + "' has an unreadable header: " + header.strip());
    }
    String descr = d.group(1);
    if (descr.startsWith(">")) {
      throw new CheckpointFormatException(
          "npy file '" + path + "' must be little-endian, but its dtype was '" + descr + "'; convert with arr.astype('<f4')");
    }
    if (descr.startsWith("|") || descr.startsWith("=")) {
      descr = "<" + descr.substring(1);
    }
    List<Long> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      if (!part.isBlank()) {
        dims.add(Long.parseLong(part.strip().replace("L", "")));
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long count = 1;
    for (long x : shape) {
      count *= x;
    }
    int width = switch (descr.substring(1)) {
      case "f4", "i4" -> 4;
      case "f8", "i8" -> 8;
      case "f2" -> 2;
      default -> throw unsupported(path, descr);
    };
    int dataStart = headerStart + headerLen;
    if (count * width > all.length - dataStart) {
      throw new CheckpointFormatException(
          "npy file '" + path + "' must hold " + count * width + " data bytes for shape " + dims + ", but has "
              + (all.length - dataStart) + " (truncated?)");
    }
    ByteBuffer data = ByteBuffer.wrap(all, dataStart, (int) (count * width)).slice().order(ByteOrder.LITTLE_ENDIAN);
    return new Parsed(descr, shape, f.group(1).equals("True"), data);
  }

  private static CheckpointFormatException unsupported(Path path, String descr) {
    return new CheckpointFormatException(
        "npy file '" + path + "' must hold float16/32/64 or int32/64 values, but its dtype was '" + descr + "'");
  }
}
