package org.reactvl.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.clip.ClipModel;

class DefaultModelTest {
  @TempDir Path cache;

  @Test
  void should_extract_once_into_a_content_addressed_folder_and_load_the_small_emoji_clip() throws IOException {
    Path first = DefaultModel.extractTo(cache);
    long modified = Files.getLastModifiedTime(first.resolve("model.safetensors")).toMillis();

    Path second = DefaultModel.extractTo(cache);

    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(second.resolve("model.safetensors")).toMillis()).isEqualTo(modified);
    assertThat(first.getFileName().toString()).matches("emoji-clip-s-[0-9a-f]{16}");
    try (ClipModel model = ClipModel.load(first)) {
      assertThat(model.config().vision().imageSize()).isEqualTo(32);
      assertThat(model.config().vision().layers()).isEqualTo(4);
      assertThat(model.config().text().contextLength()).isEqualTo(16);
    }
  }

  @Test
  void should_ship_a_provenance_with_the_training_command_and_held_out_metrics() throws IOException {
    JsonNode provenance = new ObjectMapper().readTree(DefaultModel.extractTo(cache).resolve("provenance.json").toFile());

    assertThat(provenance.path("command").asText()).startsWith("react pretrain ");
    assertThat(provenance.path("training").path("strategy").asText()).isEqualTo("FULL");
    assertThat(provenance.path("data").path("held_out_families").asText()).contains("fluent-emoji");
    assertThat(provenance.path("zero_shot_fluent").path("animals-47").path("top1").asDouble()).isBetween(0.0, 1.0);
    assertThat(Files.size(DefaultModel.extractTo(cache).resolve("model.safetensors"))).isLessThan(25L << 20);
  }
}
