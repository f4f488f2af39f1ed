package org.reactvl.examples.emoji;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One emoji as people describe it: the Unicode CLDR name and keywords (from jemoji), the
 * community keywords of emojilib, and the short aliases chat apps use. Every rendering of the emoji,
 * in any design family, shares this concept.
 *
 * @param slug the CLDR name slugified ({@link #slugOf}), e.g. "dog-face"; unique per concept
 * @param emoji the fully-qualified emoji string
 * @param cldrName the CLDR short name, e.g. "dog face"
 * @param group the CLDR group, e.g. "Animals &amp; Nature"
 * @param subgroup the CLDR subgroup, e.g. "animal-mammal"
 * @param keywords the CLDR keywords, e.g. [dog, face, pet]
 * @param aliases chat short codes without colons, e.g. [dog]
 * @param emojilibKeywords emojilib's keyword list (its first entry is its own name), possibly empty
 */
public record EmojiConcept(
    String slug,
    String emoji,
    String cldrName,
    String group,
    String subgroup,
    List<String> keywords,
    List<String> aliases,
    List<String> emojilibKeywords) {

  private static final Pattern NON_SLUG = Pattern.compile("[^a-z0-9]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  public EmojiConcept {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(emoji, "emoji");
    Objects.requireNonNull(cldrName, "cldrName");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(subgroup, "subgroup");
    if (!slug.equals(slugOf(cldrName))) {
      throw new IllegalArgumentException(
          "slug must be the slugified CLDR name '" + slugOf(cldrName) + "', but was '" + slug + "'");
    }
    keywords = List.copyOf(keywords);
    aliases = List.copyOf(aliases);
    emojilibKeywords = List.copyOf(emojilibKeywords);
  }

  /**
   * Iconify's naming of a CLDR name: accents stripped, apostrophes and quotes dropped, "&amp;" as
   * "and", "#" as "pound", "*" as "asterisk", every other run of non-alphanumerics one hyphen.
   * "woman’s hat" becomes "womans-hat", "flag: Trinidad &amp; Tobago" "flag-trinidad-and-tobago".
   */
  public static String slugOf(String cldrName) {
    String s = MARKS.matcher(Normalizer.normalize(cldrName, Normalizer.Form.NFD)).replaceAll("");
    s = s.toLowerCase(Locale.ROOT)
        .replace("’", "")
        .replace("'", "")
        .replace("“", "")
        .replace("”", "")
        .replace("&", " and ")
        .replace("#", " pound ")
        .replace("*", " asterisk ");
    s = NON_SLUG.matcher(s).replaceAll("-");
    int from = s.startsWith("-") ? 1 : 0;
    int to = s.endsWith("-") && s.length() > from ? s.length() - 1 : s.length();
    return s.substring(from, to);
  }

  /**
   * The candidate captions for an image of this concept, most literal first; the first is the CLDR
   * name. Training draws one at random per epoch, the way a web image comes with whichever alt-text
   * its page happened to give it: sometimes a bare name ("dog face"), sometimes a name with tags
   * ("dog face: dog, face, pet"), sometimes a keyword soup with a brand or an in-joke in it
   * (emojilib's "doge"). One fixed caption would let the model learn a lookup table instead.
   */
  public List<String> captions() {
    Set<String> captions = new LinkedHashSet<>();
    captions.add(cldrName);
    List<String> tags = keywords.stream().filter(k -> !k.equalsIgnoreCase(cldrName)).toList();
    if (!tags.isEmpty()) {
      captions.add(cldrName + ": " + String.join(", ", tags));
    }
    if (!emojilibKeywords.isEmpty()) {
      List<String> words = new ArrayList<>();
      for (String keyword : emojilibKeywords) {
        words.add(keyword.replace('_', ' '));
      }
      captions.add(String.join(", ", new LinkedHashSet<>(words)));
    }
    List<String> shortCodes = aliases.stream().map(a -> a.replace('_', ' ')).distinct()
        .filter(a -> !a.equalsIgnoreCase(cldrName)).toList();
    if (!shortCodes.isEmpty()) {
      captions.add(String.join(", ", shortCodes));
    }
    return List.copyOf(captions);
  }
}
