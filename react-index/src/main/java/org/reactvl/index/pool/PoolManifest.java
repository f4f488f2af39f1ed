package org.reactvl.index.pool;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.core.io.OutputFolders;

/**
 * Pool manifests: JSON Lines files with one {@link ImageTextPair} per line.
 *
 * <pre>
 * {"id":"p1","image":"images/p1.png","caption":"a dog on a beach","captions":["dog","beach"],"metadata":{"set":"twemoji"}}
 * {"id":"p2","image":"/abs/p2.jpg","caption":""}
 * </pre>
 *
 * <ul>
 *   <li>{@code id}, {@code image}, {@code caption}: required strings ({@code caption} may be empty).
 *   <li>{@code captions}: optional array of strings, alternative texts for the image.
 *   <li>{@code metadata}: optional object; values are strings (numbers and booleans are kept as their
 *       text), keys must not start with {@value ImageTextPair#RESERVED_PREFIX}.
 *   <li>Relative image paths are resolved against the manifest's folder; absolute paths and URIs
 *       ({@code file:}, {@code https:}, ...) are kept as they are. Local files must lie inside the
 *       manifest's folder or a root the caller allowed ({@link PoolPaths}). No other fields are
 *       allowed, so a misspelt field is an error rather than silently lost.
 *   <li>UTF-8; blank lines are skipped. Ids must be unique: a repeated id is an error naming both lines.
 * </ul>
 *
 * <p>A bad line fails the whole read with a {@link ManifestFormatException} whose message starts with
 * {@code file:line}. {@link #write} writes the same format, image paths under the manifest's folder
 * relative to it. Stateless and thread-safe.
 *
 * <pre>{@code
 * List<ImageTextPair> pairs = PoolManifest.read(Path.of("pool.jsonl"));
 * try (Stream<ImageTextPair> all = PoolManifest.stream(Path.of("laion-shard-0.jsonl"))) { ... }
 * }</pre>
 */
public final class PoolManifest {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> FIELDS = Set.of("id", "image", "caption", "captions", "metadata");

  private PoolManifest() {}

  /** Reads every pair of a manifest into memory, images confined to its folder. */
  public static List<ImageTextPair> read(Path manifest) {
    return read(manifest, List.of());
  }

  /** Reads every pair of a manifest into memory, images confined to its folder and {@code allowedRoots} (see {@link PoolPaths}). */
  public static List<ImageTextPair> read(Path manifest, Collection<Path> allowedRoots) {
    try (Stream<ImageTextPair> pairs = stream(manifest, allowedRoots)) {
      return pairs.toList();
    }
  }

  /**
   * The pairs of a manifest, read lazily line by line (for pools too large for memory). Close the
   * stream to close the file.
   *
   * @throws ManifestFormatException if the file cannot be opened; later, when a bad line is reached
   */
  public static Stream<ImageTextPair> stream(Path manifest) {
    return stream(manifest, List.of());
  }

  /**
   * The pairs of a manifest, read lazily, images confined to its folder and {@code allowedRoots}
   * (see {@link PoolPaths}). Close the stream to close the file.
   *
   * @throws ManifestFormatException if the file cannot be opened; later, when a bad line is reached:
   *     a location outside the allowed folders, or an id that an earlier line already used (both line
   *     numbers are named)
   */
  public static Stream<ImageTextPair> stream(Path manifest, Collection<Path> allowedRoots) {
    Objects.requireNonNull(manifest, "manifest must not be null");
    PoolPaths paths = PoolPaths.confinedTo(folderOf(manifest), allowedRoots);
    Lines lines = Lines.open(manifest);
    Map<String, Long> firstLines = new HashMap<>();
    Iterator<ImageTextPair> pairs = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return lines.hasNext();
      }

      @Override
      public ImageTextPair next() {
        String line = lines.next();
        ImageTextPair pair = parseLine(line, paths, lines.where());
        Long first = firstLines.putIfAbsent(pair.id(), lines.lineNumber());
        if (first != null) {
          throw new ManifestFormatException(lines.where() + ": id '" + pair.id() + "' must be unique, but line " + first
              + " already has it; give each pair its own id");
        }
        return pair;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pairs, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(lines::close);
  }

  /** Number of pairs (non-blank lines) in a manifest, without parsing them. */
  public static long count(Path manifest) {
    try (Lines lines = Lines.open(manifest)) {
      long n = 0;
      while (lines.hasNext()) {
        lines.next();
        n++;
      }
      return n;
    }
  }

  /**
   * Writes pairs to a manifest, atomically (a temporary file renamed over the target). Image paths
   * under the manifest's folder are written relative to it.
   */
  public static void write(Path manifest, Iterable<ImageTextPair> pairs) {
    Objects.requireNonNull(manifest, "manifest must not be null");
    Objects.requireNonNull(pairs, "pairs must not be null");
    Path base = folderOf(manifest);
    try {
      AtomicFiles.writeText(manifest, out -> {
        for (ImageTextPair pair : pairs) {
          out.write(toLine(pair, base));
          out.write('\n');
        }
      });
    } catch (IOException e) {
      throw new ManifestFormatException("cannot write pool manifest " + manifest + ": " + OutputFolders.describe(e), e);
    }
  }

