package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.VocabularyFormatException;

class ClipTokenizerTest {
  private static ClipTokenizer tokenizer;

  @BeforeAll
  static void loadTokenizer() {
    tokenizer = ClipTokenizer.load();
  }

  @Test
  void should_have_openai_vocabulary_size_and_special_ids() {
    assertThat(tokenizer.vocabSize()).isEqualTo(49408);
    assertThat(ClipTokenizer.SOT).isEqualTo(tokenizer.vocabSize() - 2);
    assertThat(ClipTokenizer.EOT).isEqualTo(tokenizer.vocabSize() - 1);
    assertThat(tokenizer.decode(new int[] {ClipTokenizer.SOT, ClipTokenizer.EOT})).isEqualTo("<|startoftext|><|endoftext|>");
  }

  @Test
  void should_encode_words_with_end_of_word_tokens() {
    // "a</w>"=320, "photo</w>"=1125, "of</w>"=539, "cat</w>"=2368, ".</w>"=269
    assertThat(tokenizer.encode("A photo of a cat.")).containsExactly(320, 1125, 539, 320, 2368, 269);
  }

  @Test
  void should_tokenize_empty_text_to_sot_eot_and_padding() {
    // when
    int[] row = tokenizer.tokenize("");

    // then
    int[] expected = new int[ClipTokenizer.CONTEXT_LENGTH];
    expected[0] = ClipTokenizer.SOT;
    expected[1] = ClipTokenizer.EOT;
    assertThat(row).containsExactly(expected);
    assertThat(tokenizer.encode("")).isEmpty();
  }

  @Test
  void should_truncate_long_text_keeping_eot_last() {
    // given: 100 words, each one token
    String text = "dog ".repeat(100);
    int[] ids = tokenizer.encode(text);

    // when
    int[] row = tokenizer.tokenize(text);

    // then
    assertThat(ids).hasSize(100);
    assertThat(row).hasSize(77);
    assertThat(row[0]).isEqualTo(ClipTokenizer.SOT);
    assertThat(Arrays.copyOfRange(row, 1, 76)).containsExactly(Arrays.copyOf(ids, 75));
    assertThat(row[76]).isEqualTo(ClipTokenizer.EOT);
  }

