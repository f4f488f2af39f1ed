package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Python string semantics measured from CPython 3.11 and regex 2022.10.31. */
class PythonUnicodeTest {

  @Test
  void should_apply_final_sigma_like_cpython() {
    assertThat(PythonUnicode.lower("\u03a3")).isEqualTo("\u03c3");
    assertThat(PythonUnicode.lower("\u0391\u03a3.")).isEqualTo("\u03b1\u03c2.");
    assertThat(PythonUnicode.lower("\u0391\u03a3\u0391")).isEqualTo("\u03b1\u03c3\u03b1");
    // Case-ignorable characters (an apostrophe, a combining accent) are skipped on both sides.
    assertThat(PythonUnicode.lower("\u0391\u03a3'")).isEqualTo("\u03b1\u03c2'");
    assertThat(PythonUnicode.lower("\u0391\u0301\u03a3")).isEqualTo("\u03b1\u0301\u03c2");
  }

  @Test
  void should_lower_with_full_mappings_of_unicode_14_only() {
    assertThat(PythonUnicode.lower("\u0130")).isEqualTo("i\u0307");
    assertThat(PythonUnicode.lower("ÀÉÎ ABC \uD801\uDC00")).isEqualTo("àéî abc \uD801\uDC28");
    // U+1C89 (Cyrillic capital TJE) is new in Unicode 16: Python 3.11 leaves it alone.
    assertThat(PythonUnicode.lower("\u1c89")).isEqualTo("\u1c89");
  }

  @Test
  void should_classify_letters_and_numbers_like_regex_2022() {
    assertThat(PythonUnicode.isLetter('a')).isTrue();
    assertThat(PythonUnicode.isLetter(0x1E030)).as("Unicode 15 letter").isTrue();
    assertThat(PythonUnicode.isLetter(0x1C89)).as("Unicode 16 letter").isFalse();
    assertThat(PythonUnicode.isLetter(0x345)).isFalse();
    assertThat(PythonUnicode.isNumber(0x663)).isTrue();
    assertThat(PythonUnicode.isNumber(0xB2)).isTrue();
    assertThat(PythonUnicode.isNumber(0x1D2C0)).as("Unicode 15 Kaktovik numeral").isTrue();
  }

  @Test
  void should_tell_isspace_from_the_regex_whitespace_class() {
    // str.isspace() includes the information separators U+001C..U+001F, regex's \s does not.
    assertThat(PythonUnicode.isSpace(0x1C)).isTrue();
    assertThat(PythonUnicode.isRegexWhitespace(0x1C)).isFalse();
    assertThat(PythonUnicode.isRegexWhitespace(0x3000)).isTrue();
    assertThat(PythonUnicode.isSpace(0x200B)).isFalse();
    assertThat(PythonUnicode.strip("\u001c\u3000 x y\u0085")).isEqualTo("x y");
  }
}
