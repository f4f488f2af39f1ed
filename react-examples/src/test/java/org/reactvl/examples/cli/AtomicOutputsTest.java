package org.reactvl.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reactvl.examples.cli.CliTestSupport.configA;
import static org.reactvl.examples.cli.CliTestSupport.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.io.AtomicFiles;
import org.reactvl.index.retrieval.RetrievedSet;

/**
 * Every output the CLI writes reaches its final name by a rename, never by writing under that name:
 * watching the output folder (inotify on Linux), a final name may appear (created, or moved in) but
 * is never modified in place, so a kill can never leave a half-written file under it. Each command
 * runs twice (index.json, written once per index, excepted), so replacing an earlier output is
 * watched too, and the final files are readable by others like any file the user creates.
 */
class AtomicOutputsTest {
  @TempDir Path tmp;

  /** What happened to the names in {@code folder} while {@code command} ran. */
  private static List<String> watch(Path folder, Runnable command) throws IOException, InterruptedException {
    List<String> events = new ArrayList<>();
    try (WatchService watcher = folder.getFileSystem().newWatchService()) {
      folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      command.run();
      WatchKey key;
      while ((key = watcher.poll(500, TimeUnit.MILLISECONDS)) != null) {
        for (WatchEvent<?> e : key.pollEvents()) {
          events.add(e.kind().name() + " " + e.context());
        }
        key.reset();
      }
    }
    return events;
  }

  private static void assertRenamedIntoPlace(Path folder, String finalName, Runnable command) throws Exception {
    assertRenamedIntoPlace(folder, finalName, List.of(), 2, command);
  }

  /**
   * {@code lucene} names store folders beside the output, which Lucene writes by its own commit
   * protocol; {@code rounds} is 1 for an output written only once.
   */
  private static void assertRenamedIntoPlace(Path folder, String finalName, List<String> lucene, int rounds, Runnable command)
      throws Exception {
    for (int round = 0; round < rounds; round++) {
      List<String> events = watch(folder, command);

      assertThat(events).as("round %s: %s", round, events)
          .contains("ENTRY_CREATE " + finalName)
          .doesNotContain("ENTRY_MODIFY " + finalName)
          .allMatch(e -> e.endsWith(" " + finalName) || e.contains(AtomicFiles.TEMP_INFIX) || lucene.contains(e.substring(e.indexOf(' ') + 1)),
              "only the final name and temporary names");
      Path written = folder.resolve(finalName);
      if (Files.isRegularFile(written)) {
        assertThat(Files.getPosixFilePermissions(written)).contains(PosixFilePermission.OTHERS_READ);
      }
    }
  }

  private static Runnable succeeds(String... args) {
    return () -> {
      CliTestSupport.Run r = run(args);
      assertThat(r.exitCode()).as(r.err()).isZero();
    };
  }

  @Test
  void should_rename_text_command_outputs_into_place() throws Exception {
    Path texts = Files.writeString(tmp.resolve("texts.jsonl"), "\"a dog\"\n\"a cat\"\n");
    Path out = Files.createDirectory(tmp.resolve("out"));

    assertRenamedIntoPlace(out, "ids.jsonl", succeeds("tokenize", "--in", texts.toString(), "--out", out.resolve("ids.jsonl").toString()));
    assertRenamedIntoPlace(out, "txt.npy", succeeds("embed-text", "--model", configA("hf").toString(), "--in", texts.toString(),
        "--out", out.resolve("txt.npy").toString()));
  }

  @Test
  void should_rename_image_command_outputs_into_place() throws Exception {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Path image = CliTestSupport.shadesPool(tmp).resolveSibling("img/1.png");

    assertRenamedIntoPlace(out, "img.npy", succeeds("embed-image", "--model", configA("hf").toString(), "--pixels",
        configA("input_images.npy").toString(), "--out", out.resolve("img.npy").toString()));
    assertRenamedIntoPlace(out, "pixels.npy", succeeds("preprocess", "--image", image.toString(), "--size", "32", "--out",
        out.resolve("pixels.npy").toString()));
  }

  @Test
  void should_rename_index_retrieve_and_customize_outputs_into_place() throws Exception {
    Path manifest = CliTestSupport.shadesPool(tmp);
    Path index = tmp.resolve("index");
    Path classes = Files.writeString(tmp.resolve("classes.txt"), "shade number 1\nshade number 4\n");
    Path out = Files.createDirectory(tmp.resolve("out"));
    Files.createDirectory(index);

    assertRenamedIntoPlace(index, "index.json", List.of("images", "text"), 1, succeeds("index", "--model", configA("hf").toString(), "--pool", manifest.toString(),
        "--out", index.toString(), "--keys", "image"));
    assertRenamedIntoPlace(out, "retrieved.jsonl", succeeds("retrieve", "--model", configA("hf").toString(), "--index",
        index.toString(), "--classes", classes.toString(), "--per-class", "2", "--templates", "simple", "--min-score", "-1",
        "--out", out.resolve("retrieved.jsonl").toString()));
    assertThat(RetrievedSet.read(out.resolve("retrieved.jsonl")).size()).isGreaterThanOrEqualTo(2);
    assertRenamedIntoPlace(out, "module", succeeds("customize", "--model", configA("hf").toString(), "--retrieved",
        out.resolve("retrieved.jsonl").toString(), "--out", out.resolve("module").toString(), "--steps", "1", "--batch", "2",
        "--k", "1", "--no-progress"));
  }
}
