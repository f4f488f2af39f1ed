package org.reactvl.examples.cli;

import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipConfig;

/** Image files to the pixel tensor a model takes. */
final class Images {
  private Images() {}

  static INDArray preprocess(List<Path> files, ClipConfig config) {
    throw new IllegalArgumentException("--images needs the image preprocessor");
  }
}
