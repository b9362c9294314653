package io.github.sparkbackprop.optim;

import java.util.Arrays;

/**
 * The full objective {@code smooth(x) + regularization.penalty(x)} together with the gradient of
 * its differentiable part (smooth term plus L2 term). The L1 term is left out of the gradient
 * because it is not differentiable at zero; OWL-QN and the proximal step handle it separately.
 */
final class RegularizedObjective {

  private final DifferentiableFunction smooth;
  private final Regularization regularization;

  RegularizedObjective(DifferentiableFunction smooth, Regularization regularization) {
    this.smooth = smooth;
    this.regularization = regularization;
  }

  /**
   * Evaluates the objective at {@code x}: one call to the smooth function, i.e. one data pass.
   *
   * @param gradient receives the gradient of the smooth plus L2 part
   * @return the full objective, L1 included
   */
  double evaluate(double[] x, double[] gradient) {
    // Zeroed first so that a function that accumulates into the buffer still gives a clean result.
    Arrays.fill(gradient, 0.0);
    double value = smooth.evaluate(x, gradient) + regularization.penalty(x);
    regularization.addL2Gradient(x, gradient);
    return value;
  }

  Regularization regularization() {
    return regularization;
  }
}
