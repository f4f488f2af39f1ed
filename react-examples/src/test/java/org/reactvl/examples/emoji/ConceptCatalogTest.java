package org.reactvl.examples.emoji;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConceptCatalogTest {

  private static ConceptCatalog catalog;

  @BeforeAll
  static void loadCatalog() {
    catalog = ConceptCatalog.load();
  }

  @Test
  void should_slugify_cldr_names_the_way_iconify_names_icons() {
    assertThat(EmojiConcept.slugOf("dog face")).isEqualTo("dog-face");
    assertThat(EmojiConcept.slugOf("woman’s hat")).isEqualTo("womans-hat");
    assertThat(EmojiConcept.slugOf("piñata")).isEqualTo("pinata");
    assertThat(EmojiConcept.slugOf("flag: Trinidad & Tobago")).isEqualTo("flag-trinidad-and-tobago");
    assertThat(EmojiConcept.slugOf("keycap: *")).isEqualTo("keycap-asterisk");
    assertThat(EmojiConcept.slugOf("keycap: #")).isEqualTo("keycap-pound");
    assertThat(EmojiConcept.slugOf("A button (blood type)")).isEqualTo("a-button-blood-type");
  }

  @Test
  void should_carry_cldr_name_keywords_aliases_and_emojilib_keywords() {
    // when
    EmojiConcept dog = catalog.bySlug("dog-face").orElseThrow();

    // then
    assertThat(dog.emoji()).isEqualTo("\uD83D\uDC36");
    assertThat(dog.cldrName()).isEqualTo("dog face");
    assertThat(dog.group()).isEqualTo("Animals & Nature");
    assertThat(dog.subgroup()).isEqualTo("animal-mammal");
    assertThat(dog.keywords()).contains("dog", "face", "pet");
    assertThat(dog.aliases()).contains("dog");
    assertThat(dog.emojilibKeywords()).startsWith("dog_face").contains("woof");
  }

  @Test
  void should_offer_several_captions_with_the_cldr_name_first() {
    // when
    var captions = catalog.bySlug("dog-face").orElseThrow().captions();

    // then: name; name with CLDR tags; emojilib keywords; the chat short code
    assertThat(captions).hasSize(4);
    assertThat(captions.get(0)).isEqualTo("dog face");
    assertThat(captions.get(1)).startsWith("dog face: ").contains("pet");
    assertThat(captions.get(2)).startsWith("dog face, ").contains("woof");
    assertThat(captions.get(3)).isEqualTo("dog");
  }

  @Test
  void should_join_icons_by_slug_alias_compact_name_unicode_name_and_variant_number() {
    // by CLDR slug
    assertThat(slugOf("twemoji", "dog-face")).isEqualTo("dog-face");
    // through the set's alias: EmojiOne's "bear-face" is also called "bear", the CLDR name
    assertThat(slugOf("emojione", "bear-face")).isEqualTo("bear");
    // fxemoji drops hyphens ("alarmclock") or uses Unicode character names (U+1F346 AUBERGINE)
    assertThat(slugOf("fxemoji", "alarmclock")).isEqualTo("alarm-clock");
    assertThat(slugOf("fxemoji", "aubergine")).isEqualTo("eggplant");
    // streamline numbers its variants
    assertThat(slugOf("streamline-emojis", "bird-2")).isEqualTo("bird");
    // EmojiOne's legacy flag names
    assertThat(slugOf("emojione", "flag-for-greenland")).isEqualTo("flag-greenland");
  }

  @Test
  void should_join_by_codepoint_where_the_name_is_not_a_cldr_name() {
    // given: fluent-emoji-flat names its tone variants "artist-dark" ..., which are not CLDR names
    IconSet flat = IconSet.load("fluent-emoji-flat");

    // then: they join through the set's code point map, to concepts with a skin-tone modifier
    assertThat(catalog.resolve(flat, "artist-dark")).hasValueSatisfying(c ->
        assertThat(SkinTones.hasModifier(c.emoji())).isTrue());
    assertThat(catalog.resolve(flat, "dog-face").map(EmojiConcept::slug)).hasValue("dog-face");
  }

  @Test
  void should_not_join_what_is_not_an_emoji() {
    assertThat(catalog.resolve(IconSet.load("openmoji"), "arduino")).isEmpty();
  }

  private static String slugOf(String family, String icon) {
    return catalog.resolve(IconSet.load(family), icon).map(EmojiConcept::slug).orElse("<not joined>");
  }
}
