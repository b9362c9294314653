package io.github.sparkbackprop.optim;

/** Observes an optimiser after each iteration (progress logging, early stopping). */
@FunctionalInterface
public interface IterationListener {

  /** A listener that never stops the optimiser. */
  IterationListener NONE = (iteration, objective, x) -> true;

  /**
   * Called after iteration {@code iteration} (1-based) has been accepted.
   *
   * @param iteration the number of iterations done so far
   * @param objective the full objective (loss plus regularisation) at {@code x}
   * @param x the current point; read only
   * @return {@code false} to stop the optimiser now
   */
  boolean onIteration(int iteration, double objective, double[] x);
}
