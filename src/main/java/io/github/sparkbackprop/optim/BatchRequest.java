package io.github.sparkbackprop.optim;

/**
 * Which mini-batch a {@link StochasticObjective} evaluates, and what else the same pass over the
 * data should compute.
 */
public final class BatchRequest {

  private final int epoch;
  private final int step;
  private final boolean validationLoss;
  private final boolean fullTrainingLoss;

  /**
   * @param epoch 1-based epoch
   * @param step 0-based step within the epoch
   * @param validationLoss whether to also compute the loss over the validation rows
   * @param fullTrainingLoss whether to also compute the loss over all training rows
   */
  public BatchRequest(int epoch, int step, boolean validationLoss, boolean fullTrainingLoss) {
    this.epoch = epoch;
    this.step = step;
    this.validationLoss = validationLoss;
    this.fullTrainingLoss = fullTrainingLoss;
  }

  /** 1-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** 0-based step within the epoch. */
  public int step() {
    return step;
  }

  /** Whether the pass also computes the validation loss at the same weights. */
  public boolean validationLoss() {
    return validationLoss;
  }

  /** Whether the pass also computes the loss over all training rows at the same weights. */
  public boolean fullTrainingLoss() {
    return fullTrainingLoss;
  }
}
