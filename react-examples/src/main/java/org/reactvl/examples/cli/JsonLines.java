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
import org.reactvl.core.ReactException;

/** Reads a JSON Lines file of strings: one JSON string per line, blank lines skipped. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  static List<String> readStrings(Path file) {
    List<String> out = new ArrayList<>();
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
          throw new IllegalArgumentException(file + ":" + n + ": must be a JSON string, but is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isTextual()) {
          throw new IllegalArgumentException(file + ":" + n + ": must be a JSON string, but was " + abbreviate(line));
        }
        out.add(node.asText());
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("input file '" + file + "' does not exist");
    } catch (IOException e) {
      throw new ReactException("cannot read '" + file + "': " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("input file '" + file + "' must hold at least one JSON string line, but has none");
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
