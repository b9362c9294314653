package io.github.sparkbackprop.ml;

/** The values of the {@code solver} param. */
final class Solver {

  /** Limited-memory BFGS (OWL-QN when the regularisation has an L1 part); full batch. */
  static final String LBFGS = "l-bfgs";

  /** Gradient descent with a fixed step size. */
  static final String GD = "gd";

  static final String[] ALL = {LBFGS, GD};

  private Solver() {}
}
