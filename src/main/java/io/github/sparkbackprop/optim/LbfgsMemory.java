package io.github.sparkbackprop.optim;

/**
 * The limited memory of L-BFGS: the last {@code m} pairs {@code s = x_{k+1} - x_k},
 * {@code y = g_{k+1} - g_k}, and the two-loop recursion (Nocedal and Wright, Numerical
 * Optimization, 2nd ed., Algorithm 7.4) that multiplies a vector by the implied inverse Hessian
 * approximation without forming it.
 */
final class LbfgsMemory {

  /**
   * Pairs with {@code s.y <= CURVATURE_EPS * y.y} are dropped: they would make the inverse
   * Hessian approximation indefinite or badly scaled (rho = 1 / s.y blowing up).
   */
  static final double CURVATURE_EPS = 1e-10;

  private final double[][] s;
  private final double[][] y;
  private final double[] rho;
  private int size;
  // Index of the oldest pair in the ring buffer.
  private int start;

  LbfgsMemory(int memory) {
    s = new double[memory][];
    y = new double[memory][];
    rho = new double[memory];
  }

  /**
   * Stores the pair unless it fails the curvature safeguard; the oldest pair is forgotten once
   * the memory is full.
   *
   * @return whether the pair was stored
   */
  boolean update(double[] sk, double[] yk) {
    double sy = Vectors.dot(sk, yk);
    double yy = Vectors.dot(yk, yk);
    if (!(sy > CURVATURE_EPS * yy) || !Double.isFinite(sy) || !Double.isFinite(yy)) {
      return false;
    }
    int slot;
    if (size < s.length) {
      slot = (start + size) % s.length;
      size++;
    } else {
      slot = start;
      start = (start + 1) % s.length;
    }
    s[slot] = sk;
    y[slot] = yk;
    rho[slot] = 1.0 / sy;
    return true;
  }

  /** The stored pairs, oldest first: {@code {s, y}} for each, as a checkpoint saves them. */
  double[][][] pairs() {
    double[][][] pairs = new double[size][][];
    for (int k = 0; k < size; k++) {
      int i = (start + k) % s.length;
      pairs[k] = new double[][] {s[i].clone(), y[i].clone()};
    }
    return pairs;
  }

  /**
   * Replaces the memory with saved pairs (oldest first), recomputing each {@code rho} exactly as
   * {@link #update} did.
   *
   * @throws IllegalArgumentException if there are more pairs than the memory holds
   */
  void restore(double[][] savedS, double[][] savedY) {
    if (savedS.length > s.length || savedS.length != savedY.length) {
      throw new IllegalArgumentException("Cannot restore " + savedS.length
          + " curvature pairs into a memory of " + s.length);
    }
    clear();
    for (int k = 0; k < savedS.length; k++) {
      s[k] = savedS[k].clone();
      y[k] = savedY[k].clone();
      rho[k] = 1.0 / Vectors.dot(s[k], y[k]);
    }
    size = savedS.length;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void clear() {
    size = 0;
    start = 0;
  }

  /**
   * Returns {@code -H g}, where {@code H} is the L-BFGS inverse Hessian approximation with
   * initial matrix {@code gamma I}, {@code gamma = s.y / y.y} of the newest pair (N&amp;W eq.
   * 7.20); with an empty memory this is steepest descent {@code -g}.
   */
  double[] direction(double[] g) {
    double[] q = g.clone();
    double[] alpha = new double[s.length];
    for (int k = size - 1; k >= 0; k--) {
      int i = (start + k) % s.length;
      alpha[i] = rho[i] * Vectors.dot(s[i], q);
      axpy(-alpha[i], y[i], q);
    }
    if (size > 0) {
      int newest = (start + size - 1) % s.length;
      double gamma = 1.0 / (rho[newest] * Vectors.dot(y[newest], y[newest]));
      for (int j = 0; j < q.length; j++) {
        q[j] *= gamma;
      }
    }
    for (int k = 0; k < size; k++) {
      int i = (start + k) % s.length;
      double beta = rho[i] * Vectors.dot(y[i], q);
      axpy(alpha[i] - beta, s[i], q);
    }
    for (int j = 0; j < q.length; j++) {
      q[j] = -q[j];
    }
    return q;
  }

  private static void axpy(double a, double[] x, double[] target) {
    for (int j = 0; j < target.length; j++) {
      target[j] += a * x[j];
    }
  }
}
