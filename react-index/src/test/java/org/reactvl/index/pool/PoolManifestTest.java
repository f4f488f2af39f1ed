package org.reactvl.index.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.Hit;

class PoolManifestTest {
  @TempDir Path tmp;

  @Test
  void should_read_pairs_resolving_relative_images_against_the_manifest_folder() throws IOException {
    // given a manifest with a relative path, an absolute path, a URI, a blank line and optional fields
    Path manifest = tmp.resolve("pool/pool.jsonl");
    Files.createDirectories(manifest.getParent());
    Files.writeString(manifest, """
        {"id":"a","image":"img/a.png","caption":"a dog","captions":["dog","puppy"],"metadata":{"set":"twemoji","size":64,"ok":true}}

        {"id":"b","image":"%s","caption":""}
        {"id":"c","image":"https://example.org/c.jpg","caption":"c"}
        """.formatted(tmp.resolve("pool/b.jpg")));

    // when
    List<ImageTextPair> pairs = PoolManifest.read(manifest);

    // then
    assertThat(pairs).hasSize(3);
    assertThat(pairs.get(0)).isEqualTo(ImageTextPair.builder("a", tmp.resolve("pool/img/a.png").toString(), "a dog")
        .captions(List.of("dog", "puppy")).metadata(Map.of("set", "twemoji", "size", "64", "ok", "true")).build());
    assertThat(pairs.get(1).image()).isEqualTo(tmp.resolve("pool/b.jpg").toString());
    assertThat(pairs.get(1).caption()).isEmpty();
    assertThat(pairs.get(2).image()).isEqualTo("https://example.org/c.jpg");
    assertThat(pairs.get(2).imageFile()).isEmpty();
    assertThat(PoolManifest.count(manifest)).isEqualTo(3);
  }

  @Test
  void should_write_and_read_back_the_same_pairs_with_paths_relative_to_the_manifest() throws IOException {
    // given
    Path manifest = tmp.resolve("out/pool.jsonl");
    List<ImageTextPair> pairs = List.of(
        ImageTextPair.builder("x", tmp.resolve("out/images/x.png").toString(), "caption \"quoted\" and ünïcode")
            .captions(List.of("alt")).metadata(Map.of("k", "v")).build(),
        ImageTextPair.of("y", tmp.resolve("elsewhere/y.png").toString(), "y"));

    // when
    PoolManifest.write(manifest, pairs);

    // then
    assertThat(Files.readAllLines(manifest).get(0)).contains("\"image\":\"images/x.png\"");
    assertThat(PoolManifest.read(manifest, List.of(Files.createDirectories(tmp.resolve("elsewhere"))))).isEqualTo(pairs);
  }

  @Test
  void should_name_file_and_line_of_a_line_without_caption() throws IOException {
    Path manifest = tmp.resolve("bad.jsonl");
    Files.writeString(manifest, "{\"id\":\"a\",\"image\":\"a.png\",\"caption\":\"ok\"}\n\n{\"id\":\"b\",\"image\":\"b.png\"}\n");

    assertThatThrownBy(() -> PoolManifest.read(manifest))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessage(manifest + ":3: field 'caption' must be a string, but was missing");
  }

  @Test
  void should_name_file_and_line_of_invalid_json_and_unknown_fields() throws IOException {
    Path broken = tmp.resolve("broken.jsonl");
    Files.writeString(broken, "{\"id\":\"a\",\"image\":\"a.png\",\"caption\":\"ok\"\n");
    Path typo = tmp.resolve("typo.jsonl");
    Files.writeString(typo, "{\"id\":\"a\",\"imgae\":\"a.png\",\"caption\":\"ok\"}\n");
    Path reserved = tmp.resolve("reserved.jsonl");
    Files.writeString(reserved, "{\"id\":\"a\",\"image\":\"a.png\",\"caption\":\"ok\",\"metadata\":{\"pool.x\":\"1\"}}\n");

    assertThatThrownBy(() -> PoolManifest.read(broken))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessageStartingWith(broken + ":1: line must be one JSON object, but is not valid JSON");
    assertThatThrownBy(() -> PoolManifest.read(typo))
        .hasMessage(typo + ":1: field 'imgae' is unknown; fields must be among id, image, caption, captions, metadata");
    assertThatThrownBy(() -> PoolManifest.read(reserved))
        .hasMessage(reserved + ":1: metadata keys of pair 'a' must be non-blank and not start with 'pool.', but one was 'pool.x'");
  }

  @Test
  void should_round_trip_a_pair_through_store_metadata() {
    ImageTextPair pair = ImageTextPair.builder("id", "/x.png", "cap").captions(List.of("one", "two, \"three\""))
        .metadata(Map.of("lang", "en")).build();

    assertThat(ImageTextPair.fromStoreMetadata("id", pair.toStoreMetadata())).isEqualTo(pair);
    assertThat(ImageTextPair.fromHit(new Hit("id", 0.5f, pair.toStoreMetadata())).captions()).containsExactly("one", "two, \"three\"");
    assertThat(pair.toStoreMetadata()).containsEntry(ImageTextPair.IMAGE_KEY, "/x.png").containsEntry("lang", "en");
  }

  @Test
  void should_refuse_images_outside_the_manifest_folder() throws IOException {
    Path manifest = Files.createDirectories(tmp.resolve("pool")).resolve("pool.jsonl");
    for (String image : List.of("../../etc/passwd", "/etc/shadow", "/proc/self/environ", "file:///etc/passwd", "img/../../secret.png")) {
      Files.writeString(manifest, "{\"id\":\"a\",\"image\":\"" + image + "\",\"caption\":\"x\"}\n");

      assertThatThrownBy(() -> PoolManifest.read(manifest))
          .as(image)
          .isInstanceOf(ManifestFormatException.class)
          .hasMessageStartingWith(manifest + ":1: image '" + image + "' must lie inside the pool's folder " + manifest.getParent().toRealPath())
          .hasMessageEndingWith("; name other folders the pool may use as allowed roots (--allow-root DIR)");
    }
  }

  @Test
  void should_refuse_a_link_that_leads_outside_the_manifest_folder() throws IOException {
    Path outside = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("a.png"), "x");
    Path manifest = Files.createDirectories(tmp.resolve("pool")).resolve("pool.jsonl");
    Files.createSymbolicLink(manifest.resolveSibling("a.png"), outside);
    Files.writeString(manifest, "{\"id\":\"a\",\"image\":\"a.png\",\"caption\":\"x\"}\n");

    assertThatThrownBy(() -> PoolManifest.read(manifest)).hasMessageContaining("but links to " + outside.toRealPath());
    assertThat(PoolManifest.read(manifest, List.of(tmp.resolve("outside")))).hasSize(1);
  }

  @Test
  void should_name_both_lines_of_a_repeated_id() throws IOException {
    Path manifest = tmp.resolve("pool.jsonl");
    Files.writeString(manifest, """
        {"id":"a","image":"a.png","caption":"x"}
        {"id":"b","image":"b.png","caption":"x"}

        {"id":"a","image":"c.png","caption":"y"}
        """);

    assertThatThrownBy(() -> PoolManifest.read(manifest))
        .isInstanceOf(ManifestFormatException.class)
        .hasMessage(manifest + ":4: id 'a' must be unique, but line 1 already has it; give each pair its own id");
  }
}
