package org.reactvl.examples.emoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Selection over the real sets (no rendering), and one small rendered test set. */
class EmojiCorpusTest {

  private static List<EmojiCorpus.Planned> pool;
  private static Map<Domain, List<EmojiCorpus.Planned>> tests;
  private static Map<Domain, List<EmojiCorpus.Planned>> validations;

  @TempDir Path cache;

  @BeforeAll
  static void planTheDefaultCorpus(@TempDir Path unused) {
    EmojiCorpus corpus = EmojiCorpus.builder().cacheDir(unused).build();
    pool = corpus.planPool();
    tests = corpus.planTestSets();
    validations = corpus.planValidationSets();
  }

  @Test
  void should_join_dog_face_in_the_pool_and_in_the_held_out_test_set() {
    assertThat(pool).filteredOn(p -> p.id().equals("twemoji/dog-face")).singleElement()
        .satisfies(p -> assertThat(p.concept().slug()).isEqualTo("dog-face"));
    assertThat(tests.get(Domain.ANIMALS_47)).filteredOn(p -> p.id().equals("fluent-emoji/dog-face"))
        .singleElement().satisfies(p -> assertThat(p.label()).hasValue("dog"));
  }

  @Test
  void should_keep_every_held_out_image_out_of_the_pool() {
    Set<String> poolArt = pool.stream().map(p -> p.icon().artKey()).collect(Collectors.toSet());
    assertThat(pool).extracting(EmojiCorpus.Planned::family).doesNotContainAnyElementsOf(EmojiCorpus.TEST_FAMILIES);
    for (List<EmojiCorpus.Planned> test : tests.values()) {
      assertThat(test).extracting(EmojiCorpus.Planned::family).isSubsetOf(EmojiCorpus.TEST_FAMILIES);
      assertThat(test).noneMatch(p -> poolArt.contains(p.icon().artKey()));
    }
  }

  @Test
  void should_never_put_the_same_art_twice_in_the_pool() {
    Set<String> art = new HashSet<>();
    assertThat(pool).allMatch(p -> art.add(p.icon().artKey()));
    assertThat(pool).extracting(EmojiCorpus.Planned::id).doesNotHaveDuplicates();
  }

  @Test
  void should_drop_skin_tone_variants() {
    // twemoji has "waving-hand" and its five toned siblings
    assertThat(pool).extracting(EmojiCorpus.Planned::id)
        .contains("twemoji/waving-hand")
        .doesNotContain("twemoji/waving-hand-light-skin-tone", "noto/waving-hand-tone1")
        .noneMatch(id -> id.contains("skin-tone"));
    assertThat(pool).noneMatch(p -> SkinTones.hasModifier(p.concept().emoji()));
    tests.values().forEach(t -> assertThat(t).noneMatch(p -> SkinTones.hasModifier(p.concept().emoji())));
  }

  @Test
  void should_give_every_class_of_every_domain_at_least_one_test_image() {
    for (Domain domain : Domain.values()) {
      Set<String> covered = tests.get(domain).stream().map(p -> p.label().orElseThrow()).collect(Collectors.toSet());
      assertThat(covered).as(domain.id()).containsExactlyInAnyOrderElementsOf(domain.classNames());
    }
  }

  @Test
  void should_render_a_test_set_once_and_reuse_the_cache() {
    // given: one fast held-out family
    EmojiCorpus first = EmojiCorpus.builder().cacheDir(cache).size(64)
        .testFamilies(List.of("fluent-emoji-high-contrast")).renderThreads(2).build();

    // when
    List<EmojiImage> food = first.testSet(Domain.FOOD_36);
    EmojiCorpus second = EmojiCorpus.builder().cacheDir(cache).size(64)
        .testFamilies(List.of("fluent-emoji-high-contrast")).build();
    List<EmojiImage> again = second.testSet(Domain.FOOD_36);

    // then
    assertThat(food).isNotEmpty().allSatisfy(i -> {
      assertThat(i.png()).isRegularFile().startsWith(cache.toAbsolutePath().resolve(IconSet.version()).resolve("64"));
      assertThat(i.label()).isPresent();
      assertThat(i.license().spdx()).isEqualTo("MIT");
    });
    assertThat(first.renderStats().rendered()).isEqualTo(food.size());
    assertThat(second.renderStats().rendered()).isZero();
    assertThat(second.renderStats().reused()).isEqualTo(food.size());
    assertThat(again).isEqualTo(food);
    assertThat(Files.exists(first.imageDir())).isTrue();
  }

  @Test
  void should_draw_labelled_validation_sets_from_a_design_neither_the_pool_nor_the_test_sets_have() {
    Set<String> otherArt = pool.stream().map(p -> p.icon().artKey()).collect(Collectors.toSet());
    tests.values().forEach(t -> t.forEach(p -> otherArt.add(p.icon().artKey())));
    for (Domain domain : Domain.values()) {
      assertThat(validations.get(domain)).as(domain.id()).isNotEmpty()
          .allSatisfy(p -> assertThat(p.label()).isPresent())
          .extracting(EmojiCorpus.Planned::family).containsOnly("streamline-emojis");
      assertThat(validations.get(domain)).noneMatch(p -> otherArt.contains(p.icon().artKey()));
    }
    assertThatThrownBy(() -> EmojiCorpus.builder().validationFamilies(List.of("twemoji")).build())
        .hasMessage("pool and validation families must be disjoint, but both contain [twemoji]");
  }

  @Test
  void should_reject_a_family_in_both_pool_and_test() {
    assertThatThrownBy(() -> EmojiCorpus.builder().families(List.of("twemoji", "fluent-emoji")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool and test families must be disjoint, but both contain [fluent-emoji]");
  }

  @Test
  void should_reject_an_empty_family_list() {
    assertThatThrownBy(() -> EmojiCorpus.builder().testFamilies(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("testFamilies must name at least one icon set, but was empty");
  }
}
