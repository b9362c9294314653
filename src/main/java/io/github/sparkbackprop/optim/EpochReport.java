package io.github.sparkbackprop.optim;

/** Progress after one epoch of mini-batch training, for logs and listeners. */
public final class EpochReport {

  private final int epoch;
  private final double trainingObjective;
  private final double validationLoss;
  private final double learningRate;
  private final double seconds;

  EpochReport(int epoch, double trainingObjective, double validationLoss, double learningRate,
      double seconds) {
    this.epoch = epoch;
    this.trainingObjective = trainingObjective;
    this.validationLoss = validationLoss;
    this.learningRate = learningRate;
    this.seconds = seconds;
  }

  /** The 1-based epoch. */
  public int epoch() {
    return epoch;
  }

  /** Mean batch loss over the epoch plus the regularisation term at the epoch's end. */
  public double trainingObjective() {
    return trainingObjective;
  }

  /** Validation loss at the weights after the epoch, or NaN without validation rows. */
  public double validationLoss() {
    return validationLoss;
  }

  /** The learning rate of the epoch's last step. */
  public double learningRate() {
    return learningRate;
  }

  /** Wall-clock seconds the epoch took. */
  public double seconds() {
    return seconds;
  }
}
