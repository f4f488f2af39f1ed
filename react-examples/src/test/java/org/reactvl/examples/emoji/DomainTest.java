package org.reactvl.examples.emoji;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainTest {

  @Test
  void should_list_the_classes_of_docs_data_md_in_order() {
    assertThat(Domain.ANIMALS_47.classNames()).containsExactly(
        "dog", "cat", "mouse", "rabbit", "tiger", "lion", "horse", "cow", "pig", "sheep", "goat",
        "monkey", "elephant", "camel", "bear", "panda", "koala", "wolf", "fox", "deer", "giraffe",
        "zebra", "kangaroo", "hedgehog", "squirrel", "bat", "penguin", "owl", "eagle", "duck",
        "chicken", "parrot", "butterfly", "bee", "ladybug", "spider", "snail", "fish", "whale",
        "dolphin", "shark", "octopus", "crab", "turtle", "snake", "crocodile", "frog");
    assertThat(Domain.FOOD_36.classNames()).containsExactly(
        "apple", "banana", "grapes", "strawberry", "cherries", "pear", "peach", "lemon", "orange",
        "pineapple", "watermelon", "tomato", "carrot", "corn", "broccoli", "potato", "eggplant",
        "mushroom", "onion", "pepper", "bread", "cheese", "egg", "pizza", "hamburger", "hot dog",
        "croissant", "pretzel", "doughnut", "cake", "cookie", "ice cream", "candy", "sushi",
        "chocolate", "pie");
  }

  @Test
  void should_merge_several_concepts_into_one_class() {
    assertThat(Domain.ANIMALS_47.conceptsOf("dog")).contains("dog-face", "dog", "poodle", "guide-dog", "service-dog");
    assertThat(Domain.ANIMALS_47.classOf("poodle")).hasValue("dog");
    assertThat(Domain.FOOD_36.classOf("hot-dog")).hasValue("hot dog");
    assertThat(Domain.FOOD_36.classOf("poodle")).isEmpty();
  }

  @Test
  void should_map_only_concepts_that_exist() {
    ConceptCatalog catalog = ConceptCatalog.load();
    for (Domain domain : Domain.values()) {
      for (String cls : domain.classNames()) {
        List<String> concepts = domain.conceptsOf(cls);
        assertThat(concepts).as(domain.id() + "/" + cls).isNotEmpty()
            .allSatisfy(c -> assertThat(catalog.bySlug(c)).as(c).isPresent());
      }
    }
  }

  @Test
  void should_reject_an_unknown_class() {
    assertThatThrownBy(() -> Domain.FOOD_36.conceptsOf("dog"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("class must be one of domain 'food-36', but was 'dog'");
  }
}
