package org.reactvl.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactvl.examples.emoji.Domain;

class DemoSettingsTest {
  private static final Path OUT = Path.of("target", "react-demo");

  @Test
  void should_default_to_both_domains_the_whole_pool_and_the_shipped_model() {
    DemoSettings s = DemoSettings.builder(OUT).build();

    assertThat(s.domains()).containsExactly(Domain.ANIMALS_47, Domain.FOOD_36);
    assertThat(s.model()).isEmpty();
    assertThat(s.poolLimit()).isZero();
    assertThat(s.perClass()).isEqualTo(DemoSettings.DEFAULT_PER_CLASS);
    assertThat(s.gatedLayers()).isEqualTo(2);
    assertThat(s.classesOf(Domain.FOOD_36)).hasSize(36);
    assertThat(s.quick()).isFalse();
  }

  @Test
  void should_apply_the_quick_recipe_and_let_later_setters_override_it() {
    DemoSettings s = DemoSettings.builder(OUT).quick().epochs(1).build();

    assertThat(s.quick()).isTrue();
    assertThat(s.perClass()).isEqualTo(DemoSettings.QUICK_PER_CLASS);
    assertThat(s.epochs()).isEqualTo(1);
    assertThat(s.toMap()).containsEntry("quick", true).containsEntry("per_class", DemoSettings.QUICK_PER_CLASS);
  }

  @Test
  void should_keep_the_first_classes_of_each_domain_when_limited() {
    DemoSettings s = DemoSettings.builder(OUT).classLimit(3).build();

    assertThat(s.classesOf(Domain.ANIMALS_47)).containsExactly("dog", "cat", "mouse");
    assertThat(s.classesOf(Domain.FOOD_36)).containsExactly("apple", "banana", "grapes");
  }

  @Test
  void should_name_the_setting_that_is_out_of_range() {
    assertThatThrownBy(() -> DemoSettings.builder(OUT).batchSize(1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("batchSize must be at least 2, but was 1");
    assertThatThrownBy(() -> DemoSettings.builder(OUT).perClass(0).build())
        .hasMessage("perClass must be at least 1, but was 0");
    assertThatThrownBy(() -> DemoSettings.builder(OUT).gatedLearningRate(Double.NaN).build())
        .hasMessage("gatedLearningRate must be a positive number, but was NaN");
    assertThatThrownBy(() -> DemoSettings.builder(OUT).domains(List.of()).build())
        .hasMessage("domains must name at least one domain, but was empty");
    assertThatThrownBy(() -> DemoSettings.builder(OUT).domains(List.of(Domain.FOOD_36, Domain.FOOD_36)).build())
        .hasMessage("domains must not repeat a domain, but was [FOOD_36, FOOD_36]");
  }

  @Test
  void should_draw_the_same_seeded_sample_every_time_in_the_list_order() {
    List<Integer> items = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    List<Integer> a = DemoPipeline.sample(items, 4, 7);
    List<Integer> b = DemoPipeline.sample(items, 4, 7);

    assertThat(a).isEqualTo(b).hasSize(4).isSorted().doesNotHaveDuplicates();
    assertThat(DemoPipeline.sample(items, 0, 7)).isEqualTo(items);
    assertThat(DemoPipeline.sample(items, 20, 7)).isEqualTo(items);
  }
}
