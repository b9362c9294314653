package io.github.sparkbackprop.optim;

/**
 * The tolerance tests shared by the optimisers. Both are written so that {@code tol == 0}
 * disables them, except that an exactly zero gradient still counts as converged (nothing could
 * be gained by another step).
 */
final class ConvergenceTests {

  private ConvergenceTests() {}

  /**
   * Whether {@code |previous - current| / max(|previous|, |current|, 1) < tol}. The 1 in the
   * denominator stops the test from becoming unreachable when the objective tends to zero.
   */
  static boolean smallRelativeDecrease(double previous, double current, double tol) {
    double scale = Math.max(Math.max(Math.abs(previous), Math.abs(current)), 1.0);
    return Math.abs(previous - current) / scale < tol;
  }

  /** Whether {@code gradientNorm <= tol * max(1, |objective|)}. */
  static boolean smallGradient(double gradientNorm, double objective, double tol) {
    return gradientNorm <= tol * Math.max(1.0, Math.abs(objective));
  }

  static String relativeDecreaseReason(double tol) {
    return "relative objective decrease below tol=" + tol;
  }

  static String gradientReason(double tol, boolean pseudo) {
    return (pseudo ? "pseudo-gradient" : "gradient") + " norm below tol=" + tol
        + " * max(1, |objective|)";
  }

  static String maxIterReason(int maxIter) {
    return "reached maxIter=" + maxIter;
  }

  static final String LISTENER_REASON = "stopped by listener";
}
