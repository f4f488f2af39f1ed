package org.reactvl.index;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.util.VectorUtil;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The exact store's vectors, {@code rows x dimension} floats, and the two ways of scoring queries
 * against all of them.
 *
 * <ul>
 *   <li>A few queries: one pass over the rows per query with Lucene's {@link VectorUtil#dotProduct}
 *       (Panama SIMD when {@code jdk.incubator.vector} is enabled). Memory-bound: each query reads
 *       the whole matrix.
 *   <li>Many queries: the rows are copied block by block into an off-heap ND4J matrix and multiplied
 *       with all queries at once ({@code queries x block^T}, one OpenBLAS GEMM per block), which reads
 *       the matrix once for all of them and is compute-bound.
 * </ul>
 *
 * <p>Rows live on the Java heap, one array each, so single queries need no native call and the
 * matrix needs no native memory between searches. Rows are addressed by position {@code
 * 0..rows()-1}; removing one moves the last row into its place. Not thread-safe for writes: the owning
 * store guards it with its lock; concurrent {@link #scoreAll} calls are fine.
 */
final class VectorMatrix {

  /** From this many queries on, one GEMM beats one pass over the rows per query. */
  static final int GEMM_MIN_QUERIES = 4;

  /** Bytes of one staging block: large enough for an efficient GEMM, small enough to allocate per search. */
  private static final long BLOCK_BYTES = 8L << 20;

  /** Queries per GEMM, bounding the score matrix to queries x block rows. */
  private static final int QUERY_CHUNK = 1024;

  private final int dimension;
  private final int blockRows;
  private final List<float[]> rows = new ArrayList<>();

  VectorMatrix(int dimension) {
    this.dimension = dimension;
    this.blockRows = (int) Math.max(1, BLOCK_BYTES / (4L * dimension));
  }

  int rows() {
    return rows.size();
  }

  /** Appends a row (kept, not copied) and returns its position. */
  int append(float[] vector) {
    rows.add(vector);
    return rows.size() - 1;
  }

  /** Replaces a row (kept, not copied). */
  void set(int row, float[] vector) {
    rows.set(row, vector);
  }

  /** A copy of a row. */
  float[] get(int row) {
    return rows.get(row).clone();
  }

  /** Drops all rows. */
  void clear() {
    rows.clear();
  }

  /** Moves the last row into {@code row} and drops the last; returns the old position of the moved row. */
  int removeBySwap(int row) {
    int last = rows.size() - 1;
    float[] moved = rows.remove(last);
    if (row != last) {
      rows.set(row, moved);
    }
    return last;
  }

  /**
   * Receives scores a block at a time: {@code scores[q * blockLength + r]} is query {@code firstQuery +
   * q} against row {@code firstRow + r}. The array is reused after the call returns.
   */
  interface ScoreSink {
    void accept(int firstQuery, int queryCount, int firstRow, int blockLength, float[] scores);
  }

  /** Dot products of every query (each of length {@code dimension}) with every row. */
  void scoreAll(float[][] queries, ScoreSink sink) {
    if (rows.isEmpty()) {
      return;
    }
    if (queries.length < GEMM_MIN_QUERIES) {
      scoreEach(queries, sink);
    } else {
      scoreByGemm(queries, sink);
    }
  }

  private void scoreEach(float[][] queries, ScoreSink sink) {
    float[] scores = new float[Math.min(blockRows, rows.size())];
    for (int q = 0; q < queries.length; q++) {
      for (int first = 0; first < rows.size(); first += blockRows) {
        int length = Math.min(blockRows, rows.size() - first);
        for (int r = 0; r < length; r++) {
          scores[r] = VectorUtil.dotProduct(queries[q], rows.get(first + r));
        }
        sink.accept(q, 1, first, length, scores);
      }
    }
  }

  private void scoreByGemm(float[][] queries, ScoreSink sink) {
    int stagingRows = Math.min(blockRows, rows.size());
    float[] scores = null;
    try (INDArray staging = Nd4j.create(DataType.FLOAT, stagingRows, dimension)) {
      FloatPointer stage = new FloatPointer(staging.data().addressPointer());
      for (int q0 = 0; q0 < queries.length; q0 += QUERY_CHUNK) {
        int qn = Math.min(QUERY_CHUNK, queries.length - q0);
        try (INDArray q = queryMatrix(queries, q0, qn)) {
          for (int first = 0; first < rows.size(); first += stagingRows) {
            int length = Math.min(stagingRows, rows.size() - first);
            for (int r = 0; r < length; r++) {
              stage.position((long) r * dimension).put(rows.get(first + r), 0, dimension);
            }
            INDArray block = length == stagingRows
                ? staging
                : staging.get(NDArrayIndex.interval(0, length), NDArrayIndex.all());
            try (INDArray product = Nd4j.gemm(q, block, false, true)) {
              int size = qn * length;
              if (scores == null || scores.length < size) {
                scores = new float[size];
              }
              new FloatPointer(product.data().addressPointer()).position(product.offset()).get(scores, 0, size);
              sink.accept(q0, qn, first, length, scores);
            }
          }
        }
      }
    }
  }

  private INDArray queryMatrix(float[][] queries, int from, int count) {
    float[] flat = new float[count * dimension];
    for (int i = 0; i < count; i++) {
      System.arraycopy(queries[from + i], 0, flat, i * dimension, dimension);
    }
    return Nd4j.create(flat, new long[] {count, dimension}, DataType.FLOAT);
  }
}
