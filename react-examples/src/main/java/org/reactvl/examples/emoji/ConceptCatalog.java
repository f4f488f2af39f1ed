package org.reactvl.examples.emoji;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.fellbaum.jemoji.Emoji;
import net.fellbaum.jemoji.EmojiManager;
import net.fellbaum.jemoji.Qualification;

/**
 * All emoji concepts, from jemoji's CLDR data and emojilib's keywords, and the join from an icon
 * of an Iconify set to its concept.
 *
 * <p>An icon's name is tried, then each of its aliases in the set; for each name, first as it is,
 * then with a trailing "-N" variant number dropped ({@code streamline-emojis} has "bird-1",
 * "bird-2"), then with EmojiOne's legacy "flag-for-" prefix shortened to "flag-". Each form is
 * looked up as a CLDR slug, through the set's code point map, as a CLDR slug without hyphens
 * ({@code fxemoji}'s "alarmclock") and as a Unicode character name without spaces
 * ({@code fxemoji}'s "aubergine", U+1F346 AUBERGINE, is the eggplant). The first hit wins.
 *
 * <p>Immutable and thread-safe. Example:
 *
 * <pre>{@code
 * ConceptCatalog catalog = ConceptCatalog.load();
 * EmojiConcept dog = catalog.bySlug("dog-face").orElseThrow();
 * Optional<EmojiConcept> joined = catalog.resolve(IconSet.load("twemoji"), "dog-face");
 * }</pre>
 */
public final class ConceptCatalog {

  private static final Pattern VARIANT_NUMBER = Pattern.compile("-\\d+$");
  private static final Pattern SHORT_CODE = Pattern.compile(":([a-z0-9_]*[a-z][a-z0-9_]*):");
  private static final int VARIATION_SELECTOR_16 = 0xFE0F;

  private final Map<String, EmojiConcept> bySlug;
  private final Map<String, EmojiConcept> byCompactSlug;
  private final Map<String, EmojiConcept> byCodepoints;
  private final Map<String, EmojiConcept> byCharacterName;

  private ConceptCatalog(
      Map<String, EmojiConcept> bySlug,
      Map<String, EmojiConcept> byCompactSlug,
      Map<String, EmojiConcept> byCodepoints,
      Map<String, EmojiConcept> byCharacterName) {
    this.bySlug = bySlug;
    this.byCompactSlug = byCompactSlug;
    this.byCodepoints = byCodepoints;
    this.byCharacterName = byCharacterName;
  }

  /**
   * Builds the catalog from the jemoji and emojilib jars on the classpath. Several qualifications
   * of one emoji (with and without U+FE0F) are one concept, named after the fully-qualified one.
   */
  public static ConceptCatalog load() {
    Map<String, List<String>> emojilib = emojilibKeywords();
    List<Emoji> emojis = new ArrayList<>(EmojiManager.getAllEmojis());
    emojis.sort(Comparator.comparingInt((Emoji e) -> qualificationRank(e.getQualification()))
        .thenComparing(Emoji::getEmoji));

    Map<String, EmojiConcept> bySlug = new LinkedHashMap<>();
    Map<String, EmojiConcept> byCodepoints = new HashMap<>();
    for (Emoji emoji : emojis) {
      String slug = EmojiConcept.slugOf(emoji.getDescription());
      EmojiConcept concept = bySlug.computeIfAbsent(slug, s -> concept(s, emoji, emojilib));
      byCodepoints.putIfAbsent(codepointKey(emoji.getEmoji()), concept);
    }
    Map<String, EmojiConcept> byCompactSlug = new HashMap<>();
    Map<String, EmojiConcept> byCharacterName = new HashMap<>();
    for (EmojiConcept concept : bySlug.values()) {
      byCompactSlug.putIfAbsent(concept.slug().replace("-", ""), concept);
      int[] codepoints = concept.emoji().codePoints().filter(c -> c != VARIATION_SELECTOR_16).toArray();
      String name = codepoints.length == 1 ? Character.getName(codepoints[0]) : null;
      if (name != null) {
        byCharacterName.putIfAbsent(compact(name), concept);
      }
    }
    return new ConceptCatalog(bySlug, byCompactSlug, byCodepoints, byCharacterName);
  }

