package org.reactvl.index;

/**
 * How stores compare vectors. Vectors are L2-normalised on the way in, so the dot product is the
 * cosine similarity; a constant of its own so that stored indexes record it and a later metric can be
 * told apart.
 */
public enum SimilarityMetric {
  /** Dot product of unit vectors, i.e. cosine similarity in [-1, 1]. */
  DOT_PRODUCT
}
