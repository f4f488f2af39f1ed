package org.reactvl.examples.emoji;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One Iconify icon set (e.g. {@code twemoji}) read from the {@code org.webjars.npm:iconify__json}
 * jar on the classpath: its visible icons, its plain aliases, its codepoint map and its licence.
 *
 * <p>The file is {@code META-INF/resources/webjars/iconify__json/<version>/json/<prefix>.json}:
 * {@code icons} maps names to {@code {body, width?, height?, left?, top?, hidden?}}, with view box
 * defaults at the root (Iconify's own default is 16x16 at 0,0); {@code aliases} maps extra names to
 * {@code {parent}} (aliases that also flip or rotate are ignored, they are different pictures);
 * {@code chars}, where present, maps hex code points ("1f436", joined by "-") to icon names;
 * {@code info} holds the name, author and licence. Hidden icons are old names kept by Iconify for
 * compatibility and are left out.
 *
 * <p>Immutable and thread-safe once loaded. Loading reads the whole set (up to ~100 MB of JSON for
 * {@code fluent-emoji}, about a second). Example:
 *
 * <pre>{@code
 * IconSet twemoji = IconSet.load("twemoji");
 * SvgIcon dog = twemoji.icon("dog-face").orElseThrow();
 * }</pre>
 */
public final class IconSet {

  private static final String WEBJAR = "iconify__json";
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

  private final String prefix;
  private final SetLicense license;
  private final SortedMap<String, SvgIcon> icons;
  private final Map<String, List<String>> aliasesByParent;
  private final Map<String, List<String>> codepointsByName;

  private IconSet(
      String prefix,
      SetLicense license,
      SortedMap<String, SvgIcon> icons,
      Map<String, List<String>> aliasesByParent,
      Map<String, List<String>> codepointsByName) {
    this.prefix = prefix;
    this.license = license;
    this.icons = Collections.unmodifiableSortedMap(icons);
    this.aliasesByParent = aliasesByParent;
    this.codepointsByName = codepointsByName;
  }

  /** The version of the iconify__json jar on the classpath, e.g. "2.2.378". */
  public static String version() {
    return Webjars.version(WEBJAR);
  }

  /**
   * Reads the set with this prefix from the classpath.
   *
   * @throws IllegalArgumentException if the prefix is not an Iconify prefix (lower-case, hyphens)
   * @throws EmojiDataException if the set is missing or its JSON is malformed
   */
  public static IconSet load(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "icon set prefix must be lower-case letters, digits and hyphens, but was '" + prefix + "'");
    }
    String path = "json/" + prefix + ".json";
    try (InputStream in = Webjars.openFile(WEBJAR, path);
        JsonParser parser = JSON.createParser(in)) {
      return parse(prefix, parser, path);
    } catch (IOException e) {
      throw new EmojiDataException("icon set '" + prefix + "' is not valid Iconify JSON: " + path, e);
    }
  }

  public String prefix() {
    return prefix;
  }

  public SetLicense license() {
    return license;
  }

  /** Visible icon names in alphabetical order. */
  public List<String> iconNames() {
    return List.copyOf(icons.keySet());
  }

  public Optional<SvgIcon> icon(String name) {
    return Optional.ofNullable(icons.get(name));
  }

  /** Other names the set gives this icon (plain aliases only), alphabetically. */
  public List<String> aliasesOf(String name) {
    return aliasesByParent.getOrDefault(name, List.of());
  }

  /** The code point sequences the set's {@code chars} map assigns to this icon, e.g. ["1f436"]. */
  public List<String> codepointsOf(String name) {
    return codepointsByName.getOrDefault(name, List.of());
  }

  private static IconSet parse(String prefix, JsonParser parser, String path) throws IOException {
    expect(parser.nextToken() == JsonToken.START_OBJECT, "a JSON object at the root", path);
    List<RawIcon> rawIcons = new ArrayList<>();
    JsonNode info = null;
    JsonNode aliases = null;
    JsonNode chars = null;
    double width = 16;
    double height = 16;
    double left = 0;
    double top = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "icons" -> {
          expect(parser.currentToken() == JsonToken.START_OBJECT, "'icons' to be an object", path);
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            rawIcons.add(rawIcon(name, parser, path));
          }
        }
        case "info" -> info = MAPPER.readTree(parser);
        case "aliases" -> aliases = MAPPER.readTree(parser);
        case "chars" -> chars = MAPPER.readTree(parser);
        case "width" -> width = parser.getDoubleValue();
        case "height" -> height = parser.getDoubleValue();
        case "left" -> left = parser.getDoubleValue();
        case "top" -> top = parser.getDoubleValue();
        default -> parser.skipChildren();
      }
    }
    expect(info != null, "an 'info' object with the licence", path);

    SortedMap<String, SvgIcon> icons = new TreeMap<>();
    for (RawIcon raw : rawIcons) {
      if (!raw.hidden) {
        icons.put(raw.name, new SvgIcon(raw.name, raw.body,
            orDefault(raw.left, left), orDefault(raw.top, top),
            orDefault(raw.width, width), orDefault(raw.height, height)));
      }
    }
    return new IconSet(prefix, license(info, prefix, path), icons, aliases(aliases, icons), codepoints(chars));
  }

  /** An icon as written: view box fields it leaves out are NaN, to take the set's defaults. */
  private record RawIcon(String name, String body, double left, double top, double width, double height, boolean hidden) {}

  private static RawIcon rawIcon(String name, JsonParser parser, String path) throws IOException {
    expect(parser.currentToken() == JsonToken.START_OBJECT, "an object for icon '" + name + "'", path);
    String body = null;
    double[] box = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    boolean hidden = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "body" -> body = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        case "left" -> box[0] = parser.getDoubleValue();
        case "top" -> box[1] = parser.getDoubleValue();
        case "width" -> box[2] = parser.getDoubleValue();
        case "height" -> box[3] = parser.getDoubleValue();
        case "hidden" -> hidden = value == JsonToken.VALUE_TRUE;
        default -> parser.skipChildren();
      }
    }
    expect(body != null, "a text 'body' for icon '" + name + "'", path);
    return new RawIcon(name, body, box[0], box[1], box[2], box[3], hidden);
  }

  private static double orDefault(double value, double setDefault) {
    return Double.isNaN(value) ? setDefault : value;
  }

  private static SetLicense license(JsonNode info, String prefix, String path) {
    JsonNode licence = info.path("license");
    expect(licence.path("spdx").isTextual(), "'info.license.spdx' naming the licence", path);
    return new SetLicense(
        info.path("name").asText(prefix),
        info.path("author").path("name").asText(""),
        info.path("author").path("url").asText(""),
        licence.get("spdx").asText(),
        licence.path("title").asText(licence.get("spdx").asText()),
        licence.path("url").asText(""));
  }

  private static Map<String, List<String>> aliases(JsonNode aliases, Map<String, SvgIcon> icons) {
    Map<String, List<String>> byParent = new TreeMap<>();
    if (aliases == null) {
      return byParent;
    }
    for (Map.Entry<String, JsonNode> e : aliases.properties()) {
      JsonNode alias = e.getValue();
      String parent = alias.path("parent").asText("");
      if (alias.size() == 1 && icons.containsKey(parent)) {
        byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(e.getKey());
      }
    }
    byParent.replaceAll((k, v) -> v.stream().sorted().toList());
    return byParent;
  }

  private static Map<String, List<String>> codepoints(JsonNode chars) {
    Map<String, List<String>> byName = new TreeMap<>();
    if (chars == null) {
      return byName;
    }
    for (Map.Entry<String, JsonNode> e : chars.properties()) {
      byName.computeIfAbsent(e.getValue().asText(), k -> new ArrayList<>()).add(e.getKey());
    }
    byName.replaceAll((k, v) -> v.stream().sorted().toList());
    return byName;
  }

  private static void expect(boolean ok, String what, String path) {
    if (!ok) {
      throw new EmojiDataException("icon set file must have " + what + ", but has not: " + path);
    }
  }
}
