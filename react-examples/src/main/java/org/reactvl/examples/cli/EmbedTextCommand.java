package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reactvl.core.clip.ClipModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code embed-text}: text features of texts (one JSON string per line), as float32 npy. */
@Command(name = "embed-text", description = "Encode texts with the text tower; writes float32 [N, embed_dim].")
final class EmbedTextCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @Option(names = "--in", required = true, paramLabel = "TEXTS.jsonl")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "OUT.npy")
  Path out;

  @Option(names = "--normalize", description = "L2-normalise each row.")
  boolean normalize;

  @Override
  public Integer call() {
    OutputPaths.checkNotAnInput("--out", out, java.util.List.of(in, model.model));
    java.util.List<String> texts = JsonLines.readStrings(in);
    try (ClipModel clip = model.load()) {
      Features.write(out, clip.encodeTexts(texts), normalize);
      return 0;
    }
  }
}
