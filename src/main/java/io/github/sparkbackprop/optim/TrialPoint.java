package io.github.sparkbackprop.optim;

/**
 * One evaluated point {@code x + alpha * d} of a line search. Kept whole so that the point the
 * search finally accepts is never evaluated a second time.
 */
final class TrialPoint {

  final double alpha;
  final double[] x;
  final double value;
  final double[] gradient;
  /** Whether the value and every gradient component are finite. */
  final boolean finite;
  /** The directional derivative {@code gradient . d}; NaN when not {@link #finite}. */
  final double slope;

  TrialPoint(double alpha, double[] x, double value, double[] gradient, double[] direction) {
    this.alpha = alpha;
    this.x = x;
    this.value = value;
    this.gradient = gradient;
    this.finite = Double.isFinite(value) && Vectors.firstNonFinite(gradient) < 0;
    this.slope = finite ? Vectors.dot(gradient, direction) : Double.NaN;
  }
}
