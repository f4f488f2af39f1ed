package org.reactvl.examples.emoji;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestWriterTest {

  private static final SetLicense TWEMOJI = new SetLicense("Twitter Emoji", "Twitter",
      "https://github.com/twitter/twemoji", "CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/");
  private static final SetLicense FLUENT = new SetLicense("Fluent Emoji", "Microsoft Corporation",
      "https://github.com/microsoft/fluentui-emoji", "MIT", "MIT", "https://github.com/microsoft/fluentui-emoji/blob/main/LICENSE");

  @TempDir Path dir;

  @Test
  void should_write_the_pool_format_field_by_field() {
    // given
    Path png = dir.resolve("twemoji/dog-face.png");
    EmojiImage image = new EmojiImage("twemoji/dog-face", "twemoji", "dog-face", png,
        List.of("dog face", "dog face: dog, face, pet"), TWEMOJI, Optional.empty());

    // when
    String line = ManifestWriter.line(image);

    // then
    assertThat(line).isEqualTo("{\"id\":\"twemoji/dog-face\",\"image\":\"" + png.toAbsolutePath()
        + "\",\"caption\":\"dog face\",\"captions\":[\"dog face\",\"dog face: dog, face, pet\"],"
        + "\"metadata\":{\"family\":\"twemoji\",\"license\":\"CC-BY-4.0\",\"concept\":\"dog-face\"}}");
  }

  @Test
  void should_add_the_label_last_for_test_items() {
    // given
    EmojiImage image = new EmojiImage("fluent-emoji/poodle", "fluent-emoji", "poodle",
        dir.resolve("poodle.png"), List.of("poodle"), FLUENT, Optional.of("dog"));

    // then
    assertThat(ManifestWriter.line(image)).endsWith(
        "\"metadata\":{\"family\":\"fluent-emoji\",\"license\":\"MIT\",\"concept\":\"poodle\"},\"label\":\"dog\"}");
  }

  @Test
  void should_write_lines_that_parse_back() throws IOException {
    // given: a caption with quotes and non-ASCII text
    List<EmojiImage> images = List.of(
        new EmojiImage("twemoji/pinata", "twemoji", "pinata", dir.resolve("a.png"),
            List.of("piñata", "piñata: \"party\", celebration"), TWEMOJI, Optional.empty()),
        new EmojiImage("fluent-emoji/poodle", "fluent-emoji", "poodle", dir.resolve("b.png"),
            List.of("poodle"), FLUENT, Optional.of("dog")));
    Path manifest = dir.resolve("out/pool.jsonl");

    // when
    ManifestWriter.write(images, manifest);

    // then
    List<String> lines = Files.readAllLines(manifest);
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.get("captions").get(1).asText()).isEqualTo("piñata: \"party\", celebration");
    assertThat(first.has("label")).isFalse();
    JsonNode second = json.readTree(lines.get(1));
    assertThat(second.get("image").asText()).isEqualTo(dir.resolve("b.png").toAbsolutePath().toString());
    assertThat(second.get("label").asText()).isEqualTo("dog");
    assertThat(second.get("metadata").get("license").asText()).isEqualTo("MIT");
    try (var files = Files.list(manifest.getParent())) {
      assertThat(files).as("no temporary file left behind").containsExactly(manifest);
    }
  }
}
