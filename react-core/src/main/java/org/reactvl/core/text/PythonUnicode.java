package org.reactvl.core.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.reactvl.core.ReactException;

/**
 * The few pieces of Python string semantics that CLIP's text pipeline depends on, reproduced
 * exactly: {@code str.lower()}, {@code str.isspace()} / {@code str.strip()}, and the {@code \p{L}},
 * {@code \p{N}} and {@code \s} classes of the {@code regex} module.
 *
 * <p>Java's own tables follow the Unicode version of the running JDK (15.0 on 21, 16.0 on 25),
 * while OpenAI's reference ran CPython 3.11 (Unicode 14.0) and regex 2022.10.31 (Unicode 15.0). The
 * letter, number and case tables are therefore read from {@code python-unicode.txt}, measured from
 * that Python by {@code react-core/tools/gen_text_tables.py}, so results do not depend on the JDK.
 *
 * <p>Stateless and thread-safe; the tables are loaded once, on first use.
 */
final class PythonUnicode {
  private static final String RESOURCE = "python-unicode.txt";
  private static final int CAPITAL_SIGMA = 0x3A3;
  private static final int SMALL_SIGMA = 0x3C3;
  private static final int FINAL_SIGMA = 0x3C2;

  private static final BitSet LETTER;
  private static final BitSet NUMBER;
  private static final BitSet CASED_NOT_IGNORABLE;
  private static final BitSet CASE_IGNORABLE;
  /** Single-char lower-case mappings inside the BMP; 0 where the mapping is elsewhere or absent. */
  private static final char[] BMP_LOWER = new char[0x10000];
  /** Lower-case mappings that are not one BMP char: U+0130 and the supplementary planes. */
  private static final Map<Integer, String> OTHER_LOWER = new HashMap<>();

  static {
    Map<String, String> lines = readTable();
    LETTER = ranges(lines, "letter");
    NUMBER = ranges(lines, "number");
    CASED_NOT_IGNORABLE = ranges(lines, "cased_not_ignorable");
    CASE_IGNORABLE = ranges(lines, "case_ignorable");
    for (String entry : field(lines, "lower").split(" ")) {
      int colon = entry.indexOf(':');
      int from = Integer.parseInt(entry, 0, colon, 16);
      StringBuilder to = new StringBuilder();
      for (String cp : entry.substring(colon + 1).split(",")) {
        to.appendCodePoint(Integer.parseInt(cp, 16));
      }
      if (from < 0x10000 && to.length() == 1) {
        BMP_LOWER[from] = to.charAt(0);
      } else {
        OTHER_LOWER.put(from, to.toString());
      }
    }
  }

  private PythonUnicode() {}

  /** {@code regex}'s {@code [\p{L}]} under IGNORECASE (letters of Unicode 15.0). */
  static boolean isLetter(int cp) {
    return LETTER.get(cp);
  }

  /** {@code regex}'s {@code [\p{N}]} under IGNORECASE (numbers of Unicode 15.0). */
  static boolean isNumber(int cp) {
    return NUMBER.get(cp);
  }

  /** {@code regex}'s {@code \s}: the White_Space property (unlike {@code isspace}, not U+1C..U+1F). */
  static boolean isRegexWhitespace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || isWideWhitespace(cp);
  }

  /** Python's {@code str.isspace()} for one code point. */
  static boolean isSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || isWideWhitespace(cp);
  }

  private static boolean isWideWhitespace(int cp) {
    return cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** Python's {@code str.strip()} with no argument. */
  static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.codePointAt(start))) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (end > start && isSpace(text.codePointBefore(end))) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  /** {@code regex.sub(r'\s+', ' ', text).strip()}: CLIP's {@code whitespace_clean}. */
  static String collapseWhitespace(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean inRun = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isRegexWhitespace(cp)) {
        if (!inRun) {
          out.append(' ');
          inRun = true;
        }
      } else {
        out.appendCodePoint(cp);
        inRun = false;
      }
    }
    return strip(out.toString());
  }

  /**
   * Python's {@code str.lower()}: full lower-case mappings of Unicode 14.0 (U+0130 becomes "i̇")
   * and the final-sigma rule, decided as CPython does by skipping case-ignorable characters.
   */
  static String lower(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      String mapped = lowerOf(text, i, cp);
      if (mapped != null && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (mapped != null) {
          out.append(mapped);
        } else {
          out.appendCodePoint(cp);
        }
      }
      i += width;
    }
    return out == null ? text : out.toString();
  }

  /** The lower-case form of the code point at {@code index}, or null when it maps to itself. */
  private static String lowerOf(String text, int index, int cp) {
    if (cp < 0x80) {
      return cp >= 'A' && cp <= 'Z' ? String.valueOf((char) (cp + 32)) : null;
    }
    if (cp == CAPITAL_SIGMA) {
      return String.valueOf((char) (isFinalSigma(text, index) ? FINAL_SIGMA : SMALL_SIGMA));
    }
    if (cp < 0x10000 && BMP_LOWER[cp] != 0) {
      return String.valueOf(BMP_LOWER[cp]);
    }
    return OTHER_LOWER.get(cp);
  }

  /** CPython's rule: a cased letter before (ignorables skipped) and none after (likewise). */
  private static boolean isFinalSigma(String text, int index) {
    int j = index;
    int cp = 0;
    boolean found = false;
    while (j > 0) {
      cp = text.codePointBefore(j);
      j -= Character.charCount(cp);
      if (!CASE_IGNORABLE.get(cp)) {
        found = true;
        break;
      }
    }
    if (!found || !CASED_NOT_IGNORABLE.get(cp)) {
      return false;
    }
    for (int k = index + 1; k < text.length(); ) {
      int next = text.codePointAt(k);
      k += Character.charCount(next);
      if (!CASE_IGNORABLE.get(next)) {
        return !CASED_NOT_IGNORABLE.get(next);
      }
    }
    return true;
  }

  private static Map<String, String> readTable() {
    Map<String, String> lines = new HashMap<>();
    try (InputStream in = PythonUnicode.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new ReactException("bundled resource " + RESOURCE + " must be on the classpath, but was missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          int space = line.indexOf(' ');
          lines.put(line.substring(0, space), line.substring(space + 1));
        }
      }
    } catch (IOException e) {
      throw new ReactException("could not read bundled resource " + RESOURCE, e);
    }
    return lines;
  }

  private static String field(Map<String, String> lines, String name) {
    String value = lines.get(name);
    if (value == null) {
      throw new ReactException("bundled resource " + RESOURCE + " must have a '" + name + "' line, but had none");
    }
    return value;
  }

  private static BitSet ranges(Map<String, String> lines, String name) {
    BitSet set = new BitSet(Character.MAX_CODE_POINT + 1);
    for (String range : field(lines, name).split(" ")) {
      int dash = range.indexOf('-');
      set.set(Integer.parseInt(range, 0, dash, 16), Integer.parseInt(range, dash + 1, range.length(), 16) + 1);
    }
    return set;
  }
}
