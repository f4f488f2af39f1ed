package org.reactvl.core.text;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * ftfy 6.3.1's two detectors of mojibake, rebuilt so that CLIP's text cleaning takes the same
 * decisions:
 *
 * <ul>
 *   <li>{@link #isBad}: the "badness" heuristic. The few hundred characters that UTF-8 decoded as a
 *       single-byte code page turns into are sorted into categories (accented capitals, currency,
 *       box drawing, ...), and text is bad when it holds one of the unlikely juxtapositions that
 *       ftfy lists (a lower-case accented letter followed by a currency sign, and so on).
 *   <li>{@link #utf8Runs}: runs that look like one UTF-8 character per lead letter plus
 *       continuation letters, in any of the code pages ftfy tries, for fixing mojibake embedded in
 *       otherwise good text.
 * </ul>
 *
 * <p>Both are ftfy's regular expressions, matched by hand over precomputed character sets: the
 * alternatives are short fixed sequences, and testing set membership position by position is about
 * 60 times faster than {@code java.util.regex} with these large classes. Stateless and thread-safe.
 */
final class MojibakeHeuristic {
  // The categories, as ranges of hexadecimal code points, in ftfy's grouping.
  private static final String COMMON = "A0 AD B4 B7 2013-2015 2019 2026";
  private static final String C1 = "80-9F";
  private static final String BAD =
      "A4 A6 A8 AA AC AF B8 BA 192 2C6-2C7 2D8 2DB-2DC 2020-2021 2030 2310 25CA FFFD";
  private static final String LAW = "A7 B6";
  private static final String CURRENCY = "A2-A3 A5 20A7 20AC";
  private static final String START_PUNCTUATION = "A1 A9 AB BF 384-385 2018 201A 201C 201E 2022 2039 F8FF";
  private static final String END_PUNCTUATION = "AE BB 2DD 201D 203A 2122";
  private static final String NUMERIC =
      "B1-B3 B5 B9 BC-BE D7 F7 2044 2116 2202 2206 220F 2211 221A 221E 2229 222B 2248 2260-2261"
          + " 2264-2265";
  private static final String KAOMOJI = "B0 D2-D6 D9-DC F2-F6 F8-FC 14C 150 16A 172";
  private static final String UPPER_ACCENTED =
      "C0-D1 D8 DC-DD 100 102 104 106 10C 10E 110 112 116 118 11A 11E 122 12A 130 136 139 13B 13D"
          + " 141 143 145 147 152 158 15A 15E 160 162 164 16E 170 178-179 17B 17D 490";
  private static final String LOWER_ACCENTED =
      "DF-F1 FC 101 103 105 107 10D 10F 111 113 117 119 11B 11F 123 12B 12F 137 13A 13C 13E 142"
          + " 153 155 15B 15F 161 165 17A 17C 17E 491 FB01-FB02";
  private static final String UPPER_COMMON = "DE 386 388-38A 38C 38E-38F 391-3AB 401-42F";
  private static final String LOWER_COMMON = "3AC-3C9 430-45F";
  private static final String BOX = "2502 250C 2510 2518 251C 2524 252C 253C 2550-256C 2580 2584 2588 258C 2590-2593";
  /** Python's {@code \s} for str patterns: the characters of {@code str.isspace()}. */
  private static final String PY_SPACE = "9-D 1C-20 85 A0 1680 2000-200A 2028-2029 202F 205F 3000";
  private static final String ASCII_LOWER = "61-7A";
  private static final String ASCII_LETTER = "41-5A 61-7A";

  /** Each alternative of ftfy's {@code BADNESS_RE}, as a sequence of character classes. */
  private static final List<Sequence> BADNESS = badnessSequences();
  /** Characters that can start some alternative, to skip other positions quickly. */
  private static final BitSet BADNESS_STARTS = startsOf(BADNESS);

  private static final BitSet UTF8_FIRST_OF_2 = codePageChars(0xC2, 0xDF);
  private static final BitSet UTF8_FIRST_OF_3 = codePageChars(0xE0, 0xEF);
  private static final BitSet UTF8_FIRST_OF_4 = union(codePageChars(0xF0, 0xF0), codePageChars(0xF3, 0xF3));
  /** Continuation letters, and a space that may have been U+00A0. */
  private static final BitSet UTF8_CONTINUATION = union(codePageChars(0x80, 0xBF), chars("20"));
  /** Continuation letters that rarely stand for themselves next to mojibake (no quotes, dashes, ...). */
  private static final BitSet UTF8_CONTINUATION_STRICT =
      minus(codePageChars(0x80, 0xBF), chars("2013-2015 2018-201A 201C-201E 2022 2026"));

  private MojibakeHeuristic() {}

  /** ftfy's {@code is_bad(text)}: whether the text holds a sequence typical of mojibake. */
  static boolean isBad(String text) {
    int[] cps = text.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] < 0x10000 && BADNESS_STARTS.get(cps[i])) {
        for (Sequence sequence : BADNESS) {
          if (sequence.matchesAt(cps, i)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * ftfy's {@code UTF8_DETECTOR_RE.finditer(text)}: the [start, end) char ranges of runs that look
   * like UTF-8 read as a code page, each not preceded by a strict continuation letter.
   */
  static List<int[]> utf8Runs(String text) {
    List<int[]> runs = new ArrayList<>();
    int pos = 0;
    while (pos < text.length()) {
      if (pos == 0 || !UTF8_CONTINUATION_STRICT.get(text.charAt(pos - 1))) {
        int end = pos;
        for (int next = utf8Sequence(text, end); next > 0; next = utf8Sequence(text, end)) {
          end = next;
        }
        if (end > pos) {
          runs.add(new int[] {pos, end});
          pos = end;
          continue;
        }
      }
      pos++;
    }
    return runs;
  }

  /** The end of one lead letter plus its continuations at {@code pos}, or -1. */
  private static int utf8Sequence(String text, int pos) {
    if (pos >= text.length()) {
      return -1;
    }
    char lead = text.charAt(pos);
    if (UTF8_FIRST_OF_2.get(lead) && continuations(text, pos + 1, 1)) {
      return pos + 2;
    }
    if (UTF8_FIRST_OF_3.get(lead) && continuations(text, pos + 1, 2)) {
      return pos + 3;
    }
    if (UTF8_FIRST_OF_4.get(lead) && continuations(text, pos + 1, 3)) {
      return pos + 4;
    }
    return -1;
  }

  private static boolean continuations(String text, int from, int count) {
    if (from + count > text.length()) {
      return false;
    }
    for (int i = from; i < from + count; i++) {
      if (!UTF8_CONTINUATION.get(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static List<Sequence> badnessSequences() {
    String anyPunctuation = START_PUNCTUATION + " " + END_PUNCTUATION;
    String accented = LOWER_ACCENTED + " " + UPPER_ACCENTED;
    String letterSymbol = BAD + " " + accented + " " + BOX + " " + anyPunctuation + " " + CURRENCY + " " + NUMERIC + " " + LAW;
    String arabicFollower = COMMON + " " + CURRENCY + " " + BAD + " " + NUMERIC + " " + START_PUNCTUATION + " 178 160 AE B0 B5 BB";
    return List.of(
        seq(C1),
        seq(letterSymbol, BAD),
        seq(ASCII_LETTER, LOWER_COMMON + " " + UPPER_COMMON, BAD),
        seq(BAD, accented + " " + BOX + " " + anyPunctuation + " " + CURRENCY + " " + NUMERIC + " " + LAW),
        seq(LOWER_ACCENTED + " " + LOWER_COMMON + " " + BOX + " " + END_PUNCTUATION + " " + CURRENCY + " " + NUMERIC, UPPER_ACCENTED),
        seq(BOX + " " + END_PUNCTUATION + " " + CURRENCY + " " + NUMERIC, LOWER_ACCENTED),
        seq(LOWER_ACCENTED + " " + BOX + " " + END_PUNCTUATION, CURRENCY),
        seq(PY_SPACE, UPPER_ACCENTED, CURRENCY),
        seq(UPPER_ACCENTED + " " + BOX, NUMERIC + " " + LAW),
        seq(accented + " " + BOX + " " + CURRENCY + " " + END_PUNCTUATION, START_PUNCTUATION, NUMERIC),
        seq(accented + " " + CURRENCY + " " + NUMERIC + " " + BOX + " " + LAW, END_PUNCTUATION, START_PUNCTUATION),
        seq(CURRENCY + " " + NUMERIC + " " + BOX, START_PUNCTUATION),
        seq(ASCII_LOWER, UPPER_ACCENTED, START_PUNCTUATION + " " + CURRENCY),
        seq(BOX, KAOMOJI),
        seq(accented + " " + CURRENCY + " " + NUMERIC + " " + anyPunctuation + " " + LAW, BOX),
        seq(BOX, END_PUNCTUATION),
        new Sequence(false, CharClass.of(accented), CharClass.of(anyPunctuation), CharClass.WORD),
        // The ligature oe when not followed by an unaccented Latin letter.
        new Sequence(false, CharClass.of("152-153"), CharClass.NOT_ASCII_LETTER),
        // A degree sign after a capital letter.
        seq(UPPER_ACCENTED, "B0"),
        // Common Windows-1252 two-character mojibake not covered above.
        seq("C2-C3 CE D0", "20AC 153 160-161 A2-A3 178 17E A0 AD AE A9 B0 B7 BB 2013-2014 B4 " + anyPunctuation),
        seq("D7", "B2-B3"),
        // Windows-1252 mojibake of Arabic needs the common characters, so four are required.
        seq("D8-D9", arabicFollower, "D8-D9", arabicFollower),
        // Windows-1252 mojibake starting three-byte sequences of South Asian scripts.
        seq("E0", "B2 B5 B9 BC-BE"),
        // MacRoman mojibake not covered above.
        seq("221A", "B1 2202 2020 2260 AE 2122 B4 2264-2265 A5 B5 F8"),
        seq("2248", "B0 A2"),
        seq("201A", "C4", "EC EE EF F2 F4 FA F9 FB 2020 B0 A2 3C0"),
        seq("201A", "E2 F3", "E0 E4 B0 EA"),
        // Windows-1251 mojibake of characters in the U+2000 block.
        seq("432", "402"),
        // Windows-1251 mojibake of Latin-1 or Cyrillic, as three characters.
        seq("412-413 420-421", C1 + " " + BAD + " " + anyPunctuation + " " + CURRENCY + " B0 B5", "412-413 420-421"),
        // Windows-1251 over Latin-1 over Windows-1252, near a Latin letter.
        new Sequence(
            false,
            CharClass.of("413"),
            CharClass.of("45E"),
            CharClass.of("412"),
            CharClass.of("402"),
            CharClass.of("412"),
            CharClass.NOT_NEWLINE,
            CharClass.of(ASCII_LETTER + " 20")),
        // Windows-1252 encodings of a-grave and a-acute, and of U+00A0 itself.
        seq("C3", "A0-A1"),
        new Sequence(false, CharClass.of(ASCII_LOWER), CharClass.of(PY_SPACE).asOptional(), CharClass.of("C2-C3"), CharClass.of("20")),
        new Sequence(true, CharClass.of("C2-C3"), CharClass.of("20")),
        // A-circumflex standing in front of the very character it encodes.
        seq("61-7A 2E 2C 3F 21 " + END_PUNCTUATION, "C2", "20 " + anyPunctuation),
        // Windows-1253 mojibake of characters in the U+2000 block.
        seq("3B2", "20AC", "2122 A0 386 AD AE B0"),
        // Windows-1253 mojibake of Latin-1 or Greek, as three characters.
        seq("392-393 39E-39F", C1 + " " + BAD + " " + anyPunctuation + " " + CURRENCY + " B0", "392-393 39E-39F"),
        // Windows-1257 mojibake of characters in the U+2000 block.
        seq("101", "20AC"));
  }

  private static Sequence seq(String... classes) {
    CharClass[] elements = new CharClass[classes.length];
    for (int i = 0; i < classes.length; i++) {
      elements[i] = CharClass.of(classes[i]);
    }
    return new Sequence(false, elements);
  }

  private static BitSet startsOf(List<Sequence> sequences) {
    BitSet starts = new BitSet(0x10000);
    for (Sequence sequence : sequences) {
      starts.or(sequence.elements[0].members);
    }
    return starts;
  }

  /** Every character that bytes {@code low..high} decode to in ftfy's Latin-like code pages. */
  private static BitSet codePageChars(int low, int high) {
    BitSet set = new BitSet(0x10000);
    for (SingleByteCharmap charmap : SingleByteCharmap.MOJIBAKE_CANDIDATES) {
      if (charmap == SingleByteCharmap.LATIN_1 || charmap.isSloppy()) {
        for (int b = low; b <= high; b++) {
          set.set(charmap.decode(b));
        }
      }
    }
    return set;
  }

  /** The code points of a range list such as {@code "A0 2013-2015"} (hexadecimal, BMP). */
  private static BitSet chars(String rangeList) {
    BitSet set = new BitSet(0x10000);
    for (String item : rangeList.trim().split("\\s+")) {
      int dash = item.indexOf('-');
      int low = Integer.parseInt(dash < 0 ? item : item.substring(0, dash), 16);
      int high = dash < 0 ? low : Integer.parseInt(item.substring(dash + 1), 16);
      set.set(low, high + 1);
    }
    return set;
  }

  private static BitSet union(BitSet a, BitSet b) {
    BitSet set = (BitSet) a.clone();
    set.or(b);
    return set;
  }

  private static BitSet minus(BitSet a, BitSet b) {
    BitSet set = (BitSet) a.clone();
    set.andNot(b);
    return set;
  }

  /** One alternative: character classes in a row, optionally anchored at the start of the text. */
  private record Sequence(boolean anchored, CharClass... elements) {
    boolean matchesAt(int[] cps, int start) {
      return (!anchored || start == 0) && matches(cps, start, 0);
    }

    private boolean matches(int[] cps, int pos, int element) {
      if (element == elements.length) {
        return true;
      }
      CharClass cls = elements[element];
      if (pos < cps.length && cls.test(cps[pos]) && matches(cps, pos + 1, element + 1)) {
        return true;
      }
      return cls.optional && matches(cps, pos, element + 1);
    }
  }

  /** A set of BMP characters, or one of the open classes ftfy uses; possibly optional ({@code ?}). */
  private record CharClass(BitSet members, Kind kind, boolean optional) {
    static final CharClass WORD = new CharClass(new BitSet(), Kind.WORD, false);
    static final CharClass NOT_ASCII_LETTER = new CharClass(new BitSet(), Kind.NOT_ASCII_LETTER, false);
    static final CharClass NOT_NEWLINE = new CharClass(new BitSet(), Kind.NOT_NEWLINE, false);

    static CharClass of(String rangeList) {
      return new CharClass(chars(rangeList), Kind.SET, false);
    }

    CharClass asOptional() {
      return new CharClass(members, kind, true);
    }

    boolean test(int cp) {
      return switch (kind) {
        case SET -> cp < 0x10000 && members.get(cp);
        case WORD -> cp == '_' || Character.isLetter(cp) || isNumber(cp);
        case NOT_ASCII_LETTER -> !((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'));
        case NOT_NEWLINE -> cp != '\n';
      };
    }

    private static boolean isNumber(int cp) {
      int type = Character.getType(cp);
      return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }
  }

  /**
   * The shape of a class: an explicit set, Python's {@code \w} (letters, numbers, underscore),
   * {@code [^A-Za-z]}, or {@code .} (anything but a newline).
   */
  private enum Kind {
    SET,
    WORD,
    NOT_ASCII_LETTER,
    NOT_NEWLINE
  }
}
