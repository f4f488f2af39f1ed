package org.reactvl.core.io;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A float32 tensor held on the Java heap: a shape and its row-major values. Used to move weights
 * in and out of files; arrays are copied in and out.
 */
public record FloatTensor(long[] shape, float[] data) {
  public FloatTensor {
    shape = shape.clone();
    long n = 1;
    for (long d : shape) {
      checkArgument(d >= 0, "dimensions must be non-negative, but shape was %s", Arrays.toString(shape));
      n *= d;
    }
    checkArgument(
        n == data.length, "data length must be %s for shape %s, but was %s", n, Arrays.toString(shape), data.length);
    data = data.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public float[] data() {
    return data.clone();
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
