package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.Npy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code embed-image}: image features of normalised pixels or image files, as float32 npy. */
@Command(name = "embed-image", description = "Encode images with the image tower; writes float32 [N, embed_dim].")
final class EmbedImageCommand implements Callable<Integer> {
  @Mixin ModelOptions model;

  @ArgGroup(multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--pixels", paramLabel = "IN.npy", description = "Normalised float32 pixels [N, 3, H, W].")
    Path pixels;

    @Option(names = "--images", arity = "1..*", paramLabel = "PATH", description = "Image files (JPEG, PNG, GIF, BMP, WebP).")
    java.util.List<Path> images;
  }

  @Option(names = "--module", paramLabel = "MODULE", description = "Gated module: a folder written by 'customize' or a REACT .safetensors file.")
  Path module;

  @Option(names = "--out", required = true, paramLabel = "OUT.npy")
  Path out;

  @Option(names = "--normalize", description = "L2-normalise each row.")
  boolean normalize;

  @Override
  public Integer call() {
    java.util.List<Path> inputs = new java.util.ArrayList<>(input.images != null ? input.images : java.util.List.of());
    inputs.add(input.pixels);
    inputs.add(module);
    inputs.add(model.model);
    OutputPaths.checkNotAnInput("--out", out, inputs);
    try (ClipModel base = model.load(); ClipModel clip = Modules.apply(module, base)) {
      INDArray pixels = input.pixels != null ? readPixels(input.pixels) : Images.preprocess(input.images, base.config());
      Features.write(out, clip.encodeImages(pixels), normalize);
      return 0;
    }
  }

  private static INDArray readPixels(Path file) {
    FloatTensor t = Npy.readFloats(file);
    if (t.shape().length != 4) {
      throw new IllegalArgumentException("pixels '" + file + "' must be 4-D [N, 3, H, W], but had shape " + java.util.Arrays.toString(t.shape()));
    }
    return Nd4j.create(t.data(), t.shape(), 'c');
  }
}
