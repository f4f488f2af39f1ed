package org.reactvl.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedModule;

/** Reads what {@code --module} names. */
final class Modules {
  private Modules() {}

  static GatedModule load(Path module, ClipModel base) {
    if (!Files.exists(module)) {
      throw new IllegalArgumentException("module '" + module + "' does not exist");
    }
    return GatedModule.load(module, base.config());
  }
}
