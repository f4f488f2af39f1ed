package org.reactvl.examples.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.text.ClipTokenizer;
import org.reactvl.examples.emoji.Domain;
import org.reactvl.examples.emoji.EmojiCorpus;
import org.reactvl.index.MetadataFilter;
import org.reactvl.index.embed.ClipEmbedder;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.retrieval.RetrievalMode;
import org.reactvl.index.retrieval.RetrievalRequest;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;
import org.reactvl.index.retrieval.RetrievedSetInfo;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.Retrievers;

class KeywordRetrieverTest {
  private static List<ImageTextPair> pool;
  private static KeywordRetriever retriever;

  @BeforeAll
  static void pool(@TempDir Path images) {
    pool = HostFixtures.pool(images);
    retriever = KeywordRetriever.over(pool);
  }

  private static RetrievalRequest.Builder t2t(String... classes) {
    return RetrievalRequest.builder(List.of(classes)).mode(RetrievalMode.T2T);
  }

  private static Map<String, List<String>> ids(RetrievedSet set) {
    Map<String, List<String>> ids = new java.util.LinkedHashMap<>();
    set.byClass().forEach((c, pairs) -> ids.put(c, pairs.stream().map(RetrievedPair::id).toList()));
    return ids;
  }

  @Test
  void should_retrieve_pairs_whose_captions_name_their_class_best_first() {
    // when
    RetrievedSet set = retriever.retrieve(t2t("dog", "cat", "fish").build());

    // then: "dog" scores 1 against "dog", 1/2 against two-word captions (ties by id); "blowfish" is not "fish"
    assertThat(ids(set)).containsExactly(
        Map.entry("dog", List.of("p-dog-1", "p-dog-2", "p-dog-3", "p-hotdog-1")),
        Map.entry("cat", List.of("p-cat-1", "p-cat-2", "p-cat-3")),
        Map.entry("fish", List.of("p-fish-1", "p-fish-2")));
    assertThat(set.byClass().get("dog")).extracting(RetrievedPair::score).containsExactly(1f, 0.5f, 0.5f, 0.5f);
    for (RetrievedPair p : set.pairs()) {
      List<String> texts = new ArrayList<>(p.pair().captions());
      texts.add(p.pair().caption());
      assertThat(texts).anySatisfy(t -> assertThat(KeywordRetriever.words(t)).contains(p.className()));
    }
  }

  @Test
  void should_match_plurals_and_multi_word_class_names() {
    // when
    RetrievedSet set = retriever.retrieve(t2t("apple", "banana", "hot dog").build());

    // then: "apples" scores 1 (plural), "bananas: fruit, yellow" 1/3
    assertThat(ids(set)).containsExactly(
        Map.entry("apple", List.of("p-apple-3", "p-apple-1", "p-apple-2")),
        Map.entry("banana", List.of("p-banana-1", "p-banana-2")),
        Map.entry("hot dog", List.of("p-hotdog-1")));
    assertThat(set.byClass().get("banana").get(1).score()).isEqualTo(1f / 3);
  }

  @Test
  void should_cap_every_class_at_per_class() {
    // when
    RetrievedSet set = retriever.retrieve(t2t("dog", "cat", "fish").perClass(2).build());

    // then
    assertThat(ids(set)).containsExactly(
        Map.entry("dog", List.of("p-dog-1", "p-dog-2")),
        Map.entry("cat", List.of("p-cat-1", "p-cat-2")),
        Map.entry("fish", List.of("p-fish-1", "p-fish-2")));
  }

  @Test
  void should_give_a_pair_two_classes_match_to_the_one_that_scores_it_higher() {
    // when: "hot dog" scores 1/2 for dog, 1 for hot dog
    RetrievedSet set = retriever.retrieve(t2t("dog", "hot dog").build());

    // then
    assertThat(ids(set).get("dog")).doesNotContain("p-hotdog-1");
    assertThat(ids(set).get("hot dog")).containsExactly("p-hotdog-1");
  }

  @Test
  void should_keep_one_pair_per_image() {
    // given: p-dog-1 and p-dog-1-copy are the same picture with the same caption
    // when
    RetrievedSet set = retriever.retrieve(t2t("dog").build());

    // then: the smaller id is kept
    assertThat(set.pairs()).extracting(RetrievedPair::id).contains("p-dog-1").doesNotContain("p-dog-1-copy").doesNotHaveDuplicates();
    assertThat(set.pairs()).extracting(p -> p.pair().image()).doesNotHaveDuplicates();
  }

