package io.github.sparkbackprop.ml;

/** The values of the {@code solver} param. */
final class Solver {

  /** Limited-memory BFGS (OWL-QN when the regularisation has an L1 part); full batch. */
  static final String LBFGS = "l-bfgs";

  /** (Mini-batch) gradient descent, optionally with (Nesterov) momentum. */
  static final String GD = "gd";

  /** Adam, with L2 regularisation added to the gradient. */
  static final String ADAM = "adam";

  /** Adam with decoupled weight decay as its L2 regularisation. */
  static final String ADAMW = "adamw";

  static final String[] ALL = {LBFGS, GD, ADAM, ADAMW};

  private Solver() {}

  /** Whether the solver trains on mini-batches (all but l-bfgs). */
  static boolean isMiniBatch(String solver) {
    return !LBFGS.equals(solver);
  }

  /** The step size a solver uses when {@code stepSize} is unset. */
  static double defaultStepSize(String solver) {
    return GD.equals(solver) ? 0.03 : 0.001;
  }
}
