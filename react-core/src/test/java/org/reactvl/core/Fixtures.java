package org.reactvl.core;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.reactvl.core.io.FloatTensor;
import org.reactvl.core.io.Npy;

/** Paths to the reference fixtures in {@code ../shared} and small helpers to read them. */
public final class Fixtures {
  private Fixtures() {}

  /** The shared folder beside the project (surefire passes its absolute path as react.shared). */
  public static Path shared() {
    Path p = Path.of(System.getProperty("react.shared", "../../shared"));
    if (!Files.isDirectory(p)) {
      p = Path.of("../shared");
    }
    return p;
  }

  /** {@code shared/fixtures/clip-reference/...}. */
  public static Path clipReference(String first, String... more) {
    return shared().resolve("fixtures/clip-reference").resolve(Path.of(first, more));
  }

  /** Reads a float npy file as an INDArray of its shape. */
  public static INDArray npy(Path path) {
    FloatTensor t = Npy.readFloats(path);
    return Nd4j.create(t.data(), t.shape(), 'c');
  }

  /** Reads an int npy file as rows. */
  public static int[][] intRows(Path path) {
    Npy.IntArray a = Npy.readInts(path);
    int rows = (int) a.shape()[0];
    int cols = (int) a.shape()[1];
    int[][] out = new int[rows][cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(a.data(), i * cols, out[i], 0, cols);
    }
    return out;
  }
}
