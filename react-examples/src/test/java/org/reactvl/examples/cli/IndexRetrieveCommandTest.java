package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.index.retrieval.RetrievedPair;
import org.reactvl.index.retrieval.RetrievedSet;

class IndexRetrieveCommandTest {
  @TempDir Path tmp;

  private Path pool() throws IOException {
    return CliTestSupport.shadesPool(tmp);
  }

  @Test
  void should_index_a_pool_and_retrieve_for_a_class_list() throws IOException {
    // given
    Path manifest = pool();
    Path index = tmp.resolve("index");
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "# two classes\nshade number 1\n\nshade number 4\n");
    Path templates = tmp.resolve("templates.txt");
    Files.writeString(templates, "{}\n");
    Path out = tmp.resolve("retrieved.jsonl");

    // when indexed (twice: the second run adds nothing) and retrieved text-to-text
    CliTestSupport.Run first = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out",
        index.toString(), "--encoding", "int8", "--batch", "4");
    CliTestSupport.Run second = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out",
        index.toString(), "--encoding", "int8");
    CliTestSupport.Run retrieve = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(),
        "--classes", classes.toString(), "--templates", templates.toString(), "--per-class", "1", "--mode", "t2t",
        "--out", out.toString());

    // then
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("{\"pairs\":6,\"images_added\":6,\"captions_added\":6,\"already_stored\":0,");
    assertThat(first.err()).contains("index").contains("6/6");
    assertThat(second.out()).startsWith("{\"pairs\":6,\"images_added\":0,\"captions_added\":0,\"already_stored\":6,");
    assertThat(retrieve.exitCode()).as(retrieve.err()).isZero();
    RetrievedSet set = RetrievedSet.read(out);
    assertThat(set.byClass().get("shade number 1")).extracting(RetrievedPair::id).containsExactly("s1");
    assertThat(set.byClass().get("shade number 4")).extracting(RetrievedPair::id).containsExactly("s4");
    assertThat(set.pairs().get(0).pair().image()).isEqualTo(tmp.resolve("pool/img/1.png").toString());
    assertThat(retrieve.out().strip()).isEqualTo("{\"pairs\":2,\"classes\":2,\"empty_classes\":0,\"digest\":\"" + set.digest() + "\"}");
  }

  @Test
  void should_retrieve_image_to_image_and_text_to_image() throws IOException {
    Path manifest = pool();
    Path index = tmp.resolve("index");
    Files.createDirectories(tmp.resolve("examples/third"));
    Files.copy(tmp.resolve("pool/img/3.png"), tmp.resolve("examples/third/example.png"));
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "third\n");
    assertThat(run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out", index.toString(),
        "--keys", "image").exitCode()).isZero();

    CliTestSupport.Run i2i = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--per-class", "2", "--mode", "i2i", "--examples", tmp.resolve("examples").toString(), "--out",
        tmp.resolve("i2i.jsonl").toString());
    CliTestSupport.Run t2i = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--per-class", "3", "--templates", "simple", "--min-score", "-1", "--out",
        tmp.resolve("t2i.jsonl").toString());

    assertThat(i2i.exitCode()).as(i2i.err()).isZero();
    assertThat(RetrievedSet.read(tmp.resolve("i2i.jsonl")).pairs().get(0).id()).isEqualTo("s3");
    assertThat(t2i.exitCode()).as(t2i.err()).isZero();
    RetrievedSet set = RetrievedSet.read(tmp.resolve("t2i.jsonl"));
    assertThat(set.size()).isBetween(1, 3);
    assertThat(set.pairs().get(0).matches().get(0).text()).isEqualTo("a photo of a third.");
  }

  @Test
  void should_retrieve_by_caption_words_fused_with_image_neighbours_in_hybrid_mode() throws IOException {
    // given: an index folder (with its text/ index of the captions "shade number i")
    Path manifest = pool();
    Path index = tmp.resolve("index");
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "shade number 1\nshade number 4\n");
    assertThat(run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out", index.toString(),
        "--keys", "image").exitCode()).isZero();
    assertThat(index.resolve("text")).isDirectory();

    // when
    CliTestSupport.Run hybrid = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--templates", "simple", "--per-class", "1", "--per-query", "6", "--min-score", "-1", "--mode", "hybrid",
        "--out", tmp.resolve("hybrid.jsonl").toString());

    // then: only s1's caption holds every word of "shade number 1", so the fusion ranks it first whatever the image ranks
    assertThat(hybrid.exitCode()).as(hybrid.err()).isZero();
    RetrievedSet set = RetrievedSet.read(tmp.resolve("hybrid.jsonl"));
    assertThat(set.info().retriever()).isEqualTo("hybrid");
    assertThat(set.byClass().get("shade number 1")).extracting(RetrievedPair::id).containsExactly("s1");
    assertThat(set.byClass().get("shade number 4")).extracting(RetrievedPair::id).containsExactly("s4");
  }

  @Test
  void should_refuse_hybrid_mode_on_an_index_without_caption_words() throws IOException {
    Path manifest = pool();
    Path index = tmp.resolve("index");
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "red\n");
    run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out", index.toString(), "--keys", "image");
    try (Stream<Path> files = Files.walk(index.resolve("text"))) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }

    CliTestSupport.Run r = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--per-class", "2", "--mode", "hybrid", "--out", tmp.resolve("x.jsonl").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: --mode hybrid searches the captions' words, which 'react index' keeps in a local"
        + " index folder's text/ index, but index '" + index + "' has none (index the pool again with this version to add it)");
  }

  @Test
  void should_exit_with_one_line_naming_file_and_line_of_a_bad_manifest_line() throws IOException {
    Path manifest = tmp.resolve("bad.jsonl");
    Files.writeString(manifest, "{\"id\":\"a\",\"image\":\"a.png\",\"caption\":\"x\"}\n{\"id\":\"b\",\"image\":\"b.png\"}\n");

    CliTestSupport.Run r = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out",
        tmp.resolve("index").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).endsWith("error: " + manifest + ":2: field 'caption' must be a string, but was missing");
  }

  @Test
  void should_say_which_store_a_mode_needs() throws IOException {
    Path manifest = pool();
    Path index = tmp.resolve("index");
    Path classes = tmp.resolve("classes.txt");
    Files.writeString(classes, "red\n");
    run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out", index.toString(), "--keys",
        "image");

    CliTestSupport.Run r = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--per-class", "2", "--mode", "t2t", "--out", tmp.resolve("x.jsonl").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: --mode t2t searches caption vectors, but index '" + index
        + "' has no captions store (index with --keys caption)");
  }
}
