package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplatesTest {

  @Test
  void should_hold_openais_80_imagenet_templates_in_order() {
    // when
    PromptTemplates templates = PromptTemplates.imagenet80();

    // then
    assertThat(templates.name()).isEqualTo("imagenet80");
    assertThat(templates.size()).isEqualTo(80);
    assertThat(templates.templates()).doesNotHaveDuplicates().allMatch(t -> t.contains("{}"));
    assertThat(templates.templates().get(0)).isEqualTo("a bad photo of a {}.");
    assertThat(templates.templates().get(35)).isEqualTo("a {} in a video game.");
    assertThat(templates.templates().get(79)).isEqualTo("a tattoo of the {}.");
    // The seven that OpenAI's forward selection kept are all there.
    assertThat(templates.templates())
        .contains(
            "itap of a {}.",
            "a bad photo of the {}.",
            "a origami {}.",
            "a photo of the large {}.",
            "a {} in a video game.",
            "art of the {}.",
            "a photo of the small {}.");
  }

  @Test
  void should_fill_every_template_with_the_class_name() {
    assertThat(PromptTemplates.simple().fill("golden retriever")).containsExactly("a photo of a golden retriever.");
    List<String> prompts = PromptTemplates.imagenet80().fill("tench");
    assertThat(prompts).hasSize(80).startsWith("a bad photo of a tench.", "a photo of many tench.");
    // The name is inserted verbatim, braces included.
    assertThat(PromptTemplates.simple().fill("{}")).containsExactly("a photo of a {}.");
  }

  @Test
  void should_validate_templates() {
    assertThatThrownBy(() -> new PromptTemplates("mine", List.of("a {}.", "no placeholder")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("templates[1] must contain {} (set 'mine'), but was no placeholder");
    assertThatThrownBy(() -> new PromptTemplates("mine", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("templates must not be empty (set 'mine')");
    assertThatThrownBy(() -> new PromptTemplates(" ", List.of("a {}.")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank, but was ' '");
  }
}
