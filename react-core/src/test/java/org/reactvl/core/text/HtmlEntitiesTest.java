package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Python's {@code html.unescape} and ftfy's {@code unescape_html}; expected values from Python 3.11. */
class HtmlEntitiesTest {

  @ParameterizedTest(name = "html.unescape({0})")
  @CsvSource(
      delimiter = '|',
      value = {
        "&amp;|&",
        "&amp|&",
        "&AMP;|&",
        "&lt3|<3",
        "&#65;&#x42;|AB",
        "&#x80;|\u20ac",
        "&#150;|\u2013",
        "&notanentity;|\u00acanentity;",
        "&NotAnEntity;|&NotAnEntity;",
        "AT&T|AT&T",
      })
  void should_unescape_like_python(String escaped, String expected) {
    assertThat(HtmlEntities.unescape(escaped)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "html.unescape of invalid code point {0}")
  @CsvSource({"&#0;,\uFFFD", "&#xD800;,\uFFFD", "&#1114112;,\uFFFD", "&#x110000,\uFFFD"})
  void should_replace_invalid_references(String escaped, String expected) {
    assertThat(HtmlEntities.unescape(escaped)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "html.unescape drops {0}")
  @CsvSource({"&#1;", "&#x7f;", "&#xFFFE;", "&#x10FFFF;", "&#xFDD0;"})
  void should_drop_control_and_noncharacter_references(String escaped) {
    assertThat(HtmlEntities.unescape("[" + escaped + "]")).isEqualTo("[]");
  }

  @ParameterizedTest(name = "ftfy unescape_html({0})")
  @CsvSource(
      delimiter = '|',
      value = {
        "&eacute;|\u00e9",
        // Upper-cased names are accepted when they are not entities of their own.
        "&EACUTE;|\u00c9",
        "&SZLIG;|SS",
        // ftfy wants the ';' and leaves incomplete references to Python's unescape.
        "&amp|&amp",
        "&#x2019;|\u2019",
        "&#65a;|&#65a;",
        "&notanentity;|&notanentity;",
      })
  void should_unescape_like_ftfy(String escaped, String expected) {
    assertThat(HtmlEntities.unescapeFtfy(escaped)).isEqualTo(expected);
  }
}
