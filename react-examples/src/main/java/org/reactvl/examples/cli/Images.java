package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.image.ImagePreprocessor;

/** Image files to the pixel tensor a model takes. */
final class Images {
  private Images() {}

  /** CLIP preprocessing at the model's input size: {@code [N, 3, size, size]}. */
  static INDArray preprocess(List<Path> files, ClipConfig config) {
    int size = config.vision().imageSize();
    float[] nchw = ImagePreprocessor.builder().size(size).build().preprocessBatch(files);
    return Nd4j.create(nchw, new long[] {files.size(), 3, size, size}, 'c');
  }
}
