package org.reactvl.index.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.pool.ImageTextPair;
import org.reactvl.index.pool.ManifestFormatException;

class RetrievedSetTest {
  @TempDir Path tmp;

  private static RetrievedSet sample(float dogScore) {
    RetrievedSetInfo info = new RetrievedSetInfo("knn", RetrievalMode.T2I, "fp-1", List.of("dog", "cat", "emu"),
        List.of("a photo of a {}.", "a sketch of a {}."), 50, 2, Float.NEGATIVE_INFINITY, 0.98f);
    RetrievedPair dog = RetrievedPair.of(
        ImageTextPair.builder("p1", "/pool/p1.png", "my dog \"Rex\" — ünïcode").captions(List.of("puppy", "rex"))
            .metadata(Map.of("set", "twemoji", "lang", "en")).build(),
        "dog", List.of(new QueryMatch(1, "a sketch of a dog.", 0.25f), new QueryMatch(0, "a photo of a dog.", dogScore)));
    RetrievedPair cat = RetrievedPair.of(ImageTextPair.of("p2", "https://example.org/2.jpg", ""), "cat",
        List.of(new QueryMatch(0, "a photo of a cat.", 1.0E-7f)));
    return new RetrievedSet(info, List.of(cat, dog));
  }

  @Test
  void should_keep_pairs_grouped_by_class_in_class_order() {
    RetrievedSet set = sample(0.3125f);

    assertThat(set.pairs()).extracting(RetrievedPair::id).containsExactly("p1", "p2");
    assertThat(set.byClass().keySet()).containsExactly("dog", "cat", "emu");
    assertThat(set.byClass().get("emu")).isEmpty();
    assertThat(set.pairs().get(0).score()).isEqualTo(0.3125f);
    assertThat(set.pairs().get(0).matches()).extracting(QueryMatch::query).containsExactly(0, 1);
  }

  @Test
  void should_read_back_what_it_wrote_with_the_same_digest() throws IOException {
    RetrievedSet set = sample(0.31f);
    Path file = tmp.resolve("retrieved.jsonl");

    set.write(file);
    RetrievedSet read = RetrievedSet.read(file);

    assertThat(read.digest()).isEqualTo(set.digest()).hasSize(64);
    assertThat(read.info()).isEqualTo(set.info());
    assertThat(read.pairs()).isEqualTo(set.pairs());
    Path again = tmp.resolve("again.jsonl");
    read.write(again);
    assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
    assertThat(Files.readAllLines(file).get(0)).startsWith("{\"format\":\"react-retrieved-set\",\"version\":1,")
        .contains("\"minScore\":null").endsWith("\"pairs\":2,\"digest\":\"" + set.digest() + "\"}");
  }

  @Test
  void should_have_a_digest_that_depends_on_content_only() {
    assertThat(sample(0.31f).digest()).isEqualTo(sample(0.31f).digest());
    assertThat(sample(0.32f).digest()).isNotEqualTo(sample(0.31f).digest());
  }

  @Test
  void should_refuse_a_file_edited_after_it_was_written() throws IOException {
    Path file = tmp.resolve("edited.jsonl");
    sample(0.31f).write(file);
    String text = Files.readString(file);
    Files.writeString(file, text.replace("my dog", "my cat"), StandardCharsets.UTF_8);

    assertThatThrownBy(() -> RetrievedSet.read(file))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessageContaining(file + ": digest in the header must match the content's SHA-256")
        .hasMessageContaining("(the file was edited after it was written)");
  }

  @Test
  void should_name_file_and_line_of_a_bad_pair_line() throws IOException {
    Path file = tmp.resolve("bad.jsonl");
    sample(0.31f).write(file);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\"score\":1.0E-7", "\"score\":\"high\""));
    Files.write(file, lines);

    assertThatThrownBy(() -> RetrievedSet.read(file))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessage(file + ":3: field 'score' must be a number, but was \"high\"");
  }

  @Test
  void should_refuse_a_pair_of_an_unknown_class_or_a_repeated_id() {
    RetrievedSetInfo info = sample(0.3f).info();
    RetrievedPair bird = RetrievedPair.of(ImageTextPair.of("p9", "/p9.png", ""), "bird", List.of(new QueryMatch(0, "q", 0.1f)));
    RetrievedPair dog = RetrievedPair.of(ImageTextPair.of("p9", "/p9.png", ""), "dog", List.of(new QueryMatch(0, "q", 0.1f)));

    assertThatThrownBy(() -> new RetrievedSet(info, List.of(bird)))
        .hasMessage("class of retrieved pair 'p9' must be one of [dog, cat, emu], but was 'bird'");
    assertThatThrownBy(() -> new RetrievedSet(info, List.of(dog, dog)))
        .hasMessage("retrieved pair ids must be unique, but 'p9' appears twice");
  }
}
