package org.reactvl.core.io;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.reactvl.core.ReactException;

/**
 * Writes tensors to a safetensors file (the layout is described in {@link SafetensorsReader}):
 * tensors sorted by name, the header padded with spaces to a multiple of 8 bytes, data
 * little-endian. The file is written to a temporary sibling and moved into place, so readers never
 * see a half-written file and a failed write leaves any previous file intact.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafetensorsWriter() {}

  /**
   * Writes {@code tensors} as {@code dtype} (F32, F16 or BF16; F16/BF16 round to nearest even).
   *
   * @param metadata the {@code __metadata__} strings ("format": "pt" is added when absent)
   */
  public static void write(Path path, Map<String, FloatTensor> tensors, Map<String, String> metadata, DType dtype) {
    checkArgument(dtype != DType.F64, "dtype must be F32, F16 or BF16, but was %s", dtype);
    SortedMap<String, FloatTensor> sorted = new TreeMap<>(tensors);
    ObjectNode header = JSON.createObjectNode();
    ObjectNode meta = header.putObject("__metadata__");
    meta.put("format", "pt");
    metadata.forEach(meta::put);
    long offset = 0;
    for (Map.Entry<String, FloatTensor> e : sorted.entrySet()) {
      checkArgument(!e.getKey().equals("__metadata__"), "tensor name must not be __metadata__");
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", dtype.name());
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long len = (long) e.getValue().size() * dtype.bytes();
      t.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = new byte[padded];
    System.arraycopy(json, 0, headerBytes, 0, json.length);
    for (int i = json.length; i < padded; i++) {
      headerBytes[i] = ' ';
    }
    try {
      AtomicFiles.write(path, out -> {
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        out.write(len.array());
        out.write(headerBytes);
        for (FloatTensor t : sorted.values()) {
          out.write(encode(t.data(), dtype));
        }
      });
    } catch (IOException e) {
      throw new ReactException("cannot write safetensors file '" + path + "': " + OutputFolders.describe(e), e);
    }
  }

  private static byte[] encode(float[] data, DType dtype) {
    ByteBuffer b = ByteBuffer.allocate(data.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> b.asFloatBuffer().put(data);
      case F16 -> {
        for (float f : data) {
          b.putShort(Float.floatToFloat16(f));
        }
      }
      case BF16 -> {
        for (float f : data) {
          b.putShort(toBf16(f));
        }
      }
      default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
    }
    return b.array();
  }

  private static short toBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }
}
