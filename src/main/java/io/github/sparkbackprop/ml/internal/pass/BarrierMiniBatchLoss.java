package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.EpochOutcome;
import io.github.sparkbackprop.optim.EpochSpan;
import io.github.sparkbackprop.optim.LocalRounds;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.RoundResult;
import io.github.sparkbackprop.optim.UpdateRule;
import java.util.List;

/**
 * The mini-batch training loss run in barrier stages: {@link #runEpochs} is one Spark job whose
 * tasks take all the steps of a span of epochs together ({@link PassRunner#runBarrierEpochs});
 * the few single passes outside an epoch (the last epoch's validation loss, a fit of 0 epochs)
 * are the per-step loss's jobs.
 */
public final class BarrierMiniBatchLoss implements LocalRounds {

  /** About how long a span of epochs runs, in seconds, once an epoch has been timed. */
  static final double SPAN_SECONDS = 5;

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
  public List<EpochOutcome> runEpochs(EpochSpan span, UpdateRule rule,
      Regularization regularization, int localSteps) {
    int from = span.first().epoch();
    runner.describe("spark-backprop: " + (span.epochs() == 1 ? "epoch " + from
        : "epochs " + from + " to " + span.lastEpoch()) + " of " + maxEpochs
        + " (one barrier stage)");
    return runner.runBarrierEpochs(span, rule, regularization, localSteps, sampling, validating,
        peerTimeoutMillis);
  }

  /**
   * As many epochs as take about {@value #SPAN_SECONDS} seconds (one, before the first has been
   * timed): a stage's fixed cost is paid once per span, and the driver still reports progress
   * every few seconds. Where a span ends changes nothing in the model.
   */
  @Override
  public int epochsPerSpan(double secondsPerEpoch) {
    if (!(secondsPerEpoch > 0)) {
      return 1;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, SPAN_SECONDS / secondsPerEpoch));
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
