package org.reactvl.index.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.pool.ImageTextPair;

/**
 * BM25 rankings worked out by hand. After analysis the documents are: a = [dog, face] (2 words),
 * b = [hot, dog, food, sausag] (4), c1 = c2 = [cat, face] (2), d = [dog, plai, dog] (3; "with" is a stop
 * word); average length 13 / 5 = 2.6. For "dog", Lucene's BM25 term factor tf / (tf + 1.2 (0.25 + 0.75
 * len / 2.6)) gives d 0.61 (two occurrences), a 0.51, b 0.39: d, a, b.
 */
class CaptionTextIndexTest {
  @TempDir Path tmp;

  private static final List<ImageTextPair> POOL = List.of(
      ImageTextPair.of("a", "a.png", "dog face"),
      new ImageTextPair("b", "b.png", "hot dog", List.of("food, sausage"), java.util.Map.of()),
      ImageTextPair.of("c2", "c2.png", "cat face"),
      ImageTextPair.of("c1", "c1.png", "cat face"),
      ImageTextPair.of("d", "d.png", "dogs playing with dogs"));

  private static List<String> ids(List<TextHit> hits) {
    return hits.stream().map(TextHit::id).toList();
  }

  @Test
  void should_rank_by_bm25_with_stemming_and_every_word_required() {
    try (CaptionTextIndex index = CaptionTextIndex.inMemory()) {
      index.add(POOL);

      assertThat(ids(index.search("dog", 10))).containsExactly("d", "a", "b");
      assertThat(ids(index.search("the Dogs", 10))).containsExactly("d", "a", "b");
      assertThat(ids(index.search("dog", 2))).containsExactly("d", "a");
      assertThat(ids(index.search("hot dog", 10))).containsExactly("b");
      assertThat(ids(index.search("sausages", 10))).containsExactly("b");
      // equal texts score alike: ties by id
      assertThat(ids(index.search("cat", 10))).containsExactly("c1", "c2");
      assertThat(index.search("with", 10)).isEmpty();
      assertThat(index.search("cow", 10)).isEmpty();
    }
  }

  @Test
  void should_add_only_missing_pairs_and_keep_them_across_reopening() {
    Path folder = tmp.resolve("text");
    try (CaptionTextIndex index = CaptionTextIndex.open(folder)) {
      assertThat(index.add(POOL.subList(0, 2))).isEqualTo(2);
    }
    try (CaptionTextIndex index = CaptionTextIndex.open(folder)) {
      assertThat(index.existingIds(List.of("a", "b", "d", "zz"))).containsExactlyInAnyOrder("a", "b");

      assertThat(index.add(POOL)).isEqualTo(3);
      assertThat(index.add(POOL)).isZero();

      assertThat(index.count()).isEqualTo(5);
      assertThat(ids(index.search("dog", 10))).containsExactly("d", "a", "b");
    }
  }

  @Test
  void should_refuse_a_non_positive_k() {
    try (CaptionTextIndex index = CaptionTextIndex.inMemory()) {
      assertThatThrownBy(() -> index.search("dog", 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("k must be positive, but was 0");
    }
  }
}
