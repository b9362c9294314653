package io.github.sparkbackprop.optim;

/**
 * What an optimiser returns: the final point and how it got there.
 *
 * <p>{@code objectiveHistory[0]} is the objective at the starting point and
 * {@code objectiveHistory[k]} the objective after iteration {@code k}, so the history has
 * {@code iterations() + 1} entries.
 */
public final class OptimizationResult {

  private final double[] x;
  private final double[] objectiveHistory;
  private final String stopReason;
  private final boolean converged;

  /**
   * @param x the final point
   * @param objectiveHistory objective at the start and after each iteration
   * @param stopReason why the optimiser stopped, in words
   * @param converged whether a convergence test (not the iteration limit) stopped it
   */
  public OptimizationResult(
      double[] x, double[] objectiveHistory, String stopReason, boolean converged) {
    this.x = x;
    this.objectiveHistory = objectiveHistory;
    this.stopReason = stopReason;
    this.converged = converged;
  }

  /** The final point. */
  public double[] x() {
    return x;
  }

  /** Objective at the start and after each iteration. */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** Number of iterations done. */
  public int iterations() {
    return objectiveHistory.length - 1;
  }

  /** Why the optimiser stopped, in words. */
  public String stopReason() {
    return stopReason;
  }

  /** Whether a convergence test, not the iteration limit or a listener, stopped the optimiser. */
  public boolean converged() {
    return converged;
  }
}