  /** Number of distinct concepts. */
  public int size() {
    return bySlug.size();
  }

  public Optional<EmojiConcept> bySlug(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  /** The concept an icon of this set depicts, if it can be joined (see the class comment). */
  public Optional<EmojiConcept> resolve(IconSet set, String iconName) {
    List<String> names = new ArrayList<>();
    names.add(iconName);
    names.addAll(set.aliasesOf(iconName));
    for (String name : names) {
      for (String form : forms(name)) {
        EmojiConcept hit = lookup(set, form);
        if (hit != null) {
          return Optional.of(hit);
        }
      }
    }
    return Optional.empty();
  }

  private EmojiConcept lookup(IconSet set, String form) {
    EmojiConcept hit = bySlug.get(form);
    if (hit != null) {
      return hit;
    }
    for (String codepoints : set.codepointsOf(form)) {
      hit = byCodepoints.get(normalizeCodepoints(codepoints));
      if (hit != null) {
        return hit;
      }
    }
    String compact = form.replace("-", "");
    hit = byCompactSlug.get(compact);
    return hit != null ? hit : byCharacterName.get(compact);
  }

  private static List<String> forms(String name) {
    List<String> forms = new ArrayList<>(3);
    forms.add(name);
    String unnumbered = VARIANT_NUMBER.matcher(name).replaceFirst("");
    if (!unnumbered.equals(name) && !unnumbered.isEmpty()) {
      forms.add(unnumbered);
    }
    if (name.startsWith("flag-for-")) {
      forms.add("flag-" + name.substring("flag-for-".length()));
    }
    return forms;
  }

  private static EmojiConcept concept(String slug, Emoji emoji, Map<String, List<String>> emojilib) {
    List<String> aliases = new ArrayList<>();
    for (String alias : concat(emoji.getGithubAliases(), emoji.getSlackAliases())) {
      var m = SHORT_CODE.matcher(alias);
      if (m.matches() && !aliases.contains(m.group(1))) {
        aliases.add(m.group(1));
      }
    }
    return new EmojiConcept(
        slug,
        emoji.getEmoji(),
        emoji.getDescription(),
        emoji.getGroup().getName(),
        emoji.getSubgroup().getName(),
        emoji.getKeywords(),
        aliases,
        emojilib.getOrDefault(codepointKey(emoji.getEmoji()), List.of()));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** emojilib's dist/emoji-en-US.json: {"🐶": ["dog_face", "animal", ...], ...}, keyed here by code points. */
  private static Map<String, List<String>> emojilibKeywords() {
    String file = "dist/emoji-en-US.json";
    try (InputStream in = Webjars.openFile("emojilib", file)) {
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, List<String>> keywords = new HashMap<>();
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        List<String> words = new ArrayList<>();
        e.getValue().forEach(w -> words.add(w.asText()));
        keywords.putIfAbsent(codepointKey(e.getKey()), List.copyOf(words));
      }
      return keywords;
    } catch (IOException e) {
      throw new EmojiDataException("emojilib's " + file + " is not valid JSON", e);
    }
  }

  /** "1f436", "1f415-200d-1f9ba": lower-case hex code points joined by "-", U+FE0F left out. */
  static String codepointKey(String emoji) {
    return emoji.codePoints()
        .filter(c -> c != VARIATION_SELECTOR_16)
        .mapToObj(Integer::toHexString)
        .collect(Collectors.joining("-"));
  }

  private static String normalizeCodepoints(String hex) {
    StringBuilder key = new StringBuilder();
    for (String part : hex.toLowerCase(Locale.ROOT).split("-")) {
      String trimmed = part.replaceFirst("^0+(?=.)", "");
      if (!trimmed.equals("fe0f")) {
        key.append(key.isEmpty() ? "" : "-").append(trimmed);
      }
    }
    return key.toString();
  }

  private static String compact(String characterName) {
    return characterName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static int qualificationRank(Qualification q) {
    return switch (q) {
      case FULLY_QUALIFIED -> 0;
      case COMPONENT -> 1;
      case MINIMALLY_QUALIFIED -> 2;
      case UNQUALIFIED -> 3;
    };
  }
}
