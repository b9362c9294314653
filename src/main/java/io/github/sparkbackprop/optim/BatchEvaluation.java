package io.github.sparkbackprop.optim;

/**
 * What one pass of a {@link StochasticObjective} returns besides the gradient, in the words and
 * order of the {@link BatchRequest} that asked for it.
 */
public final class BatchEvaluation {

  private final double loss;
  private final double weight;
  private final double fullTrainingLoss;
  private final double validationLoss;

  /**
   * @param loss weighted mean data loss over the batch
   * @param weight sum of the batch's row weights (how much the batch counts in an epoch mean)
   * @param fullTrainingLoss weighted mean loss over all training rows, or NaN if not requested
   * @param validationLoss weighted mean loss over the validation rows, or NaN if not requested
   */
  public BatchEvaluation(
      double loss, double weight, double fullTrainingLoss, double validationLoss) {
    this.loss = loss;
    this.weight = weight;
    this.fullTrainingLoss = fullTrainingLoss;
    this.validationLoss = validationLoss;
  }

  /** Weighted mean data loss over the batch. */
  public double loss() {
    return loss;
  }

  /** Sum of the batch's row weights. */
  public double weight() {
    return weight;
  }

  /** Weighted mean loss over all training rows, or NaN. */
  public double fullTrainingLoss() {
    return fullTrainingLoss;
  }

  /** Weighted mean validation loss, or NaN. */
  public double validationLoss() {
    return validationLoss;
  }
}
