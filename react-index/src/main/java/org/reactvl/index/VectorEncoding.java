package org.reactvl.index;

/**
 * How a store keeps the vectors it searches. Quantized encodings shrink what must stay in memory for
 * fast search at some loss of recall, which re-scoring the candidates with the full-precision vectors
 * (kept on disk as well) mostly recovers. Figures for 512 dimensions are in the package documentation.
 */
public enum VectorEncoding {
  /** 32-bit floats: exact scores, ~2 KiB per 512-d vector in memory. */
  FLOAT32,
  /** 8 bits per component (Lucene's optimized scalar quantization): ~4x smaller. */
  INT8,
  /** 4 bits per component: ~8x smaller. */
  INT4,
  /** 1 bit per component, queries at 4 bits ("better binary quantization"): ~32x smaller. */
  BINARY
}
