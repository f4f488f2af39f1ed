package org.reactvl.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Checks made on an output path before a command reads or writes anything. */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Throws unless {@code out} differs from every input: writing a command's output over its own input
   * would destroy the input.
   *
   * @param option the output's option name, for the message
   */
  static void checkNotAnInput(String option, Path out, Collection<Path> inputs) {
    for (Path in : inputs) {
      if (in != null && same(out, in)) {
        throw new IllegalArgumentException(option + " '" + out + "' must differ from the input '" + in + "', but it is the same file;"
            + " nothing was written");
      }
    }
  }

  private static boolean same(Path a, Path b) {
    if (Files.exists(a) && Files.exists(b)) {
      try {
        return Files.isSameFile(a, b);
      } catch (IOException e) {
        // Fall back to comparing the paths.
      }
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
