package org.reactvl.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reactvl.core.CheckpointFormatException;

/**
 * Reads tensors from a <a href="https://github.com/huggingface/safetensors">safetensors</a> file.
 *
 * <p>Format: an unsigned 64-bit little-endian header length {@code n}, {@code n} bytes of UTF-8 JSON
 * mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets
 * relative to the data section that follows the header) plus an optional {@code "__metadata__"}
 * string map, then the raw little-endian tensor bytes. The header is validated completely when the
 * file is opened: its size is bounded by {@link #MAX_HEADER_BYTES} and by the file's size, every
 * tensor's byte range must lie inside the file and match its dtype and shape. Tensor data is
 * memory-mapped lazily, one tensor at a time, so opening a multi-gigabyte checkpoint costs nothing.
 *
 * <p>Not thread-safe for concurrent {@link #close()}; reads may run concurrently.
 *
 * <pre>{@code
 * try (SafetensorsReader st = SafetensorsReader.open(path)) {
 *   float[] w = st.readFloats("visual.proj");
 * }
 * }</pre>
 */
public final class SafetensorsReader implements AutoCloseable {
  /** Largest header accepted, in bytes (the format's own reference reader uses 100 MB). */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;
  private volatile boolean closed;

  private SafetensorsReader(
      Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and validates a safetensors file.
   *
   * @throws CheckpointFormatException if the file is missing, truncated or its header is invalid
   */
  public static SafetensorsReader open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CheckpointFormatException("safetensors file '" + path + "' does not exist");
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot open safetensors file '" + path + "': " + e.getMessage(), e);
    }
    try {
      SafetensorsReader r = parse(path, ch);
      return r;
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static SafetensorsReader parse(Path path, FileChannel ch) {
    try {
      long size = ch.size();
      if (size < 8) {
        throw new CheckpointFormatException(
            "safetensors file '" + path + "' must be at least 8 bytes long, but was " + size + " bytes");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      checkNotPyTorch(path, lenBuf.array());
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
        throw new CheckpointFormatException(
            "safetensors header length in '" + path + "' must be in 1.." + MAX_HEADER_BYTES + " bytes, but was "
                + Long.toUnsignedString(headerLen));
      }
      if (8 + headerLen > size) {
        throw new CheckpointFormatException(
            "safetensors header of '" + path + "' claims " + headerLen + " bytes, but the file has only "
                + (size - 8) + " bytes after the length field (truncated file?)");
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLen);
      readFully(ch, header, 8);
      JsonNode root;
      try {
        root = JSON.readTree(header.array());
      } catch (JsonProcessingException e) {
        throw new CheckpointFormatException(
            "safetensors header of '" + path + "' is not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (root == null || !root.isObject()) {
        throw new CheckpointFormatException("safetensors header of '" + path + "' must be a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataSize = size - dataStart;
      Map<String, TensorInfo> tensors = new TreeMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("__metadata__")) {
          e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        TensorInfo t = tensorInfo(path, e.getKey(), e.getValue());
        if (t.end() > dataSize) {
          throw new CheckpointFormatException(
              "tensor '" + t.name() + "' in '" + path + "' ends at byte " + t.end() + " of the data section, but the file has only "
                  + dataSize + " data bytes (truncated file?)");
        }
        tensors.put(t.name(), t);
      }
      checkLayout(path, tensors.values(), dataSize);
      return new SafetensorsReader(
          path, ch, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot read safetensors file '" + path + "': " + e.getMessage(), e);
    }
  }

  /** A PyTorch checkpoint (a zip archive or a pickle from {@code torch.save}) gets a message saying how to convert it. */
  private static void checkNotPyTorch(Path path, byte[] start) {
    boolean zip = start[0] == 'P' && start[1] == 'K' && start[2] == 3 && start[3] == 4;
    boolean pickle = (start[0] & 0xff) == 0x80 && start[1] >= 2 && start[1] <= 5;
    if (zip || pickle) {
      throw new CheckpointFormatException("'" + path + "' must be a safetensors file, but is a PyTorch checkpoint ("
          + (zip ? "a zip archive" : "a Python pickle") + " written by torch.save); convert its state dict with Python: "
          + "from safetensors.torch import save_file; save_file(torch.load(PATH, map_location='cpu', weights_only=True), 'model.safetensors')");
    }
  }

  /**
   * The format requires the tensors to tile the data section: no two share a byte and no byte is
   * left out. Anything else is a corrupt or crafted file.
   */
  private static void checkLayout(Path path, Collection<TensorInfo> tensors, long dataSize) {
    List<TensorInfo> byOffset = new ArrayList<>(tensors);
    byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long next = 0;
    String previous = null;
    for (TensorInfo t : byOffset) {
      if (t.begin() < next) {
        throw new CheckpointFormatException("tensor '" + t.name() + "' in '" + path + "' must not share bytes with tensor '" + previous
            + "', but its data_offsets [" + t.begin() + ", " + t.end() + ") overlap it (the safetensors format forbids overlaps)");
      }
      if (t.begin() > next) {
        throw new CheckpointFormatException("tensor '" + t.name() + "' in '" + path + "' must start at byte " + next + " of the data section"
            + (previous == null ? "" : ", where tensor '" + previous + "' ends") + ", but starts at " + t.begin()
            + " (the safetensors format forbids holes)");
      }
      next = t.end();
      previous = t.name();
    }
    if (next != dataSize) {
      throw new CheckpointFormatException("the tensors of '" + path + "' must cover its " + dataSize + " data bytes, but end at byte " + next
          + " (the safetensors format forbids holes)");
    }
  }

  private static TensorInfo tensorInfo(Path path, String name, JsonNode node) {
    JsonNode dtype = node.get("dtype");
    JsonNode shape = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtype == null || shape == null || !shape.isArray() || offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new CheckpointFormatException(
          "tensor '" + name + "' in '" + path + "' must have dtype, shape and two data_offsets, but was " + node);
    }
    DType dt;
    try {
      dt = DType.parse(dtype.asText());
    } catch (IllegalArgumentException e) {
      throw new CheckpointFormatException("tensor '" + name + "' in '" + path + "': " + e.getMessage(), e);
    }
    long[] dims = new long[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asLong(-1);
      if (!shape.get(i).canConvertToLong() || dims[i] < 0) {
        throw new CheckpointFormatException(
            "tensor '" + name + "' in '" + path + "' must have non-negative integer dimensions, but shape was " + shape);
      }
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (begin < 0 || end < begin) {
      throw new CheckpointFormatException(
          "tensor '" + name + "' in '" + path + "' must have 0 <= begin <= end, but data_offsets were " + offsets);
    }
    TensorInfo t = new TensorInfo(name, dt, dims, begin, end);
    long expected;
    try {
      expected = Math.multiplyExact(t.elementCount(), dt.bytes());
    } catch (ArithmeticException e) {
      throw new CheckpointFormatException("tensor '" + name + "' in '" + path + "' has an overflowing shape " + shape);
    }
    if (end - begin != expected) {
      throw new CheckpointFormatException(
          "tensor '" + name + "' in '" + path + "' must take " + expected + " bytes (" + dt + " " + t.shapeString()
              + "), but its data_offsets span " + (end - begin) + " bytes");
    }
    return t;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  /** The file this reader reads. */
  public Path path() {
    return path;
  }

  /** All tensors, sorted by name. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} map (empty if absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Whether a tensor of that name exists. */
  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /**
   * Describes one tensor.
   *
   * @throws CheckpointFormatException if there is no such tensor
   */
  public TensorInfo info(String name) {
    TensorInfo t = tensors.get(name);
    if (t == null) {
      throw new CheckpointFormatException("tensor '" + name + "' is missing from '" + path + "'");
    }
    return t;
  }

  /** Reads a tensor as float32 values (widening F16, BF16, F64) into a new array. */
  public float[] readFloats(String name) {
    TensorInfo t = info(name);
    long n = t.elementCount();
    if (n > Integer.MAX_VALUE - 8) {
      throw new CheckpointFormatException("tensor '" + name + "' has " + n + " elements, too many for a Java array");
    }
    float[] out = new float[(int) n];
    readFloats(name, FloatBuffer.wrap(out));
    return out;
  }

  /**
   * Reads a tensor as float32 values into {@code dest} (from its position on), for example a direct
   * buffer backing an off-heap array. This is where every tensor this library loads passes, so it is
   * where weights are checked finite.
   *
   * @throws CheckpointFormatException naming the tensor if a value is NaN or infinite
   */
  public void readFloats(String name, FloatBuffer dest) {
    checkOpen();
    TensorInfo t = info(name);
    long n = t.elementCount();
    if (dest.remaining() < n) {
      throw new IllegalArgumentException(
          "destination must have room for " + n + " floats of '" + name + "', but had " + dest.remaining());
    }
    int from = dest.position();
    decode(t, dest);
    for (int i = from; i < from + n; i++) {
      float f = dest.get(i);
      if (!Float.isFinite(f)) {
        throw new CheckpointFormatException("tensor '" + name + "' in '" + path + "' must hold finite values, but element " + (i - from)
            + " is " + f);
      }
    }
  }

  /** Widens the tensor's values into {@code dest}. */
  private void decode(TensorInfo t, FloatBuffer dest) {
    long n = t.elementCount();
    ByteBuffer src = map(t);
    switch (t.dtype()) {
      case F32 -> dest.put(src.asFloatBuffer());
      case F64 -> {
        for (long i = 0; i < n; i++) {
          dest.put((float) src.getDouble());
        }
      }
      case F16 -> {
        for (long i = 0; i < n; i++) {
          dest.put(Float.float16ToFloat(src.getShort()));
        }
      }
      case BF16 -> {
        for (long i = 0; i < n; i++) {
          dest.put(Float.intBitsToFloat((src.getShort() & 0xffff) << 16));
        }
      }
    }
  }

  private ByteBuffer map(TensorInfo t) {
    long len = t.end() - t.begin();
    if (len == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    if (len > Integer.MAX_VALUE) {
      throw new CheckpointFormatException("tensor '" + t.name() + "' is larger than 2 GB, which one mapping cannot hold");
    }
    try {
      return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), len).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new CheckpointFormatException("cannot map tensor '" + t.name() + "' of '" + path + "': " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("safetensors reader for '" + path + "' is closed");
    }
  }

  /** True if {@code path} starts like a safetensors file (a plausible header length and a '{'). */
  public static boolean looksLikeSafetensors(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      if (ch.size() < 10) {
        return false;
      }
      ByteBuffer b = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, b, 0);
      b.flip();
      long len = b.getLong();
      return len > 0 && len <= MAX_HEADER_BYTES && b.get() == '{';
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Read-only channel: nothing to flush, nothing lost.
    }
  }

}
