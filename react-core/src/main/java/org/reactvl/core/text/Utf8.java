package org.reactvl.core.text;

/**
 * UTF-8 decoding with Python's exact rules: strict (shortest form only, no surrogates, nothing
 * above U+10FFFF), replacing (one U+FFFD per maximal invalid subpart, as {@code errors="replace"}),
 * and ftfy's {@code utf-8-variants}, which also accepts CESU-8 surrogate pairs and Java's
 * two-byte NUL ({@code C0 80}).
 *
 * <p>Stateless and thread-safe.
 */
final class Utf8 {
  private Utf8() {}

  /** Strict decoding of {@code bytes[from, to)}, or null if any byte sequence is invalid. */
  static String decodeStrict(byte[] bytes, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      int length = validSequenceLength(bytes, i, to);
      if (length <= 0) {
        return null;
      }
      out.appendCodePoint(codePoint(bytes, i, length));
      i += length;
    }
    return out.toString();
  }

  /** Python's {@code bytes.decode("utf-8", errors="replace")}. */
  static String decodeReplacing(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int length = validSequenceLength(bytes, i, bytes.length);
      if (length > 0) {
        out.appendCodePoint(codePoint(bytes, i, length));
        i += length;
      } else {
        out.append('\uFFFD');
        i += -length;
      }
    }
    return out.toString();
  }

  /**
   * ftfy's {@code utf-8-variants} decoder, or null where it raises. Standard UTF-8 is decoded
   * strictly; at each "special" position (a lead byte C0 or ED that the codec's regular expression
   * flags) it decodes C0 80 as NUL and a six-byte CESU-8 surrogate pair as one code point, with the
   * quirks of that expression's {@code $} (which also matches before a final newline) kept.
   */
  static String decodeVariants(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    int n = bytes.length;
    int pos = 0;
    while (pos < n) {
      int special = findSpecial(bytes, pos);
      int stop = special < 0 ? n : special;
      if (stop > pos) {
        String plain = decodeStrict(bytes, pos, stop);
        if (plain == null) {
          return null;
        }
        out.append(plain);
        pos = stop;
        continue;
      }
      if ((bytes[pos] & 0xFF) == 0xC0) {
        if (n - pos < 2) {
          return null;
        }
        out.append('\0');
        pos += 2;
      } else if (n - pos >= 6 && matchesCesu8(bytes, pos)) {
        int cp =
            ((bytes[pos + 1] & 0x0F) << 16)
                + ((bytes[pos + 2] & 0x3F) << 10)
                + ((bytes[pos + 4] & 0x0F) << 6)
                + (bytes[pos + 5] & 0x3F)
                + 0x10000;
        out.appendCodePoint(cp);
        pos += 6;
      } else {
        return null;
      }
    }
    return out.toString();
  }

  /**
   * The length of the valid sequence at {@code i}, or minus the length of its maximal invalid
   * subpart (at least one byte).
   */
  private static int validSequenceLength(byte[] bytes, int i, int to) {
    int lead = bytes[i] & 0xFF;
    if (lead < 0x80) {
      return 1;
    }
    int needed;
    int low = 0x80;
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      needed = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      needed = 2;
      if (lead == 0xE0) {
        low = 0xA0;
      } else if (lead == 0xED) {
        high = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      needed = 3;
      if (lead == 0xF0) {
        low = 0x90;
      } else if (lead == 0xF4) {
        high = 0x8F;
      }
    } else {
      return -1;
    }
    for (int k = 1; k <= needed; k++) {
      if (i + k >= to) {
        return -k;
      }
      int b = bytes[i + k] & 0xFF;
      boolean ok = k == 1 ? b >= low && b <= high : b >= 0x80 && b <= 0xBF;
      if (!ok) {
        return -k;
      }
    }
    return needed + 1;
  }

  private static int codePoint(byte[] bytes, int i, int length) {
    int lead = bytes[i] & 0xFF;
    return switch (length) {
      case 1 -> lead;
      case 2 -> ((lead & 0x1F) << 6) | (bytes[i + 1] & 0x3F);
      case 3 -> ((lead & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
      default ->
          ((lead & 0x07) << 18)
              | ((bytes[i + 1] & 0x3F) << 12)
              | ((bytes[i + 2] & 0x3F) << 6)
              | (bytes[i + 3] & 0x3F);
    };
  }

  /** The first position from {@code from} where ftfy's special-bytes expression matches, or -1. */
  private static int findSpecial(byte[] bytes, int from) {
    for (int p = from; p < bytes.length; p++) {
      int b = bytes[p] & 0xFF;
      if (b == 0xC0 && step(bytes, p + 1, 0x80, 0x80) >= 0) {
        return p;
      }
      // The surrogate alternative (ED [A0-BF] [80-BF]) covers the CESU-8 one, which starts alike.
      if (b == 0xED) {
        int q = step(bytes, p + 1, 0xA0, 0xBF);
        if (q >= 0 && step(bytes, q, 0x80, 0xBF) >= 0) {
          return p;
        }
      }
    }
    return -1;
  }

  /** ED [A0-AF] [80-BF] ED [B0-BF] [80-BF], each part also satisfied by {@code $}. */
  private static boolean matchesCesu8(byte[] bytes, int p) {
    int q = step(bytes, p + 1, 0xA0, 0xAF);
    q = q < 0 ? q : step(bytes, q, 0x80, 0xBF);
    q = q < 0 ? q : step(bytes, q, 0xED, 0xED);
    q = q < 0 ? q : step(bytes, q, 0xB0, 0xBF);
    q = q < 0 ? q : step(bytes, q, 0x80, 0xBF);
    return q >= 0;
  }

  /**
   * Matches {@code ([low-high]|$)} at {@code q}: the next position, or -1. Python's {@code $}
   * matches at the end and just before a final newline, without consuming anything.
   */
  private static int step(byte[] bytes, int q, int low, int high) {
    int n = bytes.length;
    if (q < n && (bytes[q] & 0xFF) >= low && (bytes[q] & 0xFF) <= high) {
      return q + 1;
    }
    boolean atDollar = q == n || (q == n - 1 && bytes[q] == '\n');
    return atDollar ? q : -1;
  }
}
