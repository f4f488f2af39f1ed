package org.reactvl.index;

/** L2 norms and normalisation, accumulated in double so tiny or huge components neither underflow nor overflow. */
final class UnitVectors {
  private UnitVectors() {}

  static double norm(float[] v) {
    double scale = 0;
    for (float x : v) {
      scale = Math.max(scale, Math.abs(x));
    }
    if (scale == 0) {
      return 0;
    }
    double sum = 0;
    for (float x : v) {
      double y = x / scale;
      sum += y * y;
    }
    return scale * Math.sqrt(sum);
  }

  /** A unit-length copy of a vector with a non-zero norm. */
  static float[] normalized(float[] v) {
    double norm = norm(v);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / norm);
    }
    return out;
  }
}
