package org.reactvl.examples.emoji;

import java.util.regex.Pattern;

/**
 * Recognises skin-tone variants, which the corpus leaves out: five recolourings of one drawing
 * would give a person emoji five times the weight of a dog and teach colour, not content.
 */
final class SkinTones {

  /**
   * Names the sets give tone variants: CLDR's "-light-skin-tone" ... (also mid-name, for pairs),
   * Noto's "-tone1" ... "-tone5", Fluent's bare "-light", "-medium-dark" ... suffixes.
   */
  private static final Pattern TONE_NAME = Pattern.compile(
      ".*-(light|medium-light|medium|medium-dark|dark)-skin-tone(-.*)?|.*-tone[1-5]|.*-(light|medium-light|medium|medium-dark|dark)");

  private SkinTones() {}

  /** Whether the emoji string carries a Fitzpatrick modifier, U+1F3FB..U+1F3FF. */
  static boolean hasModifier(String emoji) {
    return emoji.codePoints().anyMatch(c -> c >= 0x1F3FB && c <= 0x1F3FF);
  }

  /**
   * Whether an icon name looks like a tone variant. Only meaningful for icons that did not join a
   * concept: "police-car-light" also ends in "-light" but is a concept of its own.
   */
  static boolean looksLikeToneVariant(String iconName) {
    return TONE_NAME.matcher(iconName).matches();
  }
}
