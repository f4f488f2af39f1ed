package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reactvl.core.image.ImagePreprocessor;
import org.reactvl.core.io.Npy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preprocess}: one image to CLIP's normalised float32 tensor {@code [3, size, size]}. */
@Command(name = "preprocess", description = "Preprocess an image as openai/CLIP does; writes float32 [3, size, size].")
final class PreprocessCommand implements Callable<Integer> {
  @Option(names = "--image", required = true, paramLabel = "FILE")
  Path image;

  @Option(names = "--out", required = true, paramLabel = "OUT.npy")
  Path out;

  @Option(names = "--size", defaultValue = "224", description = "Output side in pixels (default: ${DEFAULT-VALUE}).")
  int size;

  @Override
  public Integer call() {
    if (size <= 0) {
      throw new IllegalArgumentException("--size must be positive, but was " + size);
    }
    OutputPaths.checkNotAnInput("--out", out, java.util.List.of(image));
    float[] chw = ImagePreprocessor.builder().size(size).build().preprocess(image);
    Npy.write(out, new long[] {3, size, size}, chw);
    return 0;
  }
}
