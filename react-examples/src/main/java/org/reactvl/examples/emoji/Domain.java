package org.reactvl.examples.emoji;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A target domain of the miniature REACT demo: a list of classes, each covering one or more emoji
 * concepts (class "dog" covers "dog-face", "dog", "poodle", "guide-dog", "service-dog").
 *
 * <p>The mapping lives in a hand-reviewed resource, {@code org/reactvl/examples/emoji/<id>.txt},
 * one class per line: {@code class name = concept-slug concept-slug ...}; {@code #} starts a
 * comment. A concept belongs to at most one class of a domain.
 *
 * <p>Immutable and thread-safe. Example: {@code Domain.ANIMALS_47.classOf("poodle")} is
 * {@code Optional[dog]}.
 */
public enum Domain {
  /** 47 animals, from dog to frog. */
  ANIMALS_47("animals-47", 47),
  /** 36 foods, from apple to pie. */
  FOOD_36("food-36", 36);

  private final String id;
  private final Map<String, List<String>> conceptsByClass;
  private final Map<String, String> classByConcept;

  Domain(String id, int classCount) {
    this.id = id;
    this.conceptsByClass = Collections.unmodifiableMap(MappingFile.read(id + ".txt"));
    Map<String, String> byConcept = new LinkedHashMap<>();
    conceptsByClass.forEach((cls, concepts) -> concepts.forEach(c -> {
      String previous = byConcept.put(c, cls);
      if (previous != null) {
        throw new EmojiDataException("concept '" + c + "' must belong to one class of domain '" + id
            + "', but is in '" + previous + "' and '" + cls + "'");
      }
    }));
    this.classByConcept = Collections.unmodifiableMap(byConcept);
    if (conceptsByClass.size() != classCount) {
      throw new EmojiDataException(
          "domain '" + id + "' must have " + classCount + " classes, but has " + conceptsByClass.size());
    }
  }

  /** The domain's id, e.g. "animals-47". */
  public String id() {
    return id;
  }

  /** Class names in their canonical order (zero-shot label indices follow it). */
  public List<String> classNames() {
    return List.copyOf(conceptsByClass.keySet());
  }

  /** The concept slugs a class covers. */
  public List<String> conceptsOf(String className) {
    List<String> concepts = conceptsByClass.get(className);
    if (concepts == null) {
      throw new IllegalArgumentException(
          "class must be one of domain '" + id + "', but was '" + className + "'");
    }
    return concepts;
  }

  /**
   * The domain with this id.
   *
   * @throws IllegalArgumentException naming the ids there are
   */
  public static Domain parse(String id) {
    String wanted = id == null ? "" : id.strip();
    for (Domain d : values()) {
      if (d.id.equals(wanted)) {
        return d;
      }
    }
    throw new IllegalArgumentException("domain must be one of " + Arrays.stream(values()).map(Domain::id).toList()
        + ", but was '" + id + "'");
  }

  /** The class a concept belongs to, if it belongs to one. */
  public Optional<String> classOf(String conceptSlug) {
    return Optional.ofNullable(classByConcept.get(conceptSlug));
  }

  /** The mapping file's grammar; a nested class because enum constants initialise before statics. */
  private static final class MappingFile {
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z]+( [a-z]+)*");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static Map<String, List<String>> read(String file) {
      Map<String, List<String>> classes = new LinkedHashMap<>();
      try (InputStream in = Domain.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new EmojiDataException("domain mapping " + file + " must be on the classpath beside "
              + Domain.class.getName() + ", but was not found");
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lineNumber++;
          String content = line.replaceFirst("#.*", "").strip();
          if (content.isEmpty()) {
            continue;
          }
          int eq = content.indexOf('=');
          String cls = eq < 0 ? "" : content.substring(0, eq).strip();
          List<String> concepts = eq < 0 ? List.of() : List.of(content.substring(eq + 1).strip().split("\\s+"));
          if (!CLASS_NAME.matcher(cls).matches() || concepts.stream().anyMatch(c -> !SLUG.matcher(c).matches())) {
            throw new EmojiDataException(file + ":" + lineNumber
                + ": line must be 'class name = concept-slug ...', but was '" + line + "'");
          }
          if (classes.put(cls, concepts) != null) {
            throw new EmojiDataException(file + ":" + lineNumber + ": class '" + cls + "' must appear once");
          }
        }
      } catch (IOException e) {
        throw new EmojiDataException("cannot read domain mapping " + file, e);
      }
      return classes;
    }
  }
}
