package org.reactvl.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactvl.core.ReactException;

class OutputFoldersTest {
  @TempDir Path tmp;

  private static void twoFiles(Path folder) throws IOException {
    Files.writeString(folder.resolve("module.json"), "{}");
    Files.createDirectories(folder.resolve("model"));
    Files.writeString(folder.resolve("model/weights.bin"), "1234");
  }

  private Stream<String> siblings() throws IOException {
    return Files.list(tmp).map(p -> p.getFileName().toString());
  }

  @Test
  void should_write_a_new_folder_with_its_marker() throws IOException {
    Path out = tmp.resolve("dogs");

    OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles);

    assertThat(Files.readString(out.resolve(OutputFolders.MARKER)))
        .contains("\"kind\":\"module\"").contains("\"model/weights.bin\":4").contains("\"module.json\":2");
    assertThat(OutputFolders.isOwned(out, "module")).isTrue();
    assertThat(OutputFolders.isOwned(out, "training checkpoint")).isFalse();
    assertThat(siblings()).containsExactly("dogs");
  }

  @Test
  void should_replace_a_folder_it_wrote() throws IOException {
    Path out = tmp.resolve("dogs");
    OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles);

    OutputFolders.replace(out, "module", f -> Files.writeString(f.resolve("module.json"), "{\"v\":2}"));

    assertThat(Files.readString(out.resolve("module.json"))).isEqualTo("{\"v\":2}");
    assertThat(out.resolve("model")).doesNotExist();
    assertThat(siblings()).containsExactly("dogs");
  }

  @Test
  void should_never_replace_a_user_folder_that_merely_holds_a_file_of_the_expected_name() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("mine"));
    Files.writeString(out.resolve("module.json"), "my notes");
    Files.writeString(out.resolve("important.txt"), "keep me");

    assertThatThrownBy(() -> OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles))
        .isInstanceOf(ReactException.class)
        .hasMessageStartingWith("'" + out + "' holds files this library did not write there (no " + OutputFolders.MARKER
            + " marker; first entry 'important.txt')");

    assertThat(Files.readString(out.resolve("important.txt"))).isEqualTo("keep me");
    assertThat(Files.readString(out.resolve("module.json"))).isEqualTo("my notes");
    assertThat(siblings()).containsExactly("mine");
  }

  @Test
  void should_never_replace_a_folder_it_wrote_once_a_user_added_a_file() throws IOException {
    Path out = tmp.resolve("dogs");
    OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles);
    Files.writeString(out.resolve("model/notes.txt"), "mine");

    assertThatThrownBy(() -> OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles))
        .hasMessageContaining("('model/notes.txt')");
    assertThatThrownBy(() -> OutputFolders.checkReplaceable(out, "module")).isInstanceOf(ReactException.class);
    assertThat(OutputFolders.deleteIfOwned(out, "module")).isFalse();
    assertThat(out.resolve("model/notes.txt")).exists();
  }

  @Test
  void should_never_replace_a_folder_whose_file_was_changed_or_removed() throws IOException {
    Path out = tmp.resolve("dogs");
    OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles);
    Files.writeString(out.resolve("module.json"), "{\"edited\":true}");
    assertThat(OutputFolders.isOwned(out, "module")).isFalse();

    Files.writeString(out.resolve("module.json"), "{}");
    Files.delete(out.resolve("model/weights.bin"));
    assertThat(OutputFolders.isOwned(out, "module")).isFalse();
  }

  @Test
  void should_write_into_an_empty_folder_and_refuse_a_file() throws IOException {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    OutputFolders.replace(empty, "module", OutputFoldersTest::twoFiles);
    assertThat(empty.resolve("module.json")).exists();

    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> OutputFolders.checkReplaceable(file, "module")).hasMessageContaining("but it is a file");
  }

  @Test
  void should_leave_the_old_folder_and_no_temporary_when_writing_fails() throws IOException {
    Path out = tmp.resolve("dogs");
    OutputFolders.replace(out, "module", OutputFoldersTest::twoFiles);

    assertThatThrownBy(() -> OutputFolders.replace(out, "module", f -> {
      throw new java.nio.file.AccessDeniedException(f.resolve("module.json").toString());
    })).isInstanceOf(ReactException.class).hasMessageEndingWith("module.json: permission denied");

    assertThat(OutputFolders.isOwned(out, "module")).isTrue();
    assertThat(siblings()).containsExactly("dogs");
  }

  @Test
  void should_say_before_any_work_that_the_parent_is_not_writable() throws IOException {
    Path parent = Files.createDirectory(tmp.resolve("ro"));
    parent.toFile().setWritable(false);
    try {
      assumeFalse(Files.isWritable(parent), "the superuser may write anywhere");
      assertThatThrownBy(() -> OutputFolders.checkReplaceable(parent.resolve("dogs"), "module"))
          .hasMessage("cannot write the module to '" + parent.resolve("dogs") + "': folder '" + parent + "' is not writable");
    } finally {
      parent.toFile().setWritable(true);
    }
  }

  @Test
  void should_delete_trees_without_following_links() throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "x");
    Path tree = Files.createDirectories(tmp.resolve("tree/a"));
    Files.createSymbolicLink(tree.resolve("link"), outside);

    OutputFolders.deleteTree(tmp.resolve("tree"));

    assertThat(tmp.resolve("tree")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).exists();
  }
}
