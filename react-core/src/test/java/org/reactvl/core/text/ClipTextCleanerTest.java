package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** CLIP's {@code whitespace_clean(basic_clean(text)).lower()} end to end. */
class ClipTextCleanerTest {

  @Test
  void should_run_ftfy_then_unescape_twice_then_collapse_whitespace_then_lower() {
    // given: mojibake, a doubly escaped entity, a curly quote, odd whitespace and capitals
    String text = "  Tom &amp;amp; Jerry\u2019s\u3000\u3000CafÃ©\n";

    // when
    String cleaned = ClipTextCleaner.clean(text);

    // then
    assertThat(cleaned).isEqualTo("tom & jerry's café");
  }

  @Test
  void should_unescape_entities_of_html_lines_with_python_rules() {
    // ftfy keeps entities on a line with '<'; Python's html.unescape (twice) still decodes them.
    assertThat(ClipTextCleaner.clean("<b>bold</b> &amp; tagged")).isEqualTo("<b>bold</b> & tagged");
    // Legacy names without ';' and the longest-prefix rule of HTML5.
    assertThat(ClipTextCleaner.clean("fish &amp chips")).isEqualTo("fish & chips");
    assertThat(ClipTextCleaner.clean("&notanentity;")).isEqualTo("\u00acanentity;");
  }

  @Test
  void should_lower_case_as_python_does() {
    // U+0130 lower-cases to i + combining dot above; a final capital sigma becomes final sigma.
    assertThat(ClipTextCleaner.clean("\u0130stanbul")).isEqualTo("i\u0307stanbul");
    assertThat(ClipTextCleaner.clean("\u039f\u0394\u039f\u03a3 \u03a3\u0391\u03a3")).isEqualTo("\u03bf\u03b4\u03bf\u03c2 \u03c3\u03b1\u03c2");
  }

  @Test
  void should_collapse_every_unicode_space() {
    assertThat(ClipTextCleaner.whitespaceClean(" a\t\n\u00a0\u1680\u2002\u2009\u202f\u205f b \u0085")).isEqualTo("a b");
    // A zero-width joiner is not whitespace.
    assertThat(ClipTextCleaner.whitespaceClean("a\u200db")).isEqualTo("a\u200db");
  }

  @Test
  void should_keep_case_in_basic_clean() {
    assertThat(ClipTextCleaner.basicClean("  Caf\u00c3\u00a9 &amp;amp; ")).isEqualTo("Café &");
  }

  @Test
  void should_clean_empty_and_blank_text_to_empty() {
    assertThat(ClipTextCleaner.clean("")).isEmpty();
    assertThat(ClipTextCleaner.clean(" \n\t ")).isEmpty();
  }

  @Test
  void should_reject_null() {
    assertThatThrownBy(() -> ClipTextCleaner.clean(null)).isInstanceOf(NullPointerException.class).hasMessage("text");
  }
}
