package io.github.sparkbackprop.optim;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The optimisers training can run, by the names the {@code solver} param takes: full-batch
 * {@link LbfgsOptimizer}, or {@link MiniBatchOptimizer} with one of the {@link UpdateRule}s.
 */
public enum Solver {

  /** Limited-memory BFGS (OWL-QN when the regularisation has an L1 part); full batch. */
  LBFGS("l-bfgs"),

  /** (Mini-batch) gradient descent, optionally with (Nesterov) momentum. */
  GD("gd"),

  /** Adam, with L2 regularisation added to the gradient. */
  ADAM("adam"),

  /** Adam with decoupled weight decay as its L2 regularisation. */
  ADAMW("adamw");

  private final String paramName;

  Solver(String paramName) {
    this.paramName = paramName;
  }

  /** The name used in the {@code solver} param, e.g. {@code "l-bfgs"}. */
  public String paramName() {
    return paramName;
  }

  /** Whether the solver trains on mini-batches (all but l-bfgs). */
  public boolean isMiniBatch() {
    return this != LBFGS;
  }

  /**
   * The learning rate used when {@code stepSize} is unset: 0.03 for gd (as Spark's perceptron),
   * 0.001 for the others (Adam's, after Kingma and Ba).
   */
  public double defaultStepSize() {
    return this == GD ? 0.03 : 0.001;
  }

  /**
   * The solver named {@code name}, ignoring case.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Solver fromParamName(String name) {
    for (Solver s : values()) {
      if (s.paramName.equalsIgnoreCase(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not one of "
        + Arrays.stream(values()).map(Solver::paramName).collect(Collectors.joining(", ")));
  }

  /** The param names of all solvers, in declaration order. */
  public static String[] paramNames() {
    return Arrays.stream(values()).map(Solver::paramName).toArray(String[]::new);
  }

  @Override
  public String toString() {
    return paramName;
  }
}
