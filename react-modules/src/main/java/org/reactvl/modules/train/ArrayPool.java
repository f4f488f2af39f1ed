package org.reactvl.modules.train;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recycles the large arrays of training steps. Every step allocates the same arrays in the same
 * order; fresh native blocks are mapped pages that the kernel must fault in and zero on first
 * touch (measured: 16% of a ViT-B/32 gated step), while keeping freed blocks in the C heap
 * instead fragments it (resident memory doubled). The pool keeps freed buffers by data type and
 * length and hands them out again, so after the first step a step allocates almost nothing and
 * resident memory stays at the step's peak working set.
 *
 * <p>Arrays below {@link #MIN_BYTES} come and go through ND4J as usual. Hand back only arrays
 * taken here or created by ND4J ops for the caller, never a view, and never one still in use.
 * Not thread-safe.
 */
final class ArrayPool implements AutoCloseable {
  /** Smaller arrays are not pooled: the C heap serves them without page faults. */
  static final long MIN_BYTES = 128 * 1024;

  private record Key(DataType dtype, long length) {}

  private final Map<Key, ArrayDeque<DataBuffer>> free = new HashMap<>();

  /** An uninitialised c-order array of {@code shape}. */
  INDArray take(DataType dtype, long... shape) {
    long length = 1;
    for (long d : shape) {
      length *= d;
    }
    if (length * dtype.width() < MIN_BYTES) {
      return Nd4j.createUninitialized(dtype, shape);
    }
    ArrayDeque<DataBuffer> buffers = free.get(new Key(dtype, length));
    DataBuffer buffer = buffers == null ? null : buffers.poll();
    if (buffer == null) {
      return Nd4j.createUninitialized(dtype, shape);
    }
    return Nd4j.create(buffer, shape);
  }

  /**
   * A c-order copy of {@code source} (any layout), shaped as {@code shape} (same length) or, when
   * none is given, as {@code source}.
   */
  INDArray copyOf(INDArray source, long... shape) {
    if (shape.length == 0) {
      return take(source.dataType(), source.shape()).assign(source);
    }
    INDArray out = take(source.dataType(), shape);
    // a reshaped view writes through to out; out itself must own its buffer to come back here
    out.reshape(source.shape()).assign(source);
    return out;
  }

  /** Takes {@code a} back for reuse (null is ignored); small or partial arrays are freed instead. */
  void give(INDArray a) {
    if (a == null || a.wasClosed()) {
      return;
    }
    DataBuffer buffer = a.data();
    long length = a.length();
    if (length * a.dataType().width() < MIN_BYTES || buffer.length() != length || a.offset() != 0 || !buffer.closeable()) {
      NativeArrays.free(a);
      return;
    }
    free.computeIfAbsent(new Key(a.dataType(), length), k -> new ArrayDeque<>()).push(buffer);
  }

  /** Frees every pooled buffer. */
  @Override
  public void close() {
    free.values().forEach(buffers -> buffers.forEach(DataBuffer::close));
    free.clear();
  }
}
