package io.github.sparkbackprop.optim;

/**
 * What a training run returns, from {@link FullBatchOptimizer} (its iterations) and
 * {@link MiniBatchOptimizer} (its epochs) alike; "epoch" below means an l-bfgs iteration for the
 * former.
 *
 * <p>{@code objectiveHistory[0]} is the objective over all training rows at the starting point;
 * {@code objectiveHistory[e]} ({@code e >= 1}) the objective after iteration {@code e} (l-bfgs),
 * or the mean batch loss during epoch {@code e} plus the regularisation term at its end (the
 * running estimate Keras and PyTorch users know). {@code validationHistory[e]} is the validation
 * loss at the weights after epoch {@code e} ({@code [0]} at the start); empty without validation
 * rows. {@code learningRateHistory[t]} is the rate used at mini-batch step {@code t}; empty for
 * l-bfgs.
 */
public final class TrainingResult {

  private final double[] x;
  private final double[] objectiveHistory;
  private final double[] validationHistory;
  private final double[] learningRateHistory;
  private final String stopReason;
  private final boolean converged;
  private final int bestEpoch;

  TrainingResult(double[] x, double[] objectiveHistory, double[] validationHistory,
      double[] learningRateHistory, String stopReason, boolean converged, int bestEpoch) {
    this.x = x;
    this.objectiveHistory = objectiveHistory;
    this.validationHistory = validationHistory;
    this.learningRateHistory = learningRateHistory;
    this.stopReason = stopReason;
    this.converged = converged;
    this.bestEpoch = bestEpoch;
  }

  /** The final parameters (the best epoch's, when early stopping restored them). */
  public double[] x() {
    return x;
  }

  /** Objective at the start and after each epoch. */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** Validation loss at the start and after each epoch; empty without validation rows. */
  public double[] validationHistory() {
    return validationHistory.clone();
  }

  /** The learning rate of every mini-batch step; empty for l-bfgs. */
  public double[] learningRateHistory() {
    return learningRateHistory.clone();
  }

  /** Number of epochs (l-bfgs: iterations) run. */
  public int epochs() {
    return objectiveHistory.length - 1;
  }

  /** Why training stopped, in words. */
  public String stopReason() {
    return stopReason;
  }

  /** Whether a convergence or early-stopping rule, not the epoch limit, stopped training. */
  public boolean converged() {
    return converged;
  }

  /** The epoch whose weights were returned when early stopping restored the best, else -1. */
  public int bestEpoch() {
    return bestEpoch;
  }
}