  @Test
  void should_apply_the_score_floor_and_the_metadata_filter() {
    // when
    RetrievedSet exact = retriever.retrieve(t2t("dog", "cat").minScore(0.6f).build());
    RetrievedSet first = retriever.retrieve(t2t("dog").filter(MetadataFilter.eq("family", "first")).build());

    // then
    assertThat(ids(exact)).containsExactly(Map.entry("dog", List.of("p-dog-1")), Map.entry("cat", List.of("p-cat-1")));
    assertThat(ids(first).get("dog")).containsExactly("p-dog-1", "p-hotdog-1");
  }

  @Test
  void should_record_how_the_set_was_made() {
    // when
    RetrievedSet set = retriever.retrieve(t2t("dog", "cat").perClass(3).build());
    RetrievedSet again = retriever.retrieve(t2t("dog", "cat").perClass(3).build());

    // then: no model, no templates, no near-duplicate threshold; one query per class, the class name
    assertThat(set.info().retriever()).isEqualTo("keyword");
    assertThat(set.info().mode()).isEqualTo(RetrievalMode.T2T);
    assertThat(set.info().model()).isEqualTo(RetrievedSetInfo.NO_MODEL);
    assertThat(set.info().templates()).isEmpty();
    assertThat(set.info().duplicateThreshold()).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(set.byClass().get("cat").get(0).matches()).singleElement()
        .satisfies(m -> assertThat(m.text()).isEqualTo("cat"));
    assertThat(again.digest()).isEqualTo(set.digest());
  }

  @Test
  void should_refuse_what_it_cannot_do() {
    assertThatThrownBy(() -> retriever.retrieve(RetrievalRequest.builder(List.of("dog")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyword retrieval matches class names against captions, so the request's mode must be t2t, but was t2i");
    assertThatThrownBy(() -> retriever.retrieve(t2t("dog", "--").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("class names must contain a letter or digit to match captions, but one was '--'");
    assertThatThrownBy(() -> KeywordRetriever.over(List.of(pool.get(0), pool.get(0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pool pair ids must be unique, but 'p-dog-1' appears twice");
    assertThatThrownBy(() -> KeywordRetriever.over(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a keyword retriever's pool must hold at least one pair, but was empty");
  }

  @Test
  void should_load_a_lazy_pool_once() {
    // given
    AtomicInteger loads = new AtomicInteger();
    KeywordRetriever lazy = KeywordRetriever.lazy(() -> {
      loads.incrementAndGet();
      return pool;
    });

    // when
    RetrievedSet first = lazy.retrieve(t2t("cat").build());
    RetrievedSet second = lazy.retrieve(t2t("cat").build());

    // then
    assertThat(loads).hasValue(1);
    assertThat(second.digest()).isEqualTo(first.digest());
  }

  @Test
  void should_be_found_by_name_through_the_service_loader() {
    // given
    try (ClipModel clip = HostFixtures.tinyModel(3)) {
      RetrieverContext context = RetrieverContext.of(ClipEmbedder.of(clip, ClipTokenizer.load()));

      // when / then: registered in META-INF/services next to the built-in knn
      assertThat(Retrievers.names()).contains("keyword", "knn");
      assertThat(Retrievers.create("keyword", context)).isInstanceOf(KeywordRetriever.class)
          .satisfies(r -> assertThat(r.name()).isEqualTo("keyword"));
    }
  }

  @Test
  void should_retrieve_real_emoji_pairs_for_a_domain() {
    // given: one design family of the emoji pool (rendered once into the shared cache)
    List<ImageTextPair> twemoji = EmojiPairs.of(
        EmojiCorpus.builder().families(List.of("twemoji")).renderThreads(1).build().pool());
    List<String> classes = Domain.ANIMALS_47.classNames();

    // when
    RetrievedSet set = KeywordRetriever.over(twemoji).retrieve(RetrievalRequest.builder(classes).mode(RetrievalMode.T2T).perClass(3).build());

    // then: class-balanced, de-duplicated, every pair naming its class, and dog starts with the dog emoji
    assertThat(set.byClass().values()).allSatisfy(pairs -> assertThat(pairs).hasSizeLessThanOrEqualTo(3));
    assertThat(set.byClass().values().stream().filter(p -> !p.isEmpty()).count()).isGreaterThan(classes.size() * 3 / 4);
    assertThat(set.pairs()).extracting(RetrievedPair::id).doesNotHaveDuplicates();
    assertThat(set.byClass().get("dog").get(0).id()).isEqualTo("twemoji/dog");
    for (RetrievedPair p : set.pairs()) {
      List<String> texts = new ArrayList<>(p.pair().captions());
      texts.add(p.pair().caption());
      assertThat(texts).as(p.id()).anySatisfy(t -> assertThat(String.join(" ", KeywordRetriever.words(t)) + " ").containsPattern(
          "\\b" + p.className() + "(s|es)? "));
    }
  }
}
