package org.reactvl.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 1,200 random texts answered by openai/CLIP's {@code simple_tokenizer} with ftfy 6.3.1 (see
 * {@code react-core/tools/gen_tokenizer_cases.py}): mojibake through every code page ftfy tries,
 * entities, controls and code points from all planes. Cleaned text and ids must match.
 */
class ClipDifferentialCasesTest {

  @Test
  void should_match_openai_on_random_texts() throws IOException {
    // given
    ClipTokenizer tokenizer = ClipTokenizer.load();
    ObjectMapper json = new ObjectMapper();
    List<String> mismatches = new ArrayList<>();
    int cases = 0;

    // when
    try (InputStream in = getClass().getResourceAsStream("differential-cases.jsonl")) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode expected = json.readTree(line);
        String text = expected.get("text").asText();
        int[] ids = json.convertValue(expected.get("encode"), int[].class);
        String cleaned = ClipTextCleaner.clean(text);
        int[] encoded = tokenizer.encode(text);
        if (!cleaned.equals(expected.get("clean_text").asText()) || !Arrays.equals(encoded, ids)) {
          mismatches.add(json.writeValueAsString(text) + " -> " + json.writeValueAsString(cleaned) + " " + Arrays.toString(encoded));
        }
        cases++;
      }
    }

    // then
    assertThat(cases).isEqualTo(1200);
    assertThat(mismatches).isEmpty();
  }
}
