package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.ml.internal.TrainingConfig;

/** Params that only some solvers take, refused up front with the fix when set for another. */
public final class SolverChecks {

  private SolverChecks() {}

  /**
   * Throws if {@code config} asks {@code l-bfgs} for dropout: its line search compares the
   * objective at several points, which dropout's changing masks would make incomparable.
   */
  public static void requireFits(TrainingConfig config) {
    if (!config.solver().isMiniBatch() && config.dropout() > 0) {
      throw new IllegalArgumentException("dropout is " + config.dropout() + " but solver is "
          + config.solver().paramName() + ", whose line search needs the same objective at"
          + " every evaluation; set solver to \"adam\", \"adamw\" or \"gd\" to train with"
          + " dropout, or dropout to 0");
    }
  }
}
