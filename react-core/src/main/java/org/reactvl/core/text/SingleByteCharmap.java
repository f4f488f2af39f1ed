package org.reactvl.core.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-byte encoding as ftfy uses it to undo mojibake: 256 byte-to-char entries and the
 * inverse. The "sloppy" Windows code pages fill their unassigned bytes with the Latin-1 character
 * of the same number and decode byte 0x1A to U+FFFD (ftfy's marker for a lost byte), so any text
 * made of their characters can be re-encoded.
 *
 * <p>Immutable and thread-safe. The tables come from the JDK's charsets, which agree byte for byte
 * with Python's codecs for the ten encodings ftfy tries.
 */
final class SingleByteCharmap {
  static final SingleByteCharmap LATIN_1 = of("latin-1", "ISO-8859-1", false);
  static final SingleByteCharmap SLOPPY_WINDOWS_1252 = of("sloppy-windows-1252", "windows-1252", true);

  /** ftfy's {@code CHARMAP_ENCODINGS}, in the order it tries them. */
  static final List<SingleByteCharmap> MOJIBAKE_CANDIDATES =
      List.of(
          LATIN_1,
          SLOPPY_WINDOWS_1252,
          of("sloppy-windows-1251", "windows-1251", true),
          of("sloppy-windows-1250", "windows-1250", true),
          of("sloppy-windows-1253", "windows-1253", true),
          of("sloppy-windows-1254", "windows-1254", true),
          of("sloppy-windows-1257", "windows-1257", true),
          of("iso-8859-2", "ISO-8859-2", false),
          of("macroman", "x-MacRoman", false),
          of("cp437", "IBM437", false));

  private final String name;
  private final boolean sloppy;
  private final char[] decode;
  private final Map<Character, Byte> encode;

  private SingleByteCharmap(String name, boolean sloppy, char[] decode) {
    this.name = name;
    this.sloppy = sloppy;
    this.decode = decode;
    Map<Character, Byte> inverse = new HashMap<>();
    for (int b = 255; b >= 0; b--) {
      inverse.put(decode[b], (byte) b);
    }
    this.encode = Map.copyOf(inverse);
  }

  private static SingleByteCharmap of(String name, String javaCharset, boolean sloppy) {
    CharsetDecoder decoder =
        Charset.forName(javaCharset)
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    char[] table = new char[256];
    for (int b = 0; b < 256; b++) {
      try {
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(new byte[] {(byte) b}));
        table[b] = chars.charAt(0);
      } catch (CharacterCodingException unassigned) {
        if (!sloppy) {
          throw new IllegalStateException(name + " must map every byte, but byte " + b + " is unassigned");
        }
        table[b] = (char) b;
      }
    }
    if (sloppy) {
      table[0x1A] = '\uFFFD';
    }
    return new SingleByteCharmap(name, sloppy, table);
  }

  /** The encoding's name as ftfy spells it. */
  String name() {
    return name;
  }

  /** Whether this is one of ftfy's "sloppy" code pages. */
  boolean isSloppy() {
    return sloppy;
  }

  /** The character of one byte (0..255). */
  char decode(int unsignedByte) {
    return decode[unsignedByte];
  }

  /** Whether every char of the text is one this encoding can produce. */
  boolean canEncode(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (!encode.containsKey(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of the text; only call after {@link #canEncode} said yes. */
  byte[] encode(CharSequence text) {
    byte[] out = new byte[text.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = encode.get(text.charAt(i));
    }
    return out;
  }

  @Override
  public String toString() {
    return name;
  }
}
