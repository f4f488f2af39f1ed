package org.reactvl.modules.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Frees intermediate arrays now instead of when the garbage collector finds them. */
final class NativeArrays {
  private NativeArrays() {}

  /** Closes {@code a} if it owns its memory (not a view, not already closed); null is ignored. */
  static void free(INDArray a) {
    if (a != null && a.closeable()) {
      a.close();
    }
  }
}
