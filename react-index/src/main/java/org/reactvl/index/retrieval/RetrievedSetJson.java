package org.reactvl.index.retrieval;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.ManifestFormatException;

/** The JSON Lines form of a {@link RetrievedSet} (specified there): canonical writing and checked reading. */
final class RetrievedSetJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private RetrievedSetJson() {}

  /** The header line; without the digest field when {@code digest} is null (the form that is hashed). */
  static String headerLine(RetrievedSetInfo info, int pairs, String digest) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("format", RetrievedSet.FORMAT);
      g.writeNumberField("version", RetrievedSet.VERSION);
      g.writeStringField("retriever", info.retriever());
      g.writeStringField("mode", info.mode().label());
      g.writeStringField("model", info.model());
      writeStrings(g, "classes", info.classes());
      writeStrings(g, "templates", info.templates());
      g.writeNumberField("perQuery", info.perQuery());
      g.writeFieldName("perClass");
      if (info.perClass() == RetrievalRequest.UNLIMITED) {
        g.writeNull();
      } else {
        g.writeNumber(info.perClass());
      }
      writeFiniteOrNull(g, "minScore", info.minScore());
      writeFiniteOrNull(g, "duplicateThreshold", info.duplicateThreshold());
      g.writeNumberField("pairs", pairs);
      if (digest != null) {
        g.writeStringField("digest", digest);
      }
      g.writeEndObject();
    });
  }

  static String pairLine(RetrievedPair p) {
    ImageTextPair pair = p.pair();
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("id", pair.id());
      g.writeStringField("class", p.className());
      g.writeNumberField("score", p.score());
      g.writeStringField("image", pair.image());
      g.writeStringField("caption", pair.caption());
      if (!pair.captions().isEmpty()) {
        writeStrings(g, "captions", pair.captions());
      }
      if (!pair.metadata().isEmpty()) {
        g.writeObjectFieldStart("metadata");
        for (var e : new TreeMap<>(pair.metadata()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("queries");
      for (QueryMatch m : p.matches()) {
        g.writeStartObject();
        g.writeNumberField("index", m.query());
        g.writeStringField("text", m.text());
        g.writeNumberField("score", m.score());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  static RetrievedSet read(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      if (first == null) {
        throw new ManifestFormatException(file + ":1: a retrieved set must start with its header line, but the file is empty");
      }
      JsonNode header = parse(first, file + ":1");
      String format = header.path("format").asText();
      if (!RetrievedSet.FORMAT.equals(format)) {
        throw new ManifestFormatException(file + ":1: field 'format' must be '" + RetrievedSet.FORMAT + "', but was '" + format
            + "' (is this a retrieved set?)");
      }
      int version = header.path("version").asInt(-1);
      if (version != RetrievedSet.VERSION) {
        throw new ManifestFormatException(file + ":1: field 'version' must be " + RetrievedSet.VERSION + ", but was "
            + header.get("version"));
      }
      RetrievedSetInfo info = info(header, file + ":1");
      List<RetrievedPair> pairs = new ArrayList<>();
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (!line.isBlank()) {
          pairs.add(pair(parse(line, file + ":" + lineNumber), file + ":" + lineNumber));
        }
      }
      long expected = header.path("pairs").asLong(-1);
      if (expected != pairs.size()) {
        throw new ManifestFormatException(file + ": header announces " + expected + " pairs, but the file holds "
            + pairs.size() + " (truncated or edited?)");
      }
      RetrievedSet set;
      try {
        set = new RetrievedSet(info, pairs);
      } catch (IllegalArgumentException e) {
        throw new ManifestFormatException(file + ": " + e.getMessage(), e);
      }
      String digest = header.path("digest").asText();
      if (!set.digest().equals(digest)) {
        throw new ManifestFormatException(file + ": digest in the header must match the content's SHA-256 "
            + set.digest() + ", but was '" + digest + "' (the file was edited after it was written)");
      }
      return set;
    } catch (IOException e) {
      throw new ManifestFormatException("cannot read retrieved set " + file + ": " + e, e);
    }
  }

  private static RetrievedSetInfo info(JsonNode h, String where) {
    try {
      JsonNode perClass = h.get("perClass");
      return new RetrievedSetInfo(
          text(h, "retriever", where),
          RetrievalMode.parse(text(h, "mode", where)),
          text(h, "model", where),
          strings(h.get("classes"), "classes", where),
          strings(h.get("templates"), "templates", where),
          integer(h, "perQuery", where),
          perClass == null || perClass.isNull() ? RetrievalRequest.UNLIMITED : integer(h, "perClass", where),
          floatOr(h.get("minScore"), Float.NEGATIVE_INFINITY, "minScore", where),
          floatOr(h.get("duplicateThreshold"), Float.POSITIVE_INFINITY, "duplicateThreshold", where));
    } catch (IllegalArgumentException e) {
      throw new ManifestFormatException(where + ": " + e.getMessage(), e);
    }
  }

  private static RetrievedPair pair(JsonNode node, String where) {
    try {
      Map<String, String> metadata = new LinkedHashMap<>();
      JsonNode meta = node.get("metadata");
      if (meta != null) {
        if (!meta.isObject()) {
          throw new ManifestFormatException(where + ": field 'metadata' must be an object, but was " + meta);
        }
        meta.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
      }
      ImageTextPair pair = new ImageTextPair(text(node, "id", where), text(node, "image", where),
          text(node, "caption", where), node.has("captions") ? strings(node.get("captions"), "captions", where) : List.of(),
          metadata);
      JsonNode queries = node.get("queries");
      if (queries == null || !queries.isArray()) {
        throw new ManifestFormatException(where + ": field 'queries' must be an array, but was " + queries);
      }
      List<QueryMatch> matches = new ArrayList<>();
      for (JsonNode q : queries) {
        matches.add(new QueryMatch(integer(q, "index", where), text(q, "text", where), floatOf(q.get("score"), "score", where)));
      }
      return new RetrievedPair(pair, text(node, "class", where), floatOf(node.get("score"), "score", where), matches);
    } catch (IllegalArgumentException e) {
      throw new ManifestFormatException(where + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String line, String where) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        throw new ManifestFormatException(where + ": line must be one JSON object, but was not");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ManifestFormatException(where + ": line must be one JSON object, but is not valid JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new ManifestFormatException(where + ": field '" + field + "' must be a string, but was "
          + (value == null ? "missing" : value.toString()));
    }
    return value.textValue();
  }

  private static int integer(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new ManifestFormatException(where + ": field '" + field + "' must be an integer, but was "
          + (value == null ? "missing" : value.toString()));
    }
    return value.intValue();
  }

  private static float floatOr(JsonNode value, float none, String field, String where) {
    return value == null || value.isNull() ? none : floatOf(value, field, where);
  }

  /** Parses the number's decimal text, so a float written with Float.toString reads back bit for bit. */
  private static float floatOf(JsonNode value, String field, String where) {
    if (value == null || !value.isNumber()) {
      throw new ManifestFormatException(where + ": field '" + field + "' must be a number, but was "
          + (value == null ? "missing" : value.toString()));
    }
    return Float.parseFloat(value.decimalValue().toString());
  }

  private static List<String> strings(JsonNode value, String field, String where) {
    if (value == null || !value.isArray()) {
      throw new ManifestFormatException(where + ": field '" + field + "' must be an array of strings, but was "
          + (value == null ? "missing" : value.toString()));
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new ManifestFormatException(where + ": field '" + field + "' must hold only strings, but held " + element);
      }
      out.add(element.textValue());
    }
    return out;
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String v : values) {
      g.writeString(v);
    }
    g.writeEndArray();
  }

  private static void writeFiniteOrNull(JsonGenerator g, String field, float value) throws IOException {
    g.writeFieldName(field);
    if (Float.isFinite(value)) {
      g.writeNumber(value);
    } else {
      g.writeNull();
    }
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Body body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.getFactory().createGenerator(text)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
    return text.toString();
  }
}
