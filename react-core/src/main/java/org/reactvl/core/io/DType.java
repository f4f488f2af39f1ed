package org.reactvl.core.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Element types of tensors in safetensors files that this library reads; all are widened to float32. */
public enum DType {
  F32(4),
  F16(2),
  BF16(2),
  F64(8);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /**
   * Parses a safetensors dtype name.
   *
   * @throws IllegalArgumentException naming the dtype and the supported ones
   */
  public static DType parse(String name) {
    for (DType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "dtype must be one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
            + ", but was '"
            + name
            + "'");
  }
}
