package org.reactvl.index;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A dense, growable float matrix of {@code rows x dimension} kept off-heap in ND4J blocks of rows, so
 * that scoring many queries against all rows is one GEMM per block rather than a dot product per pair.
 *
 * <p>Rows are addressed by position {@code 0..rows()-1}; removing a row moves the last row into its
 * place (the caller re-maps that row's id). Not thread-safe: the owning store guards it with its lock.
 * Owns its native memory until {@link #close()}.
 */
final class VectorMatrix implements AutoCloseable {

  /** Bytes per block: big enough for efficient GEMM, small enough to allocate eagerly. */
  private static final long BLOCK_BYTES = 8L << 20;

  /** Queries per GEMM, bounding the score matrix to queries x block rows. */
  private static final int QUERY_CHUNK = 1024;

  private final int dimension;
  private final int blockRows;
  private final List<INDArray> blocks = new ArrayList<>();
  private int rows;

  VectorMatrix(int dimension) {
    this.dimension = dimension;
    this.blockRows = (int) Math.max(1, BLOCK_BYTES / (4L * dimension));
  }

  int rows() {
    return rows;
  }

  /** Appends a row and returns its position. */
  int append(float[] vector) {
    if (rows == blocks.size() * (long) blockRows) {
      blocks.add(Nd4j.create(DataType.FLOAT, blockRows, dimension));
    }
    set(rows, vector);
    return rows++;
  }

  void set(int row, float[] vector) {
    indexer(row).put(offset(row), vector, 0, dimension);
  }

  float[] get(int row) {
    float[] out = new float[dimension];
    indexer(row).get(offset(row), out, 0, dimension);
    return out;
  }

  /** Moves the last row into {@code row} and drops the last; returns the old position of the moved row. */
  int removeBySwap(int row) {
    int last = rows - 1;
    if (row != last) {
      set(row, get(last));
    }
    rows--;
    if (rows <= (blocks.size() - 1) * (long) blockRows) {
      blocks.remove(blocks.size() - 1).close();
    }
    return last;
  }

  /** Receives one block of scores: {@code scores[q * blockLength + r]} is query q against row {@code firstRow + r}. */
  interface ScoreSink {
    void accept(int firstQuery, int queryCount, int firstRow, int blockLength, float[] scores);
  }

  /**
   * Dot products of every query (rows of {@code queries}, each of length {@code dimension}) with every
   * row, one GEMM per block and query chunk.
   */
  void scoreAll(float[][] queries, ScoreSink sink) {
    float[] buffer = null;
    for (int q0 = 0; q0 < queries.length; q0 += QUERY_CHUNK) {
      int qn = Math.min(QUERY_CHUNK, queries.length - q0);
      float[] flat = new float[qn * dimension];
      for (int i = 0; i < qn; i++) {
        System.arraycopy(queries[q0 + i], 0, flat, i * dimension, dimension);
      }
      try (INDArray q = Nd4j.create(flat, new long[] {qn, dimension}, DataType.FLOAT)) {
        for (int b = 0; b < blocks.size(); b++) {
          int firstRow = b * blockRows;
          int length = Math.min(blockRows, rows - firstRow);
          INDArray block = length == blockRows
              ? blocks.get(b)
              : blocks.get(b).get(NDArrayIndex.interval(0, length), NDArrayIndex.all());
          try (INDArray scores = Nd4j.gemm(q, block, false, true)) {
            int size = qn * length;
            if (buffer == null || buffer.length < size) {
              buffer = new float[size];
            }
            ((FloatIndexer) scores.data().indexer()).get(scores.offset(), buffer, 0, size);
            sink.accept(q0, qn, firstRow, length, buffer);
          }
        }
      }
    }
  }

  @Override
  public void close() {
    blocks.forEach(INDArray::close);
    blocks.clear();
    rows = 0;
  }

  private FloatIndexer indexer(int row) {
    return (FloatIndexer) blocks.get(row / blockRows).data().indexer();
  }

  private long offset(int row) {
    return (long) (row % blockRows) * dimension;
  }
}
