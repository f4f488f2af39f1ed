package org.reactvl.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.gated.GatedModule;
import org.reactvl.modules.artifact.ModuleArtifact;

/**
 * What {@code --module} names: a module folder written by {@code customize} ({@code module.json} plus
 * weights) or a bare REACT gated-blocks {@code .safetensors} file. Both are checked against the base
 * model's fingerprint the library's way ({@code BackboneMismatchException}); a file released by REACT
 * records none and is adopted for the given base, as {@link GatedModule#loadReleased} documents.
 */
final class Modules {
  private Modules() {}

  /**
   * {@code base} customized by {@code module}, or {@code base} itself when {@code module} is null.
   * The result is a view of {@code base} or, for a locked-text or full module, a new model; close it
   * before {@code base} (closing a view leaves {@code base} open).
   */
  static ClipModel apply(Path module, ClipModel base) {
    if (module == null) {
      return base;
    }
    if (!Files.exists(module)) {
      throw new IllegalArgumentException("module '" + module + "' does not exist");
    }
    if (Files.isDirectory(module)) {
      return ModuleArtifact.read(module, base).applyTo(base);
    }
    return base.withModule(GatedModule.loadReleased(module, base));
  }
}
