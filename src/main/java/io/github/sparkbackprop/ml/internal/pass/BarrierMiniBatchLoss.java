package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.EpochOutcome;
import io.github.sparkbackprop.optim.EpochStart;
import io.github.sparkbackprop.optim.LocalRounds;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.RoundResult;
import io.github.sparkbackprop.optim.UpdateRule;

/**
 * The mini-batch training loss run one barrier stage per epoch: {@link #runEpoch} is one Spark
 * job whose tasks take all the epoch's steps together ({@link PassRunner#runBarrierEpoch}); the
 * few single passes outside an epoch (the last epoch's validation loss, a fit of 0 epochs) are
 * the per-step loss's jobs.
 */
public final class BarrierMiniBatchLoss implements LocalRounds {

  private final MiniBatchLoss perStep;
  private final PassRunner runner;
  private final BatchSampling sampling;
  private final boolean validating;
  private final int maxEpochs;
  private final long peerTimeoutMillis;

  /**
   * @param runner runs the passes and the barrier stages
   * @param sampling draws the batches
   * @param validating whether there are validation rows
   * @param maxEpochs the epoch limit, for the job descriptions
   * @param peerTimeoutMillis how long a task waits for a silent peer
   */
  public BarrierMiniBatchLoss(PassRunner runner, BatchSampling sampling, boolean validating,
      int maxEpochs, long peerTimeoutMillis) {
    this.perStep = new MiniBatchLoss(runner, sampling, validating, maxEpochs);
    this.runner = runner;
    this.sampling = sampling;
    this.validating = validating;
    this.maxEpochs = maxEpochs;
    this.peerTimeoutMillis = peerTimeoutMillis;
  }

  @Override
  public int stepsPerEpoch() {
    return perStep.stepsPerEpoch();
  }

  @Override
  public boolean hasValidation() {
    return validating;
  }

  @Override
  public EpochOutcome runEpoch(EpochStart start, UpdateRule rule, Regularization regularization,
      int localSteps) {
    runner.describe("spark-backprop: epoch " + start.epoch() + " of " + maxEpochs
        + " (one barrier stage)");
    return runner.runBarrierEpoch(start, rule, regularization, localSteps, sampling, validating,
        peerTimeoutMillis);
  }

  @Override
  public BatchEvaluation evaluate(double[] x, double[] gradient, BatchRequest request) {
    return perStep.evaluate(x, gradient, request);
  }

  @Override
  public RoundResult round(double[] x, UpdateRule rule, Regularization regularization,
      BatchRequest first, double[] rates) {
    return perStep.round(x, rule, regularization, first, rates);
  }

  @Override
  public double validationLoss(double[] x) {
    return perStep.validationLoss(x);
  }
}
