package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.StochasticObjective;

/**
 * The training loss one mini-batch at a time, each batch one distributed pass over a seeded
 * sample of the cached blocks (see {@link BatchSampling}); what the mini-batch optimisers
 * minimise. A batch that covers all rows is a plain full pass.
 */
public final class MiniBatchLoss implements StochasticObjective {

  private final PassRunner runner;
  private final BatchSampling sampling;
  private final boolean validating;
  private final int maxEpochs;

  public MiniBatchLoss(PassRunner runner, BatchSampling sampling, boolean validating, int maxEpochs) {
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
      runner.sparkContext().setJobDescription(
          "spark-backprop: epoch " + request.epoch() + " of " + maxEpochs);
    }
    PassRequest pass = stepsPerEpoch() == 1
        ? PassRequest.fullBatch(request.validationLoss())
        : PassRequest.batch(request.epoch(), request.step(), request.fullTrainingLoss(),
            request.validationLoss());
    GradientSum sum = runner.run(x, pass);
    if (!sum.hasGradient() || !(sum.weightSum() > 0)) {
      // A batch whose rows all weigh 0: no information, no step.
      java.util.Arrays.fill(gradient, 0.0);
      return new BatchEvaluation(0.0, 0.0, validationMean(sum, request),
          fullMean(sum, request));
    }
    double scale = 1.0 / sum.weightSum();
    sum.scaledGradient(scale, gradient);
    return new BatchEvaluation(sum.lossSum() * scale, sum.weightSum(),
        validationMean(sum, request),
        fullMean(sum, request));
  }

  @Override
  public double validationLoss(double[] x) {
    GradientSum sum = runner.run(x, PassRequest.validationOnly());
    return sum.validationLossSum() / sum.validationWeightSum();
  }

  private static double validationMean(GradientSum sum, BatchRequest request) {
    return request.validationLoss()
        ? sum.validationLossSum() / sum.validationWeightSum()
        : Double.NaN;
  }

  private static double fullMean(GradientSum sum, BatchRequest request) {
    if (!request.fullTrainingLoss()) {
      return Double.NaN;
    }
    // On a full-batch pass the batch is all training rows: its loss is the full loss.
    return sum.fullWeightSum() > 0 ? sum.fullLossSum() / sum.fullWeightSum()
        : sum.lossSum() / sum.weightSum();
  }
}
