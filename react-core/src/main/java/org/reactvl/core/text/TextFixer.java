package org.reactvl.core.text;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * A port of ftfy 6.3.1's {@code fix_text(text)} with its default configuration, the first step of
 * CLIP's text cleaning.
 *
 * <p>The text is fixed line by line (each segment ends after a '\n'). Each segment goes through
 * these fixes, repeated until none changes anything: ftfy's HTML unescaping (only until a segment
 * containing '&lt;' is seen, after which the text is taken to be real HTML), mojibake repair
 * ({@link EncodingFixer}), C1 controls read as Windows-1252, Latin ligatures split ("ﬁ" to "fi"),
 * full-width and half-width forms made normal width, curly quotes straightened, line breaks made
 * '\n', lone surrogates replaced, terminal escapes and invisible control characters removed, and
 * NFC normalization.
 *
 * <p>Stateless and thread-safe.
 */
final class TextFixer {
  /** ftfy's {@code max_decode_length}: segments longer than this many code points are cut. */
  private static final int MAX_SEGMENT = 1_000_000;
  /** ANSI terminal escapes; Python's {@code \d} is any decimal digit. */
  private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\\x1b\\[(?:\\p{Nd}|;)*[a-zA-Z]");
  private static final String[] WIDTH_MAP = widthMap();

  private TextFixer() {}

  /** ftfy's {@code fix_text(text)}. */
  static String fixText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean unescapeHtml = true;
    int pos = 0;
    while (pos < text.length()) {
      int newline = text.indexOf('\n', pos);
      int end = newline < 0 ? text.length() : newline + 1;
      if (end - pos > MAX_SEGMENT && text.codePointCount(pos, end) > MAX_SEGMENT) {
        end = text.offsetByCodePoints(pos, MAX_SEGMENT);
      }
      String segment = text.substring(pos, end);
      // A literal '<' means real HTML, whose entities must stay: from here on, for good.
      unescapeHtml &= segment.indexOf('<') < 0;
      out.append(fixSegment(segment, unescapeHtml));
      pos = end;
    }
    return out.toString();
  }

  private static String fixSegment(String text, boolean unescapeHtml) {
    if (isPlainAscii(text, unescapeHtml)) {
      return text;
    }
    while (true) {
      String original = text;
      if (unescapeHtml) {
        text = HtmlEntities.unescapeFtfy(text);
      }
      text = EncodingFixer.fixEncoding(text);
      text = EncodingFixer.fixC1Controls(text);
      text = fixLatinLigatures(text);
      text = fixCharacterWidth(text);
      text = uncurlQuotes(text);
      text = fixLineBreaks(text);
      text = fixSurrogates(text);
      if (text.indexOf(0x1B) >= 0) {
        text = TERMINAL_ESCAPE.matcher(text).replaceAll("");
      }
      text = removeControlChars(text);
      if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
        text = Normalizer.normalize(text, Normalizer.Form.NFC);
      }
      if (text.equals(original)) {
        return text;
      }
    }
  }

  /**
   * Whether no fix can change the segment: ASCII without control characters other than \t \n \f,
   * without '\r' and, while entities are decoded, without '&amp;'. Most captions are like that.
   */
  private static boolean isPlainAscii(String text, boolean unescapeHtml) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean plain = (c >= 0x20 && c < 0x7F && (c != '&' || !unescapeHtml)) || c == '\t' || c == '\n' || c == '\f';
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  /** ftfy's {@code fix_latin_ligatures}: Latin ligatures and legacy digraphs become letters. */
  static String fixLatinLigatures(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String letters = ligature(c);
      if (letters != null && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (letters != null) {
          out.append(letters);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String ligature(char c) {
    return switch (c) {
      case '\u0132' -> "IJ";
      case '\u0133' -> "ij";
      case '\u0149' -> "\u02bcn";
      case '\u01f1' -> "DZ";
      case '\u01f2' -> "Dz";
      case '\u01f3' -> "dz";
      case '\u01c4' -> "D\u017d";
      case '\u01c5' -> "D\u017e";
      case '\u01c6' -> "d\u017e";
      case '\u01c7' -> "LJ";
      case '\u01c8' -> "Lj";
      case '\u01c9' -> "lj";
      case '\u01ca' -> "NJ";
      case '\u01cb' -> "Nj";
      case '\u01cc' -> "nj";
      case '\ufb00' -> "ff";
      case '\ufb01' -> "fi";
      case '\ufb02' -> "fl";
      case '\ufb03' -> "ffi";
      case '\ufb04' -> "ffl";
      case '\ufb05' -> "\u017ft";
      case '\ufb06' -> "st";
      default -> null;
    };
  }

  /** ftfy's {@code fix_character_width}: U+3000 and the U+FF01..U+FFEF forms, by NFKC. */
  static String fixCharacterWidth(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String normal = c == '\u3000' ? " " : c >= 0xFF01 && c <= 0xFFEF ? WIDTH_MAP[c - 0xFF01] : null;
      if (normal != null && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        if (normal != null) {
          out.append(normal);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** ftfy's {@code uncurl_quotes}: U+02BC and U+2018..U+201B become ', U+201C..U+201F become ". */
  static String uncurlQuotes(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char straight = c == '\u02bc' || (c >= '\u2018' && c <= '\u201b') ? '\'' : c >= '\u201c' && c <= '\u201f' ? '"' : c;
      if (straight != c) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = straight;
      }
    }
    return chars == null ? text : new String(chars);
  }

  /** ftfy's {@code fix_line_breaks}: CRLF, CR, U+2028, U+2029 and U+0085 become '\n'. */
  static String fixLineBreaks(String text) {
    return text.replace("\r\n", "\n")
        .replace('\r', '\n')
        .replace('\u2028', '\n')
        .replace('\u2029', '\n')
        .replace('\u0085', '\n');
  }

  /** ftfy's {@code fix_surrogates}: Java already pairs surrogates, so lone ones become U+FFFD. */
  static String fixSurrogates(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        i++;
      } else if (Character.isSurrogate(c)) {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = '\uFFFD';
      }
    }
    return chars == null ? text : new String(chars);
  }

  /**
   * ftfy's {@code remove_control_chars}: C0 controls other than \t \n \f \r, DEL, the deprecated
   * format controls U+206A..U+206F, the byte order mark and U+FFF9..U+FFFC.
   */
  static String removeControlChars(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean remove =
          (c <= 0x08)
              || c == 0x0B
              || (c >= 0x0E && c <= 0x1F)
              || c == 0x7F
              || (c >= 0x206A && c <= 0x206F)
              || c == 0xFEFF
              || (c >= 0xFFF9 && c <= 0xFFFC);
      if (remove && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null && !remove) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static String[] widthMap() {
    String[] map = new String[0xFFEF - 0xFF01 + 1];
    for (char c = 0xFF01; c <= 0xFFEF; c++) {
      String normal = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
      map[c - 0xFF01] = normal.equals(String.valueOf(c)) ? null : normal;
    }
    return map;
  }
}
