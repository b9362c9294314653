package io.github.sparkbackprop.ml;

import java.io.Serializable;

/**
 * How a model was trained: the objective (mean weighted loss plus regularisation) at the start
 * and after each iteration, and why training stopped. Available on a freshly trained model
 * through {@code summary()}; not saved with the model.
 */
public final class NeuralNetworkTrainingSummary implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] objectiveHistory;
  private final String stopReason;
  private final long numRows;
  private final double trainingSeconds;

  NeuralNetworkTrainingSummary(
      double[] objectiveHistory, String stopReason, long numRows, double trainingSeconds) {
    this.objectiveHistory = objectiveHistory.clone();
    this.stopReason = stopReason;
    this.numRows = numRows;
    this.trainingSeconds = trainingSeconds;
  }

  /**
   * The objective at the starting weights ({@code [0]}) and after each iteration: mean weighted
   * loss over the training rows plus the regularisation term.
   */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** Number of optimiser iterations done ({@code objectiveHistory().length - 1}). */
  public int totalIterations() {
    return objectiveHistory.length - 1;
  }

  /** Why training stopped, in words (converged, iteration limit, ...). */
  public String stopReason() {
    return stopReason;
  }

  /** Number of training rows. */
  public long numRows() {
    return numRows;
  }

  /** Wall-clock seconds spent training, data preparation included. */
  public double trainingSeconds() {
    return trainingSeconds;
  }
}
