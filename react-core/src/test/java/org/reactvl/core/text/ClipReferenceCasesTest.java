package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The public reference cases computed by openai/CLIP's own {@code clip.tokenize} and {@code
 * SimpleTokenizer.encode} (ftfy 6.3.1, regex 2022.10.31, Python 3.11): cleaned text, ids and the
 * 77-id rows must match exactly.
 */
class ClipReferenceCasesTest {
  private static final Path CASES =
      Path.of(System.getProperty("react.shared", "../../shared"), "fixtures/clip-reference/tokenizer/public.jsonl");
  private static ClipTokenizer tokenizer;

  @BeforeAll
  static void loadTokenizer() {
    tokenizer = ClipTokenizer.load();
  }

  static Stream<Arguments> cases() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Arguments> cases = new ArrayList<>();
    for (String line : Files.readAllLines(CASES)) {
      if (!line.isBlank()) {
        JsonNode node = json.readTree(line);
        cases.add(Arguments.of(node.get("id").asText() + " " + node.get("category").asText(), node));
      }
    }
    return cases.stream();
  }

  @Test
  void should_find_all_249_public_cases() throws IOException {
    assertThat(cases()).hasSize(249);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void should_match_openai_reference(String name, JsonNode expected) {
    // given
    String text = expected.get("text").asText();

    // when
    String cleaned = ClipTextCleaner.clean(text);
    int[] encoded = tokenizer.encode(text);
    int[] row = tokenizer.tokenize(text);

    // then
    assertThat(cleaned).as("clean_text").isEqualTo(expected.get("clean_text").asText());
    assertThat(encoded).as("encode").containsExactly(ints(expected.get("encode")));
    assertThat(row).as("tokenize_77").containsExactly(ints(expected.get("tokenize_77")));
  }

  private static int[] ints(JsonNode array) {
    int[] values = new int[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asInt();
    }
    return values;
  }
}
