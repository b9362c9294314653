package io.github.sparkbackprop.ml;

import java.io.Serializable;

/**
 * What one distributed pass computes: the gradient over all training rows or over one
 * mini-batch, and optionally the loss of all training rows and of the validation rows.
 */
final class PassRequest implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Epoch of the batch (1-based); 0 for a full-batch pass. */
  final int epoch;
  /** Step of the batch within its epoch (0-based). */
  final int step;
  final boolean gradient;
  final boolean fullTrainingLoss;
  final boolean validationLoss;

  private PassRequest(int epoch, int step, boolean gradient, boolean fullTrainingLoss,
      boolean validationLoss) {
    this.epoch = epoch;
    this.step = step;
    this.gradient = gradient;
    this.fullTrainingLoss = fullTrainingLoss;
    this.validationLoss = validationLoss;
  }

  /** The gradient over all training rows. */
  static PassRequest fullBatch(boolean validationLoss) {
    return new PassRequest(0, 0, true, false, validationLoss);
  }

  /** The gradient over one mini-batch. */
  static PassRequest batch(int epoch, int step, boolean fullTrainingLoss,
      boolean validationLoss) {
    return new PassRequest(epoch, step, true, fullTrainingLoss, validationLoss);
  }

  /** Only the validation loss. */
  static PassRequest validationOnly() {
    return new PassRequest(0, 0, false, false, true);
  }

  boolean isMiniBatch() {
    return epoch > 0;
  }
}
