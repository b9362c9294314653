package io.github.sparkbackprop.optim;

/** What one pass of a {@link StochasticObjective} returns besides the gradient. */
public final class BatchEvaluation {

  private final double loss;
  private final double weight;
  private final double validationLoss;
  private final double fullTrainingLoss;

  /**
   * @param loss weighted mean data loss over the batch
   * @param weight sum of the batch's row weights (how much the batch counts in an epoch mean)
   * @param validationLoss weighted mean loss over the validation rows, or NaN if not requested
   * @param fullTrainingLoss weighted mean loss over all training rows, or NaN if not requested
   */
  public BatchEvaluation(
      double loss, double weight, double validationLoss, double fullTrainingLoss) {
    this.loss = loss;
    this.weight = weight;
    this.validationLoss = validationLoss;
    this.fullTrainingLoss = fullTrainingLoss;
  }

  /** Weighted mean data loss over the batch. */
  public double loss() {
    return loss;
  }

  /** Sum of the batch's row weights. */
  public double weight() {
    return weight;
  }

  /** Weighted mean validation loss, or NaN. */
  public double validationLoss() {
    return validationLoss;
  }

  /** Weighted mean loss over all training rows, or NaN. */
  public double fullTrainingLoss() {
    return fullTrainingLoss;
  }
}
