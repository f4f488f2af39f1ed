package org.reactvl.modules.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CLIP's symmetric InfoNCE loss and its gradients, written out by hand in double precision (the
 * matrices are only {@code [B, B]} and {@code [B, E]}).
 *
 * <p>With {@code u_i} and {@code v_j} the L2-normalised image and text features of a batch of
 * {@code B} pairs and {@code s = exp(logit_scale)}, the logits are {@code z_ij = s u_i . v_j} and
 * <pre>
 *   loss = 1/2 [ 1/B sum_i (lse_j z_ij - z_ii) + 1/B sum_j (lse_i z_ij - z_jj) ]
 * </pre>
 * where {@code lse} is log-sum-exp, computed stably around the row (column) maximum. The logits'
 * gradient is {@code dz = (softmax_rows(z) + softmax_cols(z) - 2 I) / 2B}; from it
 * {@code du = s dz v}, {@code dv = s dz^T u}, {@code d logit_scale = sum(dz z)}, and the
 * normalisation's backward {@code df = (du - u (u . du)) / |f|}.
 */
final class ContrastiveLoss {
  /** Added under the square root of the squared norm: keeps a zero feature vector finite. */
  static final double NORM_EPS = 1e-12;

  /**
   * The loss and its gradients.
   *
   * @param imageGradient {@code [B, E]}, in the features' data type
   * @param textGradient {@code [B, E]}, or null when not asked for
   * @param logitScaleGradient d loss / d logit_scale
   */
  record Result(double loss, INDArray imageGradient, INDArray textGradient, double logitScaleGradient) {}

  private ContrastiveLoss() {}

  /** The loss alone. */
  static double loss(INDArray imageFeatures, INDArray textFeatures, double logitScale) {
    return evaluate(imageFeatures, textFeatures, logitScale, false, false).loss();
  }

  /**
   * The loss and the gradients with respect to the image features, the logit scale and, when
   * {@code textGradient}, the text features.
   */
  static Result evaluate(INDArray imageFeatures, INDArray textFeatures, double logitScale, boolean textGradient) {
    return evaluate(imageFeatures, textFeatures, logitScale, true, textGradient);
  }

  private static Result evaluate(INDArray imageFeatures, INDArray textFeatures, double logitScale, boolean gradients, boolean textGradient) {
    double[][] f = imageFeatures.toDoubleMatrix();
    double[][] t = textFeatures.toDoubleMatrix();
    int b = f.length;
    if (t.length != b) {
      throw new IllegalArgumentException("text features must have " + b + " rows like the image features, but had " + t.length);
    }
    double[] fNorm = new double[b];
    double[] tNorm = new double[b];
    double[][] u = normalize(f, fNorm);
    double[][] v = normalize(t, tNorm);
    double s = Math.exp(logitScale);
    double[][] z = new double[b][b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        z[i][j] = s * dot(u[i], v[j]);
      }
    }
    double[][] rowSoftmax = new double[b][b];
    double[][] colSoftmax = new double[b][b];
    double loss = 0;
    for (int i = 0; i < b; i++) {
      double max = Double.NEGATIVE_INFINITY;
      double colMax = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < b; j++) {
        max = Math.max(max, z[i][j]);
        colMax = Math.max(colMax, z[j][i]);
      }
      double sum = 0;
      double colSum = 0;
      for (int j = 0; j < b; j++) {
        rowSoftmax[i][j] = Math.exp(z[i][j] - max);
        sum += rowSoftmax[i][j];
        colSoftmax[j][i] = Math.exp(z[j][i] - colMax);
        colSum += colSoftmax[j][i];
      }
      for (int j = 0; j < b; j++) {
        rowSoftmax[i][j] /= sum;
        colSoftmax[j][i] /= colSum;
      }
      loss += (max + Math.log(sum) - z[i][i]) + (colMax + Math.log(colSum) - z[i][i]);
    }
    loss /= 2.0 * b;
    if (!gradients) {
      return new Result(loss, null, null, 0);
    }
    double[][] dz = new double[b][b];
    double dScale = 0;
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        dz[i][j] = (rowSoftmax[i][j] + colSoftmax[i][j] - (i == j ? 2 : 0)) / (2.0 * b);
        dScale += dz[i][j] * z[i][j];
      }
    }
    DataType dtype = imageFeatures.dataType();
    INDArray df = array(normalizeBackward(product(dz, v, s, false), u, fNorm), dtype);
    INDArray dt = textGradient ? array(normalizeBackward(product(dz, u, s, true), v, tNorm), dtype) : null;
    return new Result(loss, df, dt, dScale);
  }

  private static INDArray array(double[][] values, DataType dtype) {
    INDArray doubles = Nd4j.create(values);
    if (dtype == DataType.DOUBLE) {
      return doubles;
    }
    INDArray cast = doubles.castTo(dtype);
    NativeArrays.free(doubles);
    return cast;
  }

  /** Rows scaled to unit length; {@code norms} receives {@code sqrt(|x|^2 + eps)}. */
  private static double[][] normalize(double[][] x, double[] norms) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      norms[i] = Math.sqrt(dot(x[i], x[i]) + NORM_EPS);
      out[i] = new double[x[i].length];
      for (int k = 0; k < x[i].length; k++) {
        out[i][k] = x[i][k] / norms[i];
      }
    }
    return out;
  }

  /** {@code s dz w} (or {@code s dz^T w} when {@code transpose}). */
  private static double[][] product(double[][] dz, double[][] w, double s, boolean transpose) {
    int b = dz.length;
    double[][] out = new double[b][w[0].length];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        double c = s * (transpose ? dz[j][i] : dz[i][j]);
        for (int k = 0; k < w[j].length; k++) {
          out[i][k] += c * w[j][k];
        }
      }
    }
    return out;
  }

  /** The gradient at {@code x} of {@code u = x / |x|}: {@code (du - u (u . du)) / |x|}. */
  private static double[][] normalizeBackward(double[][] du, double[][] u, double[] norms) {
    double[][] out = new double[du.length][];
    for (int i = 0; i < du.length; i++) {
      double projection = dot(u[i], du[i]);
      out[i] = new double[du[i].length];
      for (int k = 0; k < du[i].length; k++) {
        out[i][k] = (du[i][k] - u[i][k] * projection) / norms[i];
      }
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }
}
