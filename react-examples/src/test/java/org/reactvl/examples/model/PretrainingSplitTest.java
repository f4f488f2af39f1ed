package org.reactvl.examples.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiImage;
import org.reactvl.examples.emoji.SetLicense;

class PretrainingSplitTest {
  private static final SetLicense LICENSE = new SetLicense("set", "author", "https://a", "MIT", "MIT", "https://l");

  private static EmojiImage image(String family, String concept) {
    return new EmojiImage(family + "/" + concept, family, concept, Path.of(concept + ".png"), List.of(concept), LICENSE, Optional.empty());
  }

  private static final List<EmojiImage> POOL = List.of(
      image("twemoji", "dog-face"), image("noto", "dog-face"), image("openmoji", "dog-face"),
      image("openmoji", "banana"), image("openmoji", "rocket"), image("fxemoji", "rocket"));

  @Test
  void should_keep_the_thinned_domains_concepts_only_in_the_kept_families_and_everything_else() {
    List<EmojiImage> kept = PretrainingSplit.PAPER_SHAPED.select(POOL);

    assertThat(kept).extracting(EmojiImage::id)
        .containsExactly("twemoji/dog-face", "noto/dog-face", "openmoji/rocket", "fxemoji/rocket");
    Map<String, Object> described = PretrainingSplit.PAPER_SHAPED.describe(POOL);
    assertThat(described).containsEntry("images", 4).containsEntry("images_left_out", 2)
        .containsEntry("thinned_domains", List.of("animals-47", "food-36"));
    assertThat(described.get("domain_images")).isEqualTo(Map.of(
        "animals-47", Map.of("pretrained", 2, "pool_only", 1), "food-36", Map.of("pretrained", 0, "pool_only", 1)));
    assertThat(PretrainingSplit.WHOLE_POOL.select(POOL)).isEqualTo(POOL);
  }

  @Test
  void should_keep_only_the_families_chosen() {
    PretrainingSplit half = new PretrainingSplit(List.of("openmoji", "fxemoji"), List.of(), List.of());

    assertThat(half.select(POOL)).extracting(EmojiImage::family).containsExactly("openmoji", "openmoji", "openmoji", "fxemoji");
  }

  @Test
  void should_name_a_family_outside_the_pool_or_a_kept_family_not_pre_trained_on() {
    assertThatThrownBy(() -> new PretrainingSplit(List.of("fluent-emoji"), List.of(), List.of()))
        .hasMessageStartingWith("pre-training families must be pool families").hasMessageEndingWith("but contained 'fluent-emoji'");
    assertThatThrownBy(() -> new PretrainingSplit(List.of("openmoji"), List.of(Domain.FOOD_36), List.of("twemoji")))
        .hasMessage("kept families must be pre-training families [openmoji], but contained 'twemoji'");
    assertThatThrownBy(() -> new PretrainingSplit(List.of("noto"), List.of(), List.of()).select(POOL.subList(0, 1)))
        .hasMessageContaining("must keep at least one of the 1 pool images");
  }
}
