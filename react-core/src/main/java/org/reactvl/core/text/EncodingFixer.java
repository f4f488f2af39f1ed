package org.reactvl.core.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ftfy 6.3.1's {@code fix_encoding} with its default settings: undoes mojibake, text that was
 * encoded as UTF-8 and decoded with a single-byte code page ("CafÃ©" for "Café"), one layer per
 * step until nothing changes.
 *
 * <p>Each step leaves text alone unless {@link MojibakeHeuristic#isBad} flags it. It then tries the
 * code pages in ftfy's order: the first that can re-encode the whole text and whose bytes decode as
 * UTF-8 (after putting back U+00A0 bytes that became spaces and marking bytes lost to '\uFFFD' or
 * '?') wins. Failing that it fixes UTF-8-looking runs one by one, reads Latin-1 C1 controls as
 * Windows-1252, or gives up.
 *
 * <p>Stateless and thread-safe.
 */
final class EncodingFixer {
  /** A UTF-8 sequence whose U+00A0 continuation byte has become a space (bytes as Latin-1 chars). */
  private static final Pattern ALTERED_UTF8 =
      Pattern.compile(
          "[\\xc2\\xc3\\xc5\\xce\\xd0\\xd9][ ]"
              + "|[\\xe2\\xe3][ ][\\x80-\\x84\\x86-\\x9f\\xa1-\\xbf]"
              + "|[\\xe0-\\xe3][\\x80-\\x84\\x86-\\x9f\\xa1-\\xbf][ ]"
              + "|[\\xf0][ ][\\x80-\\xbf][\\x80-\\xbf]"
              + "|[\\xf0][\\x80-\\xbf][ ][\\x80-\\xbf]"
              + "|[\\xf0][\\x80-\\xbf][\\x80-\\xbf][ ]");
  /**
   * "Ã " before a word: the word "à" whose second UTF-8 byte, U+00A0, became a space. Portuguese
   * "àquele", "às", ... are left to {@link #ALTERED_UTF8}, which joins them to the next word.
   */
  private static final Pattern A_GRAVE_WORD = Pattern.compile("\\xc3 (?! |quele|quela|quilo|s )");
  /** UTF-8 sequences with continuation bytes lost to U+FFFD (byte 0x1A here) or '?'. */
  private static final Pattern LOSSY_UTF8 =
      Pattern.compile(
          "[\\xc2-\\xdf][\\x1a]"
              + "|[\\xc2-\\xc3][?]"
              + "|\\xed[\\xa0-\\xaf][\\x1a?]\\xed[\\xb0-\\xbf][\\x1a?\\x80-\\xbf]"
              + "|\\xed[\\xa0-\\xaf][\\x1a?\\x80-\\xbf]\\xed[\\xb0-\\xbf][\\x1a?]"
              + "|[\\xe0-\\xef][\\x1a?][\\x1a\\x80-\\xbf]"
              + "|[\\xe0-\\xef][\\x1a\\x80-\\xbf][\\x1a?]"
              + "|[\\xf0-\\xf4][\\x1a?][\\x1a\\x80-\\xbf][\\x1a\\x80-\\xbf]"
              + "|[\\xf0-\\xf4][\\x1a\\x80-\\xbf][\\x1a?][\\x1a\\x80-\\xbf]"
              + "|[\\xf0-\\xf4][\\x1a\\x80-\\xbf][\\x1a\\x80-\\xbf][\\x1a?]"
              + "|\\x1a");
  /** U+FFFD's UTF-8 bytes, as Latin-1 chars. */
  private static final String REPLACEMENT_BYTES = "\u00ef\u00bf\u00bd";
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private EncodingFixer() {}

  /** ftfy's {@code fix_encoding(text)}: repeats single fixing steps until the text is stable. */
  static String fixEncoding(String text) {
    while (true) {
      String fixed = fixOneStep(text);
      if (fixed.equals(text)) {
        return fixed;
      }
      text = fixed;
    }
  }

  /** ftfy's {@code fix_c1_controls}: U+0080..U+009F read as (sloppy) Windows-1252. */
  static String fixC1Controls(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && c <= 0x9F) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = SingleByteCharmap.SLOPPY_WINDOWS_1252.decode(c);
      }
    }
    return chars == null ? text : new String(chars);
  }

  private static String fixOneStep(String text) {
    if (text.isEmpty() || isAscii(text) || !MojibakeHeuristic.isBad(text)) {
      return text;
    }
    boolean latin1Possible = false;
    for (SingleByteCharmap charmap : SingleByteCharmap.MOJIBAKE_CANDIDATES) {
      if (!charmap.canEncode(text)) {
        continue;
      }
      latin1Possible |= charmap == SingleByteCharmap.LATIN_1;
      String bytes = new String(charmap.encode(text), StandardCharsets.ISO_8859_1);
      // In MacRoman an en dash before a space would look like this, so it is not tried there.
      if (!charmap.name().equals("macroman") && ALTERED_UTF8.matcher(bytes).find()) {
        bytes = restoreByteA0(bytes);
      }
      if (charmap.isSloppy()) {
        bytes = replaceAll(LOSSY_UTF8, bytes, REPLACEMENT_BYTES);
      }
      byte[] raw = bytes.getBytes(StandardCharsets.ISO_8859_1);
      boolean variant = bytes.indexOf('\u00ed') >= 0 || bytes.indexOf('\u00c0') >= 0;
      String decoded = variant ? Utf8.decodeVariants(raw) : Utf8.decodeStrict(raw, 0, raw.length);
      if (decoded != null) {
        return decoded;
      }
    }
    List<int[]> runs = MojibakeHeuristic.utf8Runs(text);
    if (!runs.isEmpty()) {
      String fixed = decodeInconsistentUtf8(text, runs);
      if (!fixed.equals(text)) {
        return fixed;
      }
    }
    // ftfy would keep text that is also valid "windows-1252", but its list only holds the sloppy
    // variant, so Latin-1 text is always re-read as strict Windows-1252 here.
    if (latin1Possible) {
      String fixed = decodeStrictWindows1252(text);
      if (fixed != null && !fixed.equals(text)) {
        return fixed;
      }
    }
    return fixC1Controls(text);
  }

  /** ftfy's {@code restore_byte_a0}, on bytes held as Latin-1 chars. */
  private static String restoreByteA0(String bytes) {
    String restored = replaceAll(A_GRAVE_WORD, bytes, "\u00c3\u00a0 ");
    Matcher m = ALTERED_UTF8.matcher(restored);
    StringBuilder out = new StringBuilder(restored.length());
    int last = 0;
    while (m.find()) {
      out.append(restored, last, m.start()).append(m.group().replace(' ', '\u00a0'));
      last = m.end();
    }
    return out.append(restored, last, restored.length()).toString();
  }

  /** ftfy's {@code decode_inconsistent_utf8}: fixes each UTF-8-looking run that is itself bad. */
  private static String decodeInconsistentUtf8(String text, List<int[]> runs) {
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    for (int[] range : runs) {
      String run = text.substring(range[0], range[1]);
      String replacement = run.length() < text.length() && MojibakeHeuristic.isBad(run) ? fixEncoding(run) : run;
      out.append(text, last, range[0]).append(replacement);
      last = range[1];
    }
    return out.append(text, last, text.length()).toString();
  }

  private static String decodeStrictWindows1252(String latin1Text) {
    try {
      return WINDOWS_1252
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(latin1Text.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException undefinedByte) {
      return null;
    }
  }

  private static String replaceAll(Pattern pattern, String text, String literal) {
    return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(literal));
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
