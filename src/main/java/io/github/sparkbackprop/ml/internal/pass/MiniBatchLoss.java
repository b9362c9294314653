package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.AveragingSums;
import io.github.sparkbackprop.optim.LocalRounds;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.RoundResult;
import io.github.sparkbackprop.optim.UpdateRule;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.util.Arrays;

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
    if (request.step() == 0) {
      runner.describe("spark-backprop: epoch " + request.epoch() + " of " + maxEpochs);
    }
    PassRequest pass = PassRequest.batch(sampling, request);
    PassSums sum = runner.run(x, pass);
    if (!sum.hasGradient() || !(sum.weightSum() > 0)) {
      // A batch whose rows all weigh 0: no information, no step.
      Arrays.fill(gradient, 0.0);
      return new BatchEvaluation(0.0, 0.0, fullMean(sum, request, pass),
          validationMean(sum, request));
    }
    double scale = 1.0 / sum.weightSum();
    sum.scaledGradient(scale, gradient);
    return new BatchEvaluation(sum.lossSum() * scale, sum.weightSum(),
        fullMean(sum, request, pass), validationMean(sum, request));
  }

  @Override
  public RoundResult round(double[] x, UpdateRule rule, UpdateRuleState state,
      Regularization regularization, BatchRequest first, double[] rates) {
    if (first.step() == 0) {
      runner.describe("spark-backprop: epoch " + first.epoch() + " of " + maxEpochs);
    }
    RoundSums sums = runner.runRound(x, rule, state, regularization, sampling, first, rates);
    AveragingSums averaging = sums.averaging();
    PassSums start = sums.startLosses();
    double full = first.fullTrainingLoss() ? start.fullLossSum() / start.fullWeightSum()
        : Double.NaN;
    return new RoundResult(averaging.meanX(), averaging.meanState(), new BatchEvaluation(
        averaging.meanLoss(), averaging.weight(), full, validationMean(start, first)));
  }

  @Override
  public double validationLoss(double[] x) {
    PassSums sum = runner.run(x, PassRequest.validationOnly());
    return sum.validationLossSum() / sum.validationWeightSum();
  }

  private static double fullMean(PassSums sum, BatchRequest request, PassRequest pass) {
    if (!request.fullTrainingLoss()) {
      return Double.NaN;
    }
    // A batch of all training rows: its loss is the full loss.
    return pass.rows() == PassRequest.Rows.ALL_TRAINING
        ? sum.lossSum() / sum.weightSum()
        : sum.fullLossSum() / sum.fullWeightSum();
  }

  private static double validationMean(PassSums sum, BatchRequest request) {
    return request.validationLoss()
        ? sum.validationLossSum() / sum.validationWeightSum()
        : Double.NaN;
  }
}
