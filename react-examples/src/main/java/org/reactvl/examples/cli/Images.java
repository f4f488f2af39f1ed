package org.reactvl.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.clip.ClipConfig;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.image.ImagePreprocessor;

/** Image files to the pixel tensor a model takes, and to its image features. */
final class Images {
  private Images() {}

  /** CLIP preprocessing at the model's input size: {@code [N, 3, size, size]}. */
  static INDArray preprocess(List<Path> files, ClipConfig config) {
    int size = config.vision().imageSize();
    float[] nchw = ImagePreprocessor.forModel(config).preprocessBatch(files);
    return Nd4j.create(nchw, new long[] {files.size(), 3, size, size}, 'c');
  }

  /**
   * Image features {@code [N, embedDim]} of {@code files}, decoding {@code batch} files at a time so
   * a large folder never holds all its pixels at once; with a {@code progress} stream (may be null),
   * a progress bar counts the images there.
   */
  static INDArray encode(ClipModel clip, List<Path> files, int batch, PrintWriter progress) {
    if (batch <= 0) {
      throw new IllegalArgumentException("image batch must be positive, but was " + batch);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("there must be at least one image to encode, but there were none");
    }
    List<INDArray> parts = new ArrayList<>();
    try (ProgressBars bar = progress == null ? null : new ProgressBars("encode images", files.size(), " images", 0, progress)) {
      for (int from = 0; from < files.size(); from += batch) {
        int to = Math.min(files.size(), from + batch);
        parts.add(clip.encodeImages(preprocess(files.subList(from, to), clip.config())));
        if (bar != null) {
          bar.stepTo(to, files.size());
        }
      }
    }
    return parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts.toArray(INDArray[]::new));
  }
}
