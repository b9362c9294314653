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

  /**
   * The Spark setting for how long a barrier stage runs epochs before it ends at the end of one
   * and returns them to the driver (default 5 s): the driver logs progress, and a failed task
   * costs the stage's work, at most that often.
   */
  public static final String SPAN_CONF = "spark.sparkbackprop.barrier.spanDuration";

  /** The default of {@link #SPAN_CONF}. */
  public static final String SPAN_DEFAULT = "5s";

  /**
   * At most this many learning rates in a span's broadcast (1 MB): the epochs of a span are
   * capped at this over the steps per epoch.
   */
  static final int MAX_SPAN_RATES = 1 << 17;

  private final MiniBatchLoss perStep;
  private final PassRunner runner;
  private final BatchSampling sampling;
  private final boolean validating;
  private final int maxEpochs;
  private final long peerTimeoutMillis;
  private final double spanTimeLimitSeconds;

  /**
   * @param runner runs the passes and the barrier stages
   * @param sampling draws the batches
   * @param validating whether there are validation rows
   * @param maxEpochs the epoch limit, for the job descriptions
   * @param peerTimeoutMillis how long a task waits for a silent peer
   * @param spanMillis how long a stage runs epochs before it ends at the end of one
   */
  public BarrierMiniBatchLoss(PassRunner runner, BatchSampling sampling, boolean validating,
      int maxEpochs, long peerTimeoutMillis, long spanMillis) {
    this.perStep = new MiniBatchLoss(runner, sampling, validating, maxEpochs);
    this.runner = runner;
    this.sampling = sampling;
    this.validating = validating;
    this.maxEpochs = maxEpochs;
    this.peerTimeoutMillis = peerTimeoutMillis;
    this.spanTimeLimitSeconds = spanMillis / 1000.0;
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
        : "epochs from " + from + " to at most " + span.lastEpoch()) + " of " + maxEpochs
        + " (one barrier stage)");
    return runner.runBarrierEpochs(span, rule, regularization, localSteps, sampling, validating,
        peerTimeoutMillis);
  }

  /**
   * Every epoch up to the next point where the driver must act, as far as
   * {@link #MAX_SPAN_RATES} allows: the stage itself ends the span by time
   * ({@link #spanTimeLimitSeconds()}), so that its fixed cost is paid once per span while the
   * driver still reports progress every few seconds. Where a span ends changes nothing in the
   * model.
   */
  @Override
  public int epochsPerSpan() {
    return Math.max(1, MAX_SPAN_RATES / stepsPerEpoch());
  }

  @Override
  public double spanTimeLimitSeconds() {
    return spanTimeLimitSeconds;
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
