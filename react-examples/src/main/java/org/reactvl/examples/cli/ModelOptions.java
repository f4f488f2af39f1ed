package org.reactvl.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.reactvl.core.clip.ClipArchitectures;
import org.reactvl.core.clip.ClipModel;
import picocli.CommandLine.Option;

/** {@code --model M [--arch A]}: a Hugging Face folder, or an open_clip safetensors file. */
final class ModelOptions {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "M",
      description = "Hugging Face model folder (config.json + model.safetensors) or open_clip .safetensors file.")
  Path model;

  @Option(
      names = "--arch",
      paramLabel = "A",
      description = "For an open_clip file: architecture name (ViT-B-32, ViT-B-32-quickgelu, ...) or a model config JSON;"
          + " inferred from the tensor shapes (OpenAI convention) when omitted.")
  String arch;

  ClipModel load() {
    if (!Files.exists(model)) {
      throw new IllegalArgumentException("model '" + model + "' does not exist");
    }
    if (Files.isDirectory(model)) {
      if (arch != null) {
        throw new IllegalArgumentException("--arch applies to open_clip files; '" + model + "' is a folder with its own config.json");
      }
      return ClipModel.load(model);
    }
    return arch == null ? ClipModel.load(model) : ClipModel.load(model, ClipArchitectures.resolve(arch));
  }
}
