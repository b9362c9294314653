package io.github.sparkbackprop.optim;

/**
 * Which mini-batch a {@link StochasticObjective} evaluates, and what else the same pass over the
 * data should compute. The distributed passes that serve it speak the same words, in the same
 * order: epoch, step, full training loss, validation loss.
 */
public final class BatchRequest {

  private final int epoch;
  private final int step;
  private final boolean fullTrainingLoss;
  private final boolean validationLoss;

  /**
   * @param epoch 1-based epoch
   * @param step 0-based step within the epoch
   * @param fullTrainingLoss whether to also compute the loss over all training rows
   * @param validationLoss whether to also compute the loss over the validation rows
   */
  public BatchRequest(int epoch, int step, boolean fullTrainingLoss, boolean validationLoss) {
    this.epoch = epoch;
    this.step = step;
    this.fullTrainingLoss = fullTrainingLoss;
    this.validationLoss = validationLoss;
  }

  /** 1-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** 0-based step within the epoch. */
  public int step() {
    return step;
  }

  /** Whether the pass also computes the loss over all training rows at the same weights. */
  public boolean fullTrainingLoss() {
    return fullTrainingLoss;
  }

  /** Whether the pass also computes the validation loss at the same weights. */
  public boolean validationLoss() {
    return validationLoss;
  }
}
