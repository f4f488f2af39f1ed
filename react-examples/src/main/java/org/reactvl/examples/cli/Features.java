package org.reactvl.examples.cli;

import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.reactvl.core.clip.ClipModel;
import org.reactvl.core.io.Npy;

/** Writes embedding rows as float32 npy, optionally L2-normalised. */
final class Features {
  private Features() {}

  static void write(Path out, INDArray features, boolean normalize) {
    INDArray rows = normalize ? ClipModel.normalizeRows(features) : features;
    Npy.write(out, rows.shape(), rows.dup('c').data().asFloat());
  }
}
