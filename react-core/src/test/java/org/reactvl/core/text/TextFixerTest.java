package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ftfy's {@code fix_text} effects one by one; expected values are what ftfy 6.3.1 returns. */
class TextFixerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Latin-1 read as UTF-8, the classic case.
        "latin-1 mojibake|CafÃ© au lait|Café au lait",
        // Two layers: UTF-8 read as Windows-1252, twice.
        "two layers|CafÃƒÂ© twice|Café twice",
        // A curly apostrophe through two layers of Windows-1252.
        "apostrophe|The Mona Lisa doesnÃ¢â‚¬â„¢t have eyebrows.|The Mona Lisa doesn't have eyebrows.",
        // Cyrillic read as Windows-1252.
        "cyrillic|ÐŸÑ€Ð¸Ð²ÐµÑ‚|Привет",
        // A heavy check mark read as Windows-1252.
        "symbol|âœ” No problems|✔ No problems",
        // A space that was U+00A0 before the code page turned it into a space.
        "restored nbsp|voilÃ  le travail|voilà le travail",
        // Only the mojibake part of mixed text is fixed; the real curly quotes are then straightened.
        "inconsistent|Ã©tÃ© and “real” quotes|été and \"real\" quotes",
      })
  void should_repair_mojibake(String name, String broken, String fixed) {
    assertThat(TextFixer.fixText(broken)).isEqualTo(fixed);
  }

  @Test
  void should_repair_cesu8_and_utf8_read_as_latin1() {
    // given: U+1F600 as UTF-8 bytes, and as a CESU-8 surrogate pair, both read as Latin-1
    String utf8 = "\u00f0\u009f\u0098\u0080";
    String cesu8 = "\u00ed\u00a0\u00bd\u00ed\u00b8\u0080";

    // when / then
    assertThat(TextFixer.fixText(utf8)).isEqualTo("\uD83D\uDE00");
    assertThat(TextFixer.fixText(cesu8)).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void should_read_c1_controls_as_windows_1252() {
    assertThat(TextFixer.fixText("next\u0085line")).isEqualTo("next\u2026line");
    // \x93 \x94 are curly double quotes in Windows-1252, which are then straightened.
    assertThat(TextFixer.fixText("\u0093quoted\u0094")).isEqualTo("\"quoted\"");
  }

  @Test
  void should_remove_control_characters_but_keep_tab_newline_and_form_feed() {
    assertThat(TextFixer.fixText("a\u000bb\u0000c\u0007d\u007fe\ufeff")).isEqualTo("abcde");
    assertThat(TextFixer.fixText("\ufeffBOM at start")).isEqualTo("BOM at start");
    assertThat(TextFixer.fixText("file\u001cseparator")).isEqualTo("fileseparator");
    // \r becomes \n (line breaks), \t and \f stay.
    assertThat(TextFixer.fixText("tab\tnl\nff\fcr\r")).isEqualTo("tab\tnl\nff\fcr\n");
  }

  @Test
  void should_remove_terminal_escapes() {
    assertThat(TextFixer.fixText("\u001b[31mred\u001b[0m")).isEqualTo("red");
  }

  @Test
  void should_straighten_curly_quotes() {
    assertThat(TextFixer.fixText("don\u2019t \u2018single\u2019 \u201cdouble\u201d \u02bcx")).isEqualTo("don't 'single' \"double\" 'x");
  }

  @Test
  void should_split_latin_ligatures_and_digraphs() {
    assertThat(TextFixer.fixText("\ufb01ne \ufb02ubber \u01c4ungla \u01c6 \u0133")).isEqualTo("fine flubber D\u017dungla d\u017e ij");
  }

  @Test
  void should_normalise_character_width() {
    assertThat(TextFixer.fixText("\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff33")).isEqualTo("LOUD NOISES");
    assertThat(TextFixer.fixText("\uff76\uff80\uff76\uff85")).isEqualTo("\u30ab\u30bf\u30ab\u30ca");
    assertThat(TextFixer.fixText("\u4e2d\u6587\uff0c\uff01")).isEqualTo("\u4e2d\u6587,!");
  }

  @Test
  void should_unify_line_breaks_and_compose_accents() {
    assertThat(TextFixer.fixText("a\r\nb\u2028c\u2029d")).isEqualTo("a\nb\nc\nd");
    assertThat(TextFixer.fixText("e\u0301")).isEqualTo("\u00e9");
  }

  @Test
  void should_replace_lone_surrogates() {
    assertThat(TextFixer.fixText("x\uD800y")).isEqualTo("x\uFFFDy");
  }

  @Test
  void should_unescape_html_only_on_lines_before_the_first_one_with_a_tag() {
    // given: ftfy decodes entities repeatedly until the segment is stable
    assertThat(TextFixer.fixText("&amp;amp;amp;")).isEqualTo("&");
    assertThat(TextFixer.fixText("Broken text&hellip; it&#x2019;s \ufb02ubberi\ufb01c!"))
        .isEqualTo("Broken text\u2026 it's flubberific!");

    // when a line holds '<', that line and every later one is taken as real HTML
    assertThat(TextFixer.fixText("<b>x</b>\n&amp;amp;")).isEqualTo("<b>x</b>\n&amp;amp;");
    assertThat(TextFixer.fixText("&amp;amp;\n<b>x</b>")).isEqualTo("&\n<b>x</b>");
  }

  @Test
  void should_leave_good_text_alone() {
    String good = "Zürich, 東京 and 😀 — “fine” text…";
    assertThat(TextFixer.fixText("café")).isEqualTo("café");
    assertThat(TextFixer.fixText(good)).isEqualTo("Zürich, 東京 and 😀 — \"fine\" text…");
    assertThat(TextFixer.fixText("")).isEmpty();
  }
}
