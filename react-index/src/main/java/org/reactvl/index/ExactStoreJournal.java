package org.reactvl.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.reactvl.core.ReactException;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only file behind a persistent {@link ExactEmbeddingStore}: one record per {@code upsert}
 * or {@code delete} call, forced to disk before the call returns, replayed on open.
 *
 * <h2>Format, version {@value #VERSION} (big-endian, as {@link DataOutputStream} writes)</h2>
 *
 * <pre>
 * file    := magic "REACTEXJ" | int version | int headerLength | header | int crc32c(header) | record*
 * header  := UTF-8 JSON {"dimension": int, "metric": "DOT_PRODUCT", "encoding": "FLOAT32", "properties": {..}}
 * record  := int payloadLength | int crc32c(payload) | payload
 * payload := byte type (1 = upsert, 2 = delete) | int count | item * count
 * upsert item := string id | float * dimension (unit vector) | int n | (string key | string value) * n
 * delete item := string id
 * string  := int byteLength | UTF-8 bytes
 * </pre>
 *
 * <p>A crash can leave only the last record incomplete (a record is one write followed by a force):
 * on open, a short or checksum-failing last record is cut off and logged; a bad record followed by
 * more data means corruption and fails with {@link StoreFormatException}. Not thread-safe: the store
 * serialises writes.
 */
final class ExactStoreJournal implements AutoCloseable {
  static final int VERSION = 1;
  private static final byte[] MAGIC = "REACTEXJ".getBytes(StandardCharsets.US_ASCII);
  /** Vector bytes one record may hold (records are built in memory; a Java array holds < 2 GiB). */
  static final long MAX_VECTOR_BYTES_PER_RECORD = 1L << 30;
  private static final byte UPSERT = 1;
  private static final byte DELETE = 2;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ExactStoreJournal.class);

  /** Receives replayed records in order. */
  interface Replay {
    void upsert(List<EmbeddingEntry> unitEntries);

    void delete(List<String> ids);
  }

  /** What the file's header holds; {@code jsonLength} is the encoded JSON's size (0 when writing). */
  record Header(int dimension, Map<String, String> properties, int jsonLength) {
    Header(int dimension, Map<String, String> properties) {
      this(dimension, properties, 0);
    }
  }

  private final Path path;
  private final int dimension;
  private final FileChannel channel;

  private ExactStoreJournal(Path path, int dimension, FileChannel channel) {
    this.path = path;
    this.dimension = dimension;
    this.channel = channel;
  }

  /** Creates a new journal holding {@code entries} (possibly none), atomically replacing any file at {@code path}. */
  static ExactStoreJournal create(Path path, Header header, Iterable<EmbeddingEntry> entries) {
    try {
      AtomicFiles.write(path, out -> {
        out.write(encodeHeader(header));
        List<EmbeddingEntry> chunk = new ArrayList<>();
        for (EmbeddingEntry entry : entries) {
          chunk.add(entry);
          if (chunk.size() == 4096) {
            out.write(encodeRecord(upsertPayload(chunk, header.dimension())));
            chunk.clear();
          }
        }
        if (!chunk.isEmpty()) {
          out.write(encodeRecord(upsertPayload(chunk, header.dimension())));
        }
      });
      return new ExactStoreJournal(path, header.dimension(), openForAppend(path));
    } catch (IOException e) {
      throw new ReactException("cannot write embedding store file " + path + ": " + OutputFolders.describe(e), e);
    }
  }

  /** Reads the header of an existing journal. */
  static Header readHeader(Path path) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(path))) {
      return decodeHeader(in, path);
    } catch (IOException e) {
      throw new StoreFormatException("embedding store file " + path + " has no complete header: " + e.getMessage(), e);
    }
  }

  /** Opens an existing journal, replays its records into {@code replay} and cuts off a torn last record. */
  static ExactStoreJournal open(Path path, Replay replay) {
    try {
      long fileSize = Files.size(path);
      long valid;
      int dimension;
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
        Header header = decodeHeader(in, path);
        dimension = header.dimension();
        valid = replayRecords(in, MAGIC.length + 12L + header.jsonLength(), fileSize, dimension, path, replay);
      }
      if (valid < fileSize) {
        LOG.warn("Embedding store file {}: cut off {} bytes of an incomplete last record (interrupted write)",
            path, fileSize - valid);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
          ch.truncate(valid);
          ch.force(true);
        }
      }
      return new ExactStoreJournal(path, dimension, openForAppend(path));
    } catch (IOException e) {
      throw new ReactException("cannot read embedding store file " + path + ": " + OutputFolders.describe(e), e);
    }
  }

  /** Appends one upsert record of unit vectors and forces it to disk. */
  void appendUpsert(List<EmbeddingEntry> unitEntries) {
    append(upsertPayload(unitEntries, dimension));
  }

  /** Appends one delete record and forces it to disk. */
  void appendDelete(Collection<String> ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(DELETE);
      out.writeInt(ids.size());
      for (String id : ids) {
        writeString(out, id);
      }
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    append(bytes.toByteArray());
  }

  Path path() {
    return path;
  }

  /** Bytes in the file. */
  long size() {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new ReactException("cannot read the size of " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new ReactException("cannot close embedding store file " + path + ": " + e.getMessage(), e);
    }
  }

  private void append(byte[] payload) {
    long before = size();
    try {
      writeFully(channel, encodeRecord(payload));
      channel.force(false);
    } catch (IOException e) {
      try {
        channel.truncate(before); // leave no half record behind; replay would cut it anyway
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new ReactException("cannot append to embedding store file " + path + ": " + OutputFolders.describe(e), e);
    }
  }

  private static FileChannel openForAppend(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE);
    channel.position(channel.size());
    return channel;
  }

  /** Replays records from {@code position} on; returns where the last complete, intact record ends. */
  private static long replayRecords(DataInputStream in, long position, long fileSize, int dimension, Path path,
      Replay replay) throws IOException {
    while (position < fileSize) {
      long start = position;
      if (fileSize - start < 8) {
        return start;
      }
      int length = in.readInt();
      int crc = in.readInt();
      if (length < 0 || length > fileSize - start - 8) {
        return start;
      }
      byte[] payload = in.readNBytes(length);
      position = start + 8 + length;
      if (crc32c(payload) != crc) {
        if (position == fileSize) {
          return start;
        }
        throw new StoreFormatException("embedding store file " + path + " is corrupt: record at byte "
            + start + " fails its checksum and is not the last one");
      }
      try {
        decodeRecord(payload, dimension, replay);
      } catch (IOException | IllegalArgumentException e) {
        throw new StoreFormatException("embedding store file " + path + " is corrupt: record at byte "
            + start + " cannot be decoded: " + e.getMessage(), e);
      }
    }
    return position;
  }

  private static void decodeRecord(byte[] payload, int dimension, Replay replay) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      byte type = in.readByte();
      int count = in.readInt();
      if (type == UPSERT) {
        List<EmbeddingEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          String id = readString(in);
          float[] vector = new float[dimension];
          for (int j = 0; j < dimension; j++) {
            vector[j] = in.readFloat();
          }
          int n = in.readInt();
          Map<String, String> metadata = new LinkedHashMap<>();
          for (int j = 0; j < n; j++) {
            metadata.put(readString(in), readString(in));
          }
          entries.add(new EmbeddingEntry(id, vector, metadata));
        }
        replay.upsert(entries);
      } else if (type == DELETE) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          ids.add(readString(in));
        }
        replay.delete(ids);
      } else {
        throw new IOException("record type must be 1 (upsert) or 2 (delete), but was " + type);
      }
    }
  }

  private static byte[] upsertPayload(List<EmbeddingEntry> unitEntries, int dimension) {
    if ((long) unitEntries.size() * dimension * Float.BYTES > MAX_VECTOR_BYTES_PER_RECORD) {
      throw new IllegalArgumentException("a batch for a persistent exact store must hold at most "
          + MAX_VECTOR_BYTES_PER_RECORD + " bytes of vectors, but " + unitEntries.size() + " entries of dimension "
          + dimension + " hold " + (long) unitEntries.size() * dimension * Float.BYTES + "; upsert smaller batches");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(UPSERT);
      out.writeInt(unitEntries.size());
      for (EmbeddingEntry entry : unitEntries) {
        writeString(out, entry.id());
        for (float x : entry.vector()) {
          out.writeFloat(x);
        }
        out.writeInt(entry.metadata().size());
        for (var e : entry.metadata().entrySet()) {
          writeString(out, e.getKey());
          writeString(out, e.getValue());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream failed", e);
    }
    return bytes.toByteArray();
  }

  private static byte[] encodeRecord(byte[] payload) {
    ByteBuffer record = ByteBuffer.allocate(8 + payload.length);
    record.putInt(payload.length).putInt(crc32c(payload)).put(payload).flip();
    return record.array();
  }

  private static byte[] encodeHeader(Header header) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("dimension", header.dimension());
    json.put("metric", SimilarityMetric.DOT_PRODUCT.name());
    json.put("encoding", VectorEncoding.FLOAT32.name());
    json.put("properties", header.properties());
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a map of strings", e);
    }
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 12 + body.length);
    out.put(MAGIC).putInt(VERSION).putInt(body.length).put(body).putInt(crc32c(body));
    return out.array();
  }

  private static Header decodeHeader(DataInputStream in, Path path) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new StoreFormatException("file " + path + " is not an exact embedding store: it must start with "
          + "'REACTEXJ', but started with " + Arrays.toString(magic));
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new StoreFormatException("format version of embedding store file " + path + " must be "
          + VERSION + ", but was " + version);
    }
    int length = in.readInt();
    if (length < 0 || length > 1 << 24) {
      throw new StoreFormatException("header length of embedding store file " + path
          + " must be in [0, 16 MiB], but was " + length);
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length || in.readInt() != crc32c(body)) {
      throw new StoreFormatException("header of embedding store file " + path + " is truncated or corrupt");
    }
    var node = JSON.readTree(body);
    int dimension = node.path("dimension").asInt(-1);
    if (dimension < 1) {
      throw new StoreFormatException("header of embedding store file " + path
          + " must hold a positive 'dimension', but was " + node.path("dimension"));
    }
    Map<String, String> properties = new LinkedHashMap<>();
    node.path("properties").properties().forEach(e -> properties.put(e.getKey(), e.getValue().asText()));
    return new Header(dimension, properties, length);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("string length must be in [0, " + in.available() + "], but was " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void writeFully(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  private static int crc32c(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
