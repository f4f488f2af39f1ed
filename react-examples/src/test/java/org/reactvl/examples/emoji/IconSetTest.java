package org.reactvl.examples.emoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IconSetTest {

  @Test
  void should_read_icons_licence_aliases_and_codepoints_of_twemoji() {
    // when
    IconSet twemoji = IconSet.load("twemoji");

    // then: Twemoji draws on a 36x36 grid, is CC BY 4.0 and maps U+1F436 to its dog face
    assertThat(twemoji.prefix()).isEqualTo("twemoji");
    assertThat(twemoji.license().spdx()).isEqualTo("CC-BY-4.0");
    assertThat(twemoji.license().attribution()).startsWith("Twitter Emoji by Twitter (");
    SvgIcon dog = twemoji.icon("dog-face").orElseThrow();
    assertThat(dog.width()).isEqualTo(36);
    assertThat(dog.height()).isEqualTo(36);
    assertThat(dog.toSvg()).startsWith("<svg ").contains("viewBox=\"0 0 36 36\"").endsWith("</svg>");
    assertThat(twemoji.codepointsOf("dog-face")).containsExactly("1f436");
    assertThat(twemoji.aliasesOf("a-button-blood-type")).contains("a-button");
  }

  @Test
  void should_leave_out_hidden_icons() {
    // given: twemoji keeps "adult" only as a hidden compatibility name
    IconSet twemoji = IconSet.load("twemoji");

    // then
    assertThat(twemoji.icon("adult")).isEmpty();
    assertThat(twemoji.iconNames()).doesNotContain("adult").isSorted();
  }

  @Test
  void should_take_per_icon_view_box_over_the_set_default() {
    // given: fxemoji's thumbs-down is 512 wide but only 470 high
    SvgIcon thumbsDown = IconSet.load("fxemoji").icon("thumbsdown").orElseThrow();

    // then
    assertThat(thumbsDown.toSvg()).contains("viewBox=\"0 0 512 470\"");
  }

  @Test
  void should_name_the_missing_resource_when_a_set_does_not_exist() {
    assertThatThrownBy(() -> IconSet.load("no-such-set"))
        .isInstanceOf(EmojiDataException.class)
        .hasMessageContaining("json/no-such-set.json must exist, but was not found")
        .hasMessageContaining("org.webjars.npm:iconify__json must be on the classpath");
  }

  @Test
  void should_reject_a_prefix_that_is_not_an_iconify_prefix() {
    assertThatThrownBy(() -> IconSet.load("../twemoji"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("icon set prefix must be lower-case letters, digits and hyphens, but was '../twemoji'");
  }
}
