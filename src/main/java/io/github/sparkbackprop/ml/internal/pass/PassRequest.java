package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.Dropout;
import io.github.sparkbackprop.optim.BatchRequest;
import java.io.Serializable;

/**
 * What one distributed pass computes: which rows its gradient is taken over (its {@link Rows}),
 * and whether it also sums the loss of all training rows and of the validation rows, in the
 * words and order of the optimiser's {@link BatchRequest}: epoch, step, full training loss,
 * validation loss.
 *
 * <p>Whether a pass samples a mini-batch or runs over all training rows is decided here and only
 * here ({@link #batch}); the partitions then just do what {@link #rows()} says.
 */
final class PassRequest implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The rows a pass takes the gradient over. */
  enum Rows {
    /** Every training row: l-bfgs, or a mini-batch solver whose one batch covers all rows. */
    ALL_TRAINING,
    /** The rows {@link BatchSampling} draws for one step of one epoch. */
    ONE_BATCH,
    /** None: the pass only sums losses. */
    NONE
  }

  private final Rows rows;
  /**
   * How the batch is drawn ({@code null} unless this is a pass of a mini-batch solver): which
   * rows form it, and where each partition's rows start in the training data.
   */
  private final BatchSampling sampling;
  /** The dropout of a mini-batch solver's gradient pass, or {@code null}. */
  private final Dropout dropout;
  private final int epoch;
  private final int step;
  private final boolean fullTrainingLoss;
  private final boolean validationLoss;

  private PassRequest(Rows rows, BatchSampling sampling, int epoch, int step,
      boolean fullTrainingLoss, boolean validationLoss, Dropout dropout) {
    this.rows = rows;
    this.sampling = sampling;
    this.dropout = dropout;
    this.epoch = epoch;
    this.step = step;
    this.fullTrainingLoss = fullTrainingLoss;
    this.validationLoss = validationLoss;
  }

  /** The gradient over all training rows (a full-batch evaluation). */
  static PassRequest allTrainingRows(boolean validationLoss) {
    return new PassRequest(Rows.ALL_TRAINING, null, 0, 0, false, validationLoss, null);
  }

  /**
   * The gradient of the batch {@code request} names, drawn by {@code sampling}: a pass over all
   * training rows when the one batch of an epoch covers them all (nothing to sample, and the
   * batch's loss is then the full training loss), else over a sample.
   */
  static PassRequest batch(BatchSampling sampling, BatchRequest request) {
    Dropout dropout = sampling.dropout();
    if (sampling.stepsPerEpoch() == 1) {
      return new PassRequest(Rows.ALL_TRAINING, sampling, request.epoch(), request.step(), false,
          request.validationLoss(), dropout);
    }
    return new PassRequest(Rows.ONE_BATCH, sampling, request.epoch(), request.step(),
        request.fullTrainingLoss(), request.validationLoss(), dropout);
  }

  /** Only losses: of all training rows, of the validation rows, or both. */
  static PassRequest lossesOnly(boolean fullTrainingLoss, boolean validationLoss) {
    return new PassRequest(Rows.NONE, null, 0, 0, fullTrainingLoss, validationLoss, null);
  }

  /** The rows the gradient is taken over. */
  Rows rows() {
    return rows;
  }

  /** How the batch is drawn; {@code null} unless this is a pass of a mini-batch solver. */
  BatchSampling sampling() {
    return sampling;
  }

  /**
   * The dropout masks of {@code globalRows} in this pass's step, or {@code null} without
   * dropout.
   */
  Dropout.Masks masks(long[] globalRows) {
    return dropout == null ? null : dropout.masks(((long) epoch << 32) | step, globalRows);
  }

  /** Whether the pass drops hidden units. */
  boolean dropsUnits() {
    return dropout != null;
  }

  /** The 1-based epoch of a mini-batch pass; 0 for a full-batch one. */
  int epoch() {
    return epoch;
  }

  /** The 0-based step of a mini-batch pass within its epoch. */
  int step() {
    return step;
  }

  /** Whether the pass also sums the loss of all training rows besides the gradient's rows. */
  boolean fullTrainingLoss() {
    return fullTrainingLoss;
  }

  /** Whether the pass also sums the loss of the validation rows. */
  boolean validationLoss() {
    return validationLoss;
  }
}