  @Test
  void should_honour_other_context_lengths() {
    assertThat(tokenizer.tokenize("a cat", 6)).containsExactly(ClipTokenizer.SOT, 320, 2368, ClipTokenizer.EOT, 0, 0);
    assertThat(tokenizer.tokenize("a cat", 3)).containsExactly(ClipTokenizer.SOT, 320, ClipTokenizer.EOT);
    // Python's truncation leaves only the EOT when the context holds one id.
    assertThat(tokenizer.tokenize("a cat", 1)).containsExactly(ClipTokenizer.EOT);
    assertThatThrownBy(() -> tokenizer.tokenize("a cat", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contextLength must be >= 1, but was 0");
  }

  @Test
  void should_tokenize_a_batch_row_by_row() {
    // when
    int[][] rows = tokenizer.tokenize(List.of("a cat", "", "a dog"));

    // then
    assertThat(rows).hasNumberOfRows(3);
    assertThat(rows[0]).containsExactly(tokenizer.tokenize("a cat"));
    assertThat(rows[1]).containsExactly(tokenizer.tokenize(""));
    assertThat(rows[2]).containsExactly(tokenizer.tokenize("a dog"));
    assertThatThrownBy(() -> tokenizer.tokenize(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("texts[1] must not be null");
  }

  @Test
  void should_map_literal_special_tokens_to_their_ids() {
    assertThat(tokenizer.encode("<|endoftext|>")).containsExactly(ClipTokenizer.EOT);
    assertThat(tokenizer.encode("before <|endoftext|> after")).contains(ClipTokenizer.EOT);
    assertThat(tokenizer.encode("<|startoftext|>a")).startsWith(ClipTokenizer.SOT);
  }

  @Test
  void should_follow_the_regex_module_quirks_of_the_word_pattern() {
    // 'ſ' matches the 's' of the special-token literal, but only the exact literal is special.
    assertThat(tokenizer.encode("<|\u017ftartoftext|>")).containsExactly(27, 91, 129, 123, 2002, 6659, 18169, 91, 285);
    // "'ſ" is read as the contraction "'s".
    assertThat(tokenizer.encode("x'\u017f")).containsExactly(343, 6, 129, 379);
    // U+0345 matches no alternative under IGNORECASE and is dropped.
    assertThat(tokenizer.encode("a\u0345b")).containsExactly(320, 321);
  }

  @Test
  void should_decode_as_openai_does() {
    // Words end in "</w>", decoded as a space; text is the cleaned, lower-cased one.
    assertThat(tokenizer.decode(tokenizer.encode("A photo of a cat."))).isEqualTo("a photo of a cat . ");
    assertThat(tokenizer.decode(tokenizer.encode("café 東京 😀"))).isEqualTo("café 東京 😀 ");
    // Ids that split a UTF-8 sequence decode to U+FFFD; "!" is id 0.
    assertThat(tokenizer.decode(new int[] {0, 94 + 12 + 9})).isEqualTo("!\uFFFD");
  }

  @Test
  void should_round_trip_text_through_encode_and_decode() {
    // given: cleaned text whose words are separated by single spaces
    List<String> texts = List.of("a dog running on the beach", "σίσυφος καλημέρα", "東京タワー", "🙂🙂 emoji");

    for (String text : texts) {
      // when
      String decoded = tokenizer.decode(tokenizer.encode(text));

      // then: each pre-tokenized word comes back followed by one space
      String expected = String.join(" ", ClipPreTokenizer.split(text)) + " ";
      assertThat(decoded).as(text).isEqualTo(expected);
    }
  }

  @Test
  void should_reject_ids_outside_the_vocabulary() {
    assertThatThrownBy(() -> tokenizer.decode(new int[] {320, 49408}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token id must be in [0, 49408), but was 49408 at index 1");
  }

  @Test
  void should_load_the_same_vocabulary_from_a_path() {
    // given
    Path shared = Path.of(System.getProperty("react.shared", "../../shared"), "vocab/bpe_simple_vocab_16e6.txt.gz");

    // when
    ClipTokenizer fromPath = ClipTokenizer.load(shared);

    // then
    String text = "A zoomed in photo of a \"red and white triangle\" traffic sign.";
    assertThat(fromPath.tokenize(text)).containsExactly(tokenizer.tokenize(text));
  }

  @Test
  void should_report_missing_and_malformed_merges_files(@TempDir Path dir) throws IOException {
    // given
    Path missing = dir.resolve("missing.txt.gz");
    Path notGzip = Files.writeString(dir.resolve("plain.txt.gz"), "#version: 0.2\na b\n");
    Path truncated = gzip(dir.resolve("short.txt.gz"), "#version: 0.2\na b\nc d\n");
    Path threeParts = gzip(dir.resolve("three.txt.gz"), "#version: 0.2\n" + "a b\n".repeat(100) + "a b c\n" + "a b\n".repeat(48800));
    Path foreign = gzip(dir.resolve("foreign.txt.gz"), "#version: 0.2\nt \u0915\n" + "a b\n".repeat(48900));

    // when / then
    assertThatThrownBy(() -> ClipTokenizer.load(missing))
        .isInstanceOf(VocabularyFormatException.class)
        .hasMessageStartingWith("could not read BPE merges file " + missing);
    assertThatThrownBy(() -> ClipTokenizer.load(notGzip))
        .isInstanceOf(VocabularyFormatException.class)
        .hasMessageStartingWith("could not read BPE merges file " + notGzip);
    assertThatThrownBy(() -> ClipTokenizer.load(truncated))
        .isInstanceOf(VocabularyFormatException.class)
        .hasMessage("BPE merges file " + truncated + " must have a header line and at least 48894 merge lines, but had 4 lines");
    assertThatThrownBy(() -> ClipTokenizer.load(threeParts))
        .isInstanceOf(VocabularyFormatException.class)
        .hasMessage("BPE merges file " + threeParts + " line 102 must hold two symbols separated by a space, but was 'a b c'");
    assertThatThrownBy(() -> ClipTokenizer.load(foreign))
        .isInstanceOf(VocabularyFormatException.class)
        .hasMessage(
            "BPE merges file " + foreign + " line 2 must hold symbols of byte stand-in characters (optionally ending in </w>),"
                + " but was 't \u0915'");
  }

  @Test
  void should_give_the_same_ids_from_many_threads() throws Exception {
    // given: texts with many distinct words, so the shared cache is filled concurrently
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 8; w++) {
        text.append((char) ('a' + random.nextInt(26))).append((char) ('a' + random.nextInt(26))).append(random.nextInt(1000)).append(' ');
      }
      texts.add(text.toString());
    }
    ClipTokenizer fresh = ClipTokenizer.load();
    int[][] expected = tokenizer.tokenize(texts);

    // when
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[][]>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> fresh.tokenize(texts)));
      }

      // then
      for (Future<int[][]> result : results) {
        assertThat(result.get()).isDeepEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }

  private static Path gzip(Path path, String content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return path;
  }
}
