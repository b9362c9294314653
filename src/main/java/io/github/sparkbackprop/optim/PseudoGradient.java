package io.github.sparkbackprop.optim;

/**
 * The orthant-wise pieces of OWL-QN (Andrew and Gao, "Scalable training of L1-regularized
 * log-linear models", ICML 2007): the pseudo-gradient of {@code f(x) + l1 * ||x_P||_1}, where
 * {@code P} are the penalised coordinates, the sign constraint on the search direction, the
 * choice of orthant and the projection onto it. Unpenalised coordinates are smooth, so they use
 * the plain gradient and are never projected.
 */
final class PseudoGradient {

  private PseudoGradient() {}

  /**
   * The pseudo-gradient: the one-sided derivative of the L1-regularised objective in the
   * direction of steepest descent, or 0 at a kink where neither side descends.
   *
   * @param g gradient of the differentiable part (smooth plus L2)
   */
  static double[] compute(double[] x, double[] g, Regularization reg) {
    double l1 = reg.l1Strength();
    double[] pg = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (!reg.isPenalised(i)) {
        pg[i] = g[i];
      } else if (x[i] > 0) {
        pg[i] = g[i] + l1;
      } else if (x[i] < 0) {
        pg[i] = g[i] - l1;
      } else if (g[i] + l1 < 0) {
        pg[i] = g[i] + l1;
      } else if (g[i] - l1 > 0) {
        pg[i] = g[i] - l1;
      } else {
        pg[i] = 0.0;
      }
    }
    return pg;
  }

  /**
   * Zeroes the components of {@code d} that disagree in sign with {@code -pg}, so that the step
   * stays a descent direction for the non-smooth objective. On penalised coordinates a zero
   * pseudo-gradient also zeroes the component: moving there would leave the orthant undetermined.
   */
  static void constrainDirection(double[] d, double[] pg, Regularization reg) {
    for (int i = 0; i < d.length; i++) {
      double product = d[i] * pg[i];
      if (product > 0 || (product == 0 && reg.isPenalised(i))) {
        d[i] = 0.0;
      }
    }
  }

  /**
   * The orthant to search in: the sign of {@code x_i}, or of {@code -pg_i} where {@code x_i} is
   * zero. Entries of unpenalised coordinates are unused.
   */
  static double[] orthant(double[] x, double[] pg, Regularization reg) {
    double[] xi = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (reg.isPenalised(i)) {
        xi[i] = x[i] != 0 ? Math.signum(x[i]) : Math.signum(-pg[i]);
      }
    }
    return xi;
  }

  /**
   * Sets to exactly zero every penalised coordinate that left the orthant; this is what makes
   * L1-regularised solutions sparse.
   */
  static void project(double[] x, double[] orthant, Regularization reg) {
    for (int i = 0; i < x.length; i++) {
      if (reg.isPenalised(i) && !(x[i] * orthant[i] > 0)) {
        x[i] = 0.0;
      }
    }
  }
}
