package io.github.sparkbackprop.optim;

/**
 * Rejects a starting point where the objective or its gradient is NaN or infinite: no optimiser
 * can make progress from there, and continuing would only spread NaN into the model.
 */
final class StartingPointCheck {

  private StartingPointCheck() {}

  /**
   * @throws DivergenceException naming what was non-finite, at iteration 0
   */
  static void requireFinite(double objective, double[] gradient) {
    if (!Double.isFinite(objective)) {
      throw new DivergenceException(
          "Objective value is " + objective + " at iteration 0 (the starting point); "
              + "check the input data and the initial weights");
    }
    int bad = Vectors.firstNonFinite(gradient);
    if (bad >= 0) {
      throw new DivergenceException(
          "Gradient is non-finite at iteration 0 (the starting point): component " + bad + " is "
              + gradient[bad] + "; check the input data and the initial weights");
    }
  }
}
