package io.github.sparkbackprop.optim;

/** Dense vector arithmetic on {@code double[]}, kept to plain loops so results are reproducible. */
final class Vectors {

  private Vectors() {}

  /** The inner product {@code a . b}. */
  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** The Euclidean norm {@code ||a||}. */
  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** Returns {@code x + alpha * d} as a new array. */
  static double[] step(double[] x, double alpha, double[] d) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = x[i] + alpha * d[i];
    }
    return r;
  }

  /** Returns {@code a - b} as a new array. */
  static double[] subtract(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] - b[i];
    }
    return r;
  }

  /** Returns {@code -a} as a new array. */
  static double[] negate(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = -a[i];
    }
    return r;
  }

  /** The index of the first NaN or infinite entry, or -1 if all entries are finite. */
  static int firstNonFinite(double[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }
}
