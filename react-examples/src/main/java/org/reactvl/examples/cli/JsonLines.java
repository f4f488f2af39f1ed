package org.reactvl.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.reactvl.core.ReactException;

/** Reads JSON Lines files: one JSON value per line, blank lines skipped. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** One value of a JSON Lines file with where it came from, for messages. */
  record Line(Path file, int number, JsonNode value) {
    /** The string field {@code name} of this line's object. */
    String text(String name) {
      JsonNode v = value.get(name);
      if (v == null || !v.isTextual()) {
        throw new IllegalArgumentException(this + ": field '" + name + "' must be a string, but was " + (v == null ? "missing" : abbreviate(v.toString())));
      }
      return v.textValue();
    }

    /** The existing file the string field {@code name} names, relative to this line's file unless absolute. */
    Path existingFile(String name) {
      String given = text(name);
      Path resolved = file.toAbsolutePath().getParent().resolve(given);
      if (!Files.isRegularFile(resolved)) {
        throw new IllegalArgumentException(this + ": field '" + name + "' must name an existing file, but '" + resolved + "' is not one");
      }
      return resolved;
    }

    @Override
    public String toString() {
      return file + ":" + number;
    }
  }

  /** The strings of a file holding one JSON string per line; at least one. */
  static List<String> readStrings(Path file) {
    List<String> out = new ArrayList<>();
    for (Line line : read(file, "JSON string", JsonNode::isTextual)) {
      out.add(line.value().asText());
    }
    return out;
  }

  /** The objects of a file holding one JSON object per line; at least one. */
  static List<Line> readObjects(Path file) {
    return read(file, "JSON object", JsonNode::isObject);
  }

  private static List<Line> read(Path file, String kind, Predicate<JsonNode> accepted) {
    List<Line> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(file + ":" + n + ": must be a " + kind + ", but is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !accepted.test(node)) {
          throw new IllegalArgumentException(file + ":" + n + ": must be a " + kind + ", but was " + abbreviate(line));
        }
        out.add(new Line(file, n, node));
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("input file '" + file + "' does not exist");
    } catch (IOException e) {
      throw new ReactException("cannot read '" + file + "': " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("input file '" + file + "' must hold at least one " + kind + " line, but has none");
    }
    return out;
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
