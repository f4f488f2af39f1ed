package org.reactvl.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits cleaned text into the words that BPE encodes, as {@code regex.findall} does with OpenAI's
 * pattern (IGNORECASE):
 *
 * <pre>
 * &lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+
 * </pre>
 *
 * <p>Hand-written rather than a {@code java.util.regex} pattern so that each class is exactly the
 * {@code regex} module's (see {@link PythonUnicode}), including its case-insensitive quirks: 'ſ'
 * (U+017F) matches the 's' of the literals, and U+0345 (which case-folds to a letter) matches no
 * alternative at all and is dropped. Digits are single words; everything else runs.
 *
 * <p>Stateless and thread-safe.
 */
final class ClipPreTokenizer {
  private static final String[] SPECIAL_TOKENS = {"<|startoftext|>", "<|endoftext|>"};
  private static final String[] CONTRACTIONS = {"s", "t", "re", "ve", "m", "ll", "d"};
  private static final int COMBINING_YPOGEGRAMMENI = 0x345;

  private ClipPreTokenizer() {}

  /** The words of the text, in order. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      int end = matchAt(text, pos);
      if (end > pos) {
        words.add(text.substring(pos, end));
        pos = end;
      } else {
        pos += Character.charCount(text.codePointAt(pos));
      }
    }
    return words;
  }

  /** The end of the match at {@code pos}, or {@code pos} when no alternative matches there. */
  private static int matchAt(String text, int pos) {
    for (String special : SPECIAL_TOKENS) {
      if (matchesIgnoringCase(text, pos, special)) {
        return pos + special.length();
      }
    }
    if (text.charAt(pos) == '\'') {
      for (String suffix : CONTRACTIONS) {
        if (matchesIgnoringCase(text, pos + 1, suffix)) {
          return pos + 1 + suffix.length();
        }
      }
    }
    int cp = text.codePointAt(pos);
    if (PythonUnicode.isLetter(cp)) {
      return runEnd(text, pos, true);
    }
    if (PythonUnicode.isNumber(cp)) {
      return pos + Character.charCount(cp);
    }
    if (isOther(cp)) {
      return runEnd(text, pos, false);
    }
    return pos;
  }

  private static int runEnd(String text, int pos, boolean letters) {
    int end = pos;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      if (letters ? !PythonUnicode.isLetter(cp) : !isOther(cp)) {
        break;
      }
      end += Character.charCount(cp);
    }
    return end;
  }

  /** {@code [^\s\p{L}\p{N}]} under IGNORECASE. */
  private static boolean isOther(int cp) {
    return !PythonUnicode.isRegexWhitespace(cp)
        && !PythonUnicode.isLetter(cp)
        && !PythonUnicode.isNumber(cp)
        && cp != COMBINING_YPOGEGRAMMENI;
  }

  /** Whether {@code literal} (ASCII) occurs at {@code pos} under the regex module's simple case folding. */
  private static boolean matchesIgnoringCase(String text, int pos, String literal) {
    if (pos + literal.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (!sameIgnoringCase(text.charAt(pos + i), literal.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameIgnoringCase(char c, char ascii) {
    if (c == ascii) {
      return true;
    }
    char lower = Character.toLowerCase(ascii);
    if (lower < 'a' || lower > 'z') {
      return false;
    }
    return c == lower
        || c == Character.toUpperCase(lower)
        || (lower == 's' && c == '\u017f')
        || (lower == 'k' && c == '\u212a');
  }
}
