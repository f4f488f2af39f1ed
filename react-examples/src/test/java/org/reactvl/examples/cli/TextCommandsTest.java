package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.io.Npy;

/** tokenize and embed-text on config A's captions, against OpenAI's own tokens and features. */
class TextCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  private Path captionsFile() throws IOException {
    JsonNode captions = JSON.readTree(configA("summary.json").toFile()).get("captions");
    List<String> lines = new ArrayList<>();
    captions.forEach(c -> lines.add(c.toString()));
    return Files.write(tmp.resolve("texts.jsonl"), lines);
  }

  @Test
  void should_tokenize_like_clip_tokenize() throws IOException {
    Path out = tmp.resolve("ids.jsonl");
    CliTestSupport.Run r = run("tokenize", "--in", captionsFile().toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    Npy.IntArray expected = Npy.readInts(configA("input_tokens.npy"));
    assertThat(lines).hasSize(8);
    for (int i = 0; i < 8; i++) {
      int[] row = JSON.readValue(lines.get(i), int[].class);
      int[] want = new int[77];
      System.arraycopy(expected.data(), i * 77, want, 0, 77);
      assertThat(row).as("row %s", i).containsExactly(want);
    }
  }

  @Test
  void should_embed_texts_like_encode_text() throws IOException {
    Path out = tmp.resolve("txt.npy");
    CliTestSupport.Run r = run("embed-text", "--model", configA("hf").toString(), "--in", captionsFile().toString(), "--out", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    float[] a = Npy.readFloats(out).data();
    float[] e = Npy.readFloats(configA("expected_encode_text.npy")).data();
    assertThat(a).hasSameSizeAs(e);
    for (int i = 0; i < a.length; i++) {
      assertThat((double) Math.abs(a[i] - e[i])).as("element %s", i).isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void should_refuse_an_out_that_is_the_input_before_writing_anything() throws IOException {
    Path texts = captionsFile();
    String before = Files.readString(texts);

    CliTestSupport.Run r = run("embed-text", "--model", configA("hf").toString(), "--in", texts.toString(), "--out", texts.toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).isEqualTo("error: --out '" + texts + "' must differ from the input '" + texts + "', but it is the same file;"
        + " nothing was written\n");
    assertThat(Files.readString(texts)).isEqualTo(before);
  }

  @Test
  void should_refuse_an_out_that_is_a_folder_and_leave_no_temporary_file() throws IOException {
    Path texts = captionsFile();
    Path folder = Files.createDirectory(tmp.resolve("adir"));

    CliTestSupport.Run r = run("embed-text", "--model", configA("hf").toString(), "--in", texts.toString(), "--out", folder.toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).isEqualTo("error: cannot write npy file '" + folder + "': " + folder
        + ": is a directory, but a file must be written there\n");
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("texts.jsonl", "adir");
    }
  }

  @Test
  void should_name_the_line_that_is_not_a_json_string() throws IOException {
    Path in = Files.writeString(tmp.resolve("bad.jsonl"), "\"ok\"\n{\"text\": 1}\n");
    CliTestSupport.Run r = run("tokenize", "--in", in.toString());
    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).contains("bad.jsonl:2: must be a JSON string, but was {\"text\": 1}");
  }

  @Test
  void should_refuse_an_empty_text_list() throws IOException {
    Path in = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
    CliTestSupport.Run r = run("embed-text", "--model", configA("hf").toString(), "--in", in.toString(), "--out", tmp.resolve("o.npy").toString());
    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).contains("must hold at least one JSON string line, but has none");
  }
}
