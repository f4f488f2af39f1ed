/**
 * Tensor files: safetensors (read memory-mapped with a bounded, fully validated header; written
 * atomically) and NumPy {@code .npy}. F16, BF16 and F64 are widened to float32 on read, since the
 * backbone computes in float32.
 */
package org.reactvl.core.io;
