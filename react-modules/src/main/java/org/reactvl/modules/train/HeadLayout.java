package org.reactvl.modules.train;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves attention heads between the token rows of a linear layer, {@code [batch * tokens, parts *
 * heads * headWidth]}, and the head-major layout the attention GEMMs batch over, {@code [parts,
 * batch, heads, tokens, headWidth]} (parts: 3 for q, k, v; 1 for the attended values). Each head's
 * slice of a row is contiguous in both, so a move is one bulk copy per slice; ND4J's assign from a
 * permuted view walks the strides element by element. For float32 c-order arrays only (the caller
 * keeps ND4J's permute for the reference path); the rows are split across the common fork-join
 * pool.
 */
final class HeadLayout {
  private HeadLayout() {}

  /** Token rows to a new head-major array {@code [parts, batch, heads, tokens, headWidth]} taken from {@code pool}. */
  static INDArray split(INDArray rows, int parts, int heads, int tokens, ArrayPool pool) {
    int width = (int) rows.size(1);
    int headWidth = width / (parts * heads);
    int batch = (int) rows.size(0) / tokens;
    INDArray split = pool.take(DataType.FLOAT, parts, batch, heads, tokens, headWidth);
    move(RowKernels.floats(rows), RowKernels.floats(split), parts, batch, heads, tokens, headWidth, true);
    return split;
  }

  /** A head-major array {@code [parts, batch, heads, tokens, headWidth]} to new token rows taken from {@code pool}. */
  static INDArray merge(INDArray split, ArrayPool pool) {
    int parts = (int) split.size(0);
    int batch = (int) split.size(1);
    int heads = (int) split.size(2);
    int tokens = (int) split.size(3);
    int headWidth = (int) split.size(4);
    INDArray rows = pool.take(DataType.FLOAT, (long) batch * tokens, (long) parts * heads * headWidth);
    move(RowKernels.floats(split), RowKernels.floats(rows), parts, batch, heads, tokens, headWidth, false);
    return rows;
  }

  private static void move(FloatBuffer from, FloatBuffer to, int parts, int batch, int heads, int tokens, int headWidth, boolean toHeads) {
    int width = parts * heads * headWidth;
    RowKernels.forEachChunk(batch * tokens, Math.max(1, 16 * 1024 / width), (first, last) -> {
      for (int r = first; r < last; r++) {
        int b = r / tokens;
        int t = r % tokens;
        for (int p = 0; p < parts; p++) {
          for (int h = 0; h < heads; h++) {
            int rowOffset = r * width + (p * heads + h) * headWidth;
            int headOffset = (((p * batch + b) * heads + h) * tokens + t) * headWidth;
            if (toHeads) {
              to.put(headOffset, from, rowOffset, headWidth);
            } else {
              to.put(rowOffset, from, headOffset, headWidth);
            }
          }
        }
      }
    });
  }
}
