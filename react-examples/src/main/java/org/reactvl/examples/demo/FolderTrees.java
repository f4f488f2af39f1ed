package org.reactvl.examples.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.reactvl.core.ReactException;

/** Deletes folders the demo owns inside its output folder (a stale index, an old report). */
final class FolderTrees {
  private FolderTrees() {}

  /** Deletes {@code folder} and everything in it; nothing happens when it does not exist. */
  static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new ReactException("cannot delete " + folder + ": " + e.getMessage(), e);
    }
  }
}
