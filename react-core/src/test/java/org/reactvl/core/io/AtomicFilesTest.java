package org.reactvl.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path tmp;

  private Set<String> names() throws IOException {
    try (Stream<Path> list = Files.list(tmp)) {
      return Set.copyOf(list.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void should_write_under_a_temporary_name_and_rename_so_a_failure_half_way_leaves_the_old_file() throws IOException {
    Path target = Files.writeString(tmp.resolve("pool.jsonl"), "old\n");

    assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
      out.write("new and half".getBytes(StandardCharsets.UTF_8));
      assertThat(Files.readString(target)).as("the final name during the write").isEqualTo("old\n");
      assertThat(names()).hasSize(2).anyMatch(n -> n.startsWith(".pool.jsonl" + AtomicFiles.TEMP_INFIX));
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");

    assertThat(Files.readString(target)).isEqualTo("old\n");
    assertThat(names()).containsExactly("pool.jsonl");
  }

  @Test
  void should_give_the_final_file_the_permissions_of_any_new_file() throws IOException {
    Path plain = Files.writeString(tmp.resolve("plain.txt"), "x");
    Path written = tmp.resolve("sub/pool.jsonl");

    AtomicFiles.writeString(written, "{}\n");

    Set<PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
    assertThat(Files.getPosixFilePermissions(written)).isEqualTo(expected).contains(PosixFilePermission.OTHERS_READ);
    assertThat(Files.readString(written)).isEqualTo("{}\n");
  }

  @Test
  void should_refuse_a_folder_as_target_and_leave_no_temporary_file() throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("adir"));

    assertThatThrownBy(() -> AtomicFiles.writeString(folder, "x"))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("is a directory");
    assertThat(names()).containsExactly("adir");
  }

  @Test
  void should_let_the_content_close_its_stream() throws IOException {
    Path target = tmp.resolve("closed.txt");

    AtomicFiles.write(target, out -> {
      out.write('a');
      out.close();
    });

    assertThat(Files.readString(target)).isEqualTo("a");
  }
}