  /** One manifest line (without the line break) for a pair, image paths relative to {@code base} where under it. */
  static String toLine(ImageTextPair pair, Path base) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("id", pair.id());
      g.writeStringField("image", relativeLocation(pair.image(), base));
      g.writeStringField("caption", pair.caption());
      if (!pair.captions().isEmpty()) {
        g.writeArrayFieldStart("captions");
        for (String c : pair.captions()) {
          g.writeString(c);
        }
        g.writeEndArray();
      }
      if (!pair.metadata().isEmpty()) {
        g.writeObjectFieldStart("metadata");
        for (var e : new java.util.TreeMap<>(pair.metadata()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
    return text.toString();
  }

  /** Parses one non-blank manifest line; {@code where} is "file:line" for messages. */
  static ImageTextPair parseLine(String line, PoolPaths paths, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new ManifestFormatException(where + ": line must be one JSON object, but is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new ManifestFormatException(where + ": line must be one JSON object, but was " + abbreviate(line));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new ManifestFormatException(where + ": field '" + name + "' is unknown; fields must be among "
            + "id, image, caption, captions, metadata");
      }
    }
    String id = requiredString(node, "id", where);
    String image = requiredString(node, "image", where);
    String caption = requiredString(node, "caption", where);
    List<String> captions = captions(node.get("captions"), where);
    Map<String, String> metadata = metadata(node.get("metadata"), where);
    try {
      return new ImageTextPair(id, paths.resolve(image), caption, captions, metadata);
    } catch (IllegalArgumentException e) {
      throw new ManifestFormatException(where + ": " + e.getMessage(), e);
    }
  }

  private static String requiredString(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new ManifestFormatException(where + ": field '" + field + "' must be a string, but was "
          + (value == null ? "missing" : value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + value));
    }
    return value.textValue();
  }

  private static List<String> captions(JsonNode value, String where) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new ManifestFormatException(where + ": field 'captions' must be an array of strings, but was " + value);
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new ManifestFormatException(where + ": field 'captions' must hold only strings, but held " + element);
      }
      out.add(element.textValue());
    }
    return out;
  }

  private static Map<String, String> metadata(JsonNode value, String where) {
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new ManifestFormatException(where + ": field 'metadata' must be an object, but was " + value);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var fields = value.fields(); fields.hasNext(); ) {
      var e = fields.next();
      JsonNode v = e.getValue();
      if (!v.isValueNode() || v.isNull()) {
        throw new ManifestFormatException(where + ": metadata value '" + e.getKey()
            + "' must be a string, number or boolean, but was " + v);
      }
      out.put(e.getKey(), v.asText());
    }
    return out;
  }

  private static String relativeLocation(String image, Path base) {
    if (ImageTextPair.isUri(image)) {
      return image;
    }
    Path path = Path.of(image);
    if (path.isAbsolute() && path.normalize().startsWith(base)) {
      return base.relativize(path.normalize()).toString();
    }
    return image;
  }

  static Path folderOf(Path manifest) {
    Path parent = manifest.toAbsolutePath().normalize().getParent();
    return parent != null ? parent : manifest.toAbsolutePath().getRoot();
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }

  /** Non-blank lines of a UTF-8 file with their line numbers; read errors become ManifestFormatExceptions. */
  static final class Lines implements Iterator<String>, AutoCloseable {
    private final Path file;
    private final BufferedReader reader;
    private long lineNumber;
    private String pending;

    private Lines(Path file, BufferedReader reader) {
      this.file = file;
      this.reader = reader;
    }

    static Lines open(Path file) {
      Objects.requireNonNull(file, "file must not be null");
      try {
        return new Lines(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new ManifestFormatException("cannot open manifest " + file + ": " + e, e);
      }
    }

    /** The number of the line last returned by {@link #next()}. */
    long lineNumber() {
      return lineNumber;
    }

    /** "file:line" of the line last returned by {@link #next()}. */
    String where() {
      return file + ":" + lineNumber;
    }

    @Override
    public boolean hasNext() {
      while (pending == null) {
        String line;
        try {
          line = reader.readLine();
        } catch (IOException e) {
          throw new ManifestFormatException(file + ":" + (lineNumber + 1) + ": cannot read the line (the file must be UTF-8): "
              + e, e);
        }
        if (line == null) {
          return false;
        }
        lineNumber++;
        if (!line.isBlank()) {
          pending = line;
        }
      }
      return true;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more lines in " + file);
      }
      String line = pending;
      pending = null;
      return line;
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new ManifestFormatException("cannot close manifest " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
