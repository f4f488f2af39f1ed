package org.reactvl.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/** Checks made on an output path before a command reads or writes anything. */
final class OutputPaths {
  private OutputPaths() {}

  /**
   * Throws unless {@code out} differs from every input and lies outside every input folder: writing
   * a command's output over its own input (a file, or a file of an index folder) would destroy it.
   *
   * @param option the output's option name, for the message
   */
  static void checkNotAnInput(String option, Path out, Collection<Path> inputs) {
    Path target = real(out);
    for (Path in : inputs) {
      if (in == null) {
        continue;
      }
      Path input = real(in);
      if (target.equals(input)) {
        throw new IllegalArgumentException(option + " '" + out + "' must differ from the input '" + in + "', but it is the same file;"
            + " nothing was written");
      }
      if (Files.isDirectory(input) && target.startsWith(input)) {
        throw new IllegalArgumentException(option + " '" + out + "' must lie outside the input folder '" + in + "', but is inside it;"
            + " nothing was written");
      }
    }
  }

  /** The path with links resolved as far as it exists, so that two names of one file compare equal. */
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }
}
