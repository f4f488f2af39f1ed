package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    assertThat(r.err()).as("the error starts its own line, after the progress bar's")
        .endsWith("\nerror: " + manifest + ":2: field 'caption' must be a string, but was missing\n");
  }

  /** Indexes the shades pool into {@code tmp/index} and returns the index folder. */
  private Path indexed() throws IOException {
    Path index = tmp.resolve("index");
    CliTestSupport.Run r = run("index", "--model", configA("hf").toString(), "--pool", pool().toString(), "--out", index.toString(),
        "--keys", "image");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return index;
  }

  private static Map<String, Long> snapshot(Path folder) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(p).toString(), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }

  @Test
  void should_retrieve_from_a_finished_index_many_at_once_without_writing_to_it() throws Exception {
    Path index = indexed();
    Path classes = Files.writeString(tmp.resolve("classes.txt"), "red\nblue\n");
    Map<String, Long> before = snapshot(index);

    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<CliTestSupport.Run>> runs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Path out = tmp.resolve("r" + i + ".jsonl");
        runs.add(pool.submit(() -> run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
            classes.toString(), "--per-class", "2", "--templates", "simple", "--out", out.toString())));
      }
      for (Future<CliTestSupport.Run> f : runs) {
        CliTestSupport.Run r = f.get();
        assertThat(r.exitCode()).as(r.err()).isZero();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(snapshot(index)).as("no lock, no commit").isEqualTo(before);
  }

  @Test
  void should_name_per_class_when_it_is_zero() throws IOException {
    Path index = indexed();
    Path classes = Files.writeString(tmp.resolve("classes.txt"), "red\n");

    CliTestSupport.Run r = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--per-class", "0", "--out", tmp.resolve("x.jsonl").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err().strip()).isEqualTo("error: perClass must be positive (or UNLIMITED), but was 0");
  }

  @Test
  void should_name_the_line_of_a_class_list_that_is_not_utf8() throws IOException {
    Path classes = Files.write(tmp.resolve("classes.txt"), new byte[] {'r', 'e', 'd', '\n', 'b', (byte) 0xff, 'u', 'e', '\n'});

    CliTestSupport.Run r = run("retrieve", "--model", configA("hf").toString(), "--index", tmp.resolve("none").toString(), "--classes",
        classes.toString(), "--per-class", "1", "--out", tmp.resolve("x.jsonl").toString());

    assertThat(r.err().strip()).isEqualTo("error: class list '" + classes + "' line 2 must be UTF-8 text, but holds bytes that are not");
  }

  @Test
  void should_refuse_an_out_that_is_the_class_list() throws IOException {
    Path classes = Files.writeString(tmp.resolve("classes.txt"), "red\n");

    CliTestSupport.Run r = run("retrieve", "--model", configA("hf").toString(), "--index", tmp.resolve("none").toString(), "--classes",
        classes.toString(), "--per-class", "1", "--out", classes.toString());

    assertThat(r.err().strip()).startsWith("error: --out '" + classes + "' must differ from the input");
    assertThat(Files.readString(classes)).isEqualTo("red\n");
  }

  @Test
  void should_refuse_an_out_inside_the_index_folder() throws IOException {
    Path index = indexed();
    Path classes = Files.writeString(tmp.resolve("classes.txt"), "red\n");
    Path descriptor = index.resolve("index.json");
    String before = Files.readString(descriptor);

    CliTestSupport.Run r = run("retrieve", "--model", configA("hf").toString(), "--index", index.toString(), "--classes",
        classes.toString(), "--per-class", "1", "--out", descriptor.toString());

    assertThat(r.err().strip()).isEqualTo("error: --out '" + descriptor + "' must lie outside the input folder '" + index
        + "', but is inside it; nothing was written");
    assertThat(Files.readString(descriptor)).isEqualTo(before);
  }

  @Test
  void should_keep_pool_images_inside_the_pool_folder_unless_a_root_is_allowed() throws IOException {
    Path manifest = pool();
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.copy(tmp.resolve("pool/img/0.png"), outside.resolve("x.png"));
    Files.writeString(manifest, "{\"id\":\"x\",\"image\":\"../elsewhere/x.png\",\"caption\":\"x\"}\n", StandardOpenOption.APPEND);
    String[] args = {"index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out", tmp.resolve("index").toString(),
        "--keys", "image"};

    CliTestSupport.Run refused = run(args);
    List<String> allowed = new ArrayList<>(List.of(args));
    allowed.addAll(List.of("--allow-root", outside.toString()));
    CliTestSupport.Run accepted = run(allowed.toArray(String[]::new));

    assertThat(refused.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(refused.err()).endsWith("\nerror: " + manifest + ":7: image '../elsewhere/x.png' must lie inside the pool's folder "
        + manifest.getParent().toRealPath() + ", but is " + outside.toRealPath().resolve("x.png")
        + "; name other folders the pool may use as allowed roots (--allow-root DIR)\n");
    assertThat(accepted.exitCode()).as(accepted.err()).isZero();
    assertThat(accepted.out()).contains("\"images_added\":7");
  }

  @Test
  void should_name_both_lines_of_a_repeated_pool_id() throws IOException {
    Path manifest = pool();
    Files.writeString(manifest, "{\"id\":\"s2\",\"image\":\"img/0.png\",\"caption\":\"again\"}\n", StandardOpenOption.APPEND);

    CliTestSupport.Run r = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out",
        tmp.resolve("index").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).endsWith("\nerror: " + manifest + ":7: id 's2' must be unique, but line 3 already has it; give each pair its own id\n");
  }

  @Test
  void should_never_show_the_content_of_a_file_that_is_not_an_image() throws IOException {
    Path manifest = pool();
    Files.writeString(tmp.resolve("pool/secret.png"), "root:*:20228:0:99999:7:::\n");
    Files.writeString(manifest, "{\"id\":\"z\",\"image\":\"secret.png\",\"caption\":\"x\"}\n", StandardOpenOption.APPEND);

    CliTestSupport.Run r = run("index", "--model", configA("hf").toString(), "--pool", manifest.toString(), "--out",
        tmp.resolve("index").toString());

    assertThat(r.exitCode()).isEqualTo(ReactCli.EXIT_FAILURE);
    assertThat(r.err()).contains("secret.png").doesNotContain("root").doesNotContain("72 6f 6f 74");
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
