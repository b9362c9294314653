package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.LocalRounds;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.RoundResult;
import io.github.sparkbackprop.optim.UpdateRule;

/**
 * The training loss one mini-batch at a time, each batch one distributed pass over a seeded
 * sample of the cached blocks (see {@link BatchSampling}, and {@link PassRequest#batch} for when
 * a batch is simply all rows); what the mini-batch optimisers minimise. With local steps, a
 * round of them is one distributed job too ({@link LocalRound}).
 */
public final class MiniBatchLoss implements LocalRounds {

  private final PassRunner runner;
  private final BatchSampling sampling;
  private final boolean validating;
  private final int maxEpochs;

  /**
   * @param runner runs the passes
   * @param sampling draws the batches
   * @param validating whether there are validation rows
   * @param maxEpochs the epoch limit, for the job descriptions
   */
  public MiniBatchLoss(PassRunner runner, BatchSampling sampling, boolean validating,
      int maxEpochs) {
    this.runner = runner;
    this.sampling = sampling;
    this.validating = validating;
    this.maxEpochs = maxEpochs;
  }

  @Override
  public int stepsPerEpoch() {
    return sampling.stepsPerEpoch();
  }

  @Override
  public boolean hasValidation() {
    return validating;
  }

  @Override
  public BatchEvaluation evaluate(double[] x, double[] gradient, BatchRequest request) {
    describeEpochAt(request);
    PassRequest pass = PassRequest.batch(sampling, request);
    return runner.run(x, pass).batchEvaluation(request, pass, gradient);
  }

  @Override
  public RoundResult round(double[] x, UpdateRule rule, Regularization regularization,
      BatchRequest first, double[] rates) {
    describeEpochAt(first);
    return runner.runRound(x, rule, regularization, sampling, first, rates).result(first);
  }

  @Override
  public double validationLoss(double[] x) {
    return runner.run(x, PassRequest.lossesOnly(false, true)).meanValidationLoss();
  }

  /** Names the epoch in Spark's UI for its jobs, once, at its first step. */
  private void describeEpochAt(BatchRequest request) {
    if (request.step() == 0) {
      runner.describe("spark-backprop: epoch " + request.epoch() + " of " + maxEpochs);
    }
  }
}
