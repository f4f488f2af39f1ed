package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void should_decode_strictly_like_python() {
    assertThat(Utf8.decodeStrict(bytes(0x63, 0xC3, 0xA9), 0, 3)).isEqualTo("c\u00e9");
    assertThat(Utf8.decodeStrict(bytes(0xC0, 0x80), 0, 2)).as("overlong").isNull();
    assertThat(Utf8.decodeStrict(bytes(0xED, 0xA0, 0x80), 0, 3)).as("surrogate").isNull();
    assertThat(Utf8.decodeStrict(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4)).as("above U+10FFFF").isNull();
    assertThat(Utf8.decodeStrict(bytes(0xE2, 0x82), 0, 2)).as("truncated").isNull();
  }

  @Test
  void should_replace_each_maximal_invalid_subpart() {
    // E0 80: E0 needs A0..BF next, so E0 alone is one subpart, 80 another.
    assertThat(Utf8.decodeReplacing(bytes(0xE0, 0x80, 0x41))).isEqualTo("\uFFFD\uFFFDA");
    // F0 9F 98 is a truncated four-byte sequence: one U+FFFD.
    assertThat(Utf8.decodeReplacing(bytes(0xF0, 0x9F, 0x98))).isEqualTo("\uFFFD");
  }

  @Test
  void should_decode_cesu8_pairs_and_java_nul_as_variants() {
    // U+1F600 as the UTF-8 of its two surrogates, and C0 80 for NUL.
    assertThat(Utf8.decodeVariants(bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80, 0xC0, 0x80))).isEqualTo("\uD83D\uDE00\u0000");
    assertThat(Utf8.decodeVariants(bytes(0xED, 0x9F, 0xBF))).as("Hangul-range ED is plain UTF-8").isEqualTo("\ud7ff");
    assertThat(Utf8.decodeVariants(bytes(0xED, 0xA0, 0x80))).as("lone surrogate").isNull();
    assertThat(Utf8.decodeVariants(bytes(0x41, 0xC0))).as("lone C0").isNull();
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }
}
