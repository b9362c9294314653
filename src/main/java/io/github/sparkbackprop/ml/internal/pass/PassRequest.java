package io.github.sparkbackprop.ml.internal.pass;

import java.io.Serializable;

/**
 * What one distributed pass computes: the gradient over all training rows or over one
 * mini-batch, and optionally the loss of all training rows and of the validation rows.
 */
final class PassRequest implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Epoch of the batch (1-based); 0 for a full-batch pass. */
  public final int epoch;
  /** Step of the batch within its epoch (0-based). */
  public final int step;
  public final boolean gradient;
  public final boolean fullTrainingLoss;
  public final boolean validationLoss;

  private PassRequest(int epoch, int step, boolean gradient, boolean fullTrainingLoss,
      boolean validationLoss) {
    this.epoch = epoch;
    this.step = step;
    this.gradient = gradient;
    this.fullTrainingLoss = fullTrainingLoss;
    this.validationLoss = validationLoss;
  }

  /** The gradient over all training rows. */
  public static PassRequest fullBatch(boolean validationLoss) {
    return new PassRequest(0, 0, true, false, validationLoss);
  }

  /** The gradient over one mini-batch. */
  public static PassRequest batch(int epoch, int step, boolean fullTrainingLoss,
      boolean validationLoss) {
    return new PassRequest(epoch, step, true, fullTrainingLoss, validationLoss);
  }

  /** Only the validation loss. */
  public static PassRequest validationOnly() {
    return new PassRequest(0, 0, false, false, true);
  }

  public boolean isMiniBatch() {
    return epoch > 0;
  }
}
