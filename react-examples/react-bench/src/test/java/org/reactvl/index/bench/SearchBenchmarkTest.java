package org.reactvl.index.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.VectorEncoding;

class SearchBenchmarkTest {

  @TempDir Path dir;

  @Test
  void should_emit_a_row_per_encoding_candidate_count_and_rescore_mode() throws Exception {
    // given: a tiny run
    SearchBenchmark.Config config = SearchBenchmark.parse(new String[] {"--n", "600", "--dim", "16", "--queries",
        "12", "--clusters", "20", "--candidates", "10,40", "--encodings", "float32,int8", "--batch", "250",
        "--work-dir", dir.toString()});
    List<String> lines = new ArrayList<>();

    // when
    new SearchBenchmark(config).run(row -> lines.add(row.toJson()));

    // then: exact, float32 x 2 candidate counts, int8 x 2 candidate counts x (without, with re-scoring)
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(json.readTree(line));
    }
    assertThat(rows).extracting(r -> r.get("encoding").asText() + "/" + r.get("candidates").asInt() + "/"
        + r.get("rescore").asBoolean())
        .containsExactly("exact/10/false", "float32/10/false", "float32/40/false", "int8/10/false", "int8/40/false",
            "int8/10/true", "int8/40/true");
    for (JsonNode row : rows) {
      assertThat(row.fieldNames()).toIterable().contains("encoding", "candidates", "recall_at_10", "queries_per_s",
          "build_vectors_per_s", "rescore", "n", "dim");
      assertThat(row.get("recall_at_10").asDouble()).isBetween(0.0, 1.0);
      assertThat(row.get("queries_per_s").asDouble()).isPositive();
      assertThat(row.get("n").asInt()).isEqualTo(600);
      assertThat(row.get("dim").asInt()).isEqualTo(16);
    }
    assertThat(rows.get(0).get("recall_at_10").asDouble()).isEqualTo(1.0);
    assertThat(rows.get(2).get("recall_at_10").asDouble()).isGreaterThanOrEqualTo(0.9);
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void should_reject_unknown_options() {
    assertThatThrownBy(() -> SearchBenchmark.parse(new String[] {"--size", "3"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("but was --size");
    assertThatThrownBy(() -> SearchBenchmark.parse(new String[] {"--n"}))
        .hasMessage("option --n must be followed by a value");
    assertThat(SearchBenchmark.parse(new String[] {"--encodings", "binary"}).encodings())
        .containsExactly(VectorEncoding.BINARY);
  }
}
