package io.github.sparkbackprop.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive epochs that nothing between them needs the driver for, run in one go: by the
 * driver one epoch at a time, or by the tasks of one Spark barrier stage (one job for all of
 * them instead of one per epoch).
 *
 * <p>What the driver does after an epoch without validation rows is arithmetic on what the epoch
 * returned: the epoch's objective (its mean batch loss plus the penalty at the weights it ended
 * with), the check that the weights are finite, and the training early-stopping rule. A span
 * does the same after each of its epochs, with the same code, so that it stops exactly where the
 * driver will: after an epoch that diverged or whose weights are not finite, or after the epoch
 * at which the training rule fires. The driver then goes through the span's epochs as it would
 * through single ones (histories, reports, the rule), and checks that it agrees. Validation
 * rows, a checkpoint and the end of training are where a span must end, and
 * {@link MiniBatchOptimizer} ends it there. A span also ends at the first end of an epoch after
 * it has run for {@link #timeLimitSeconds()} (where several runners take its steps together,
 * they agree on where: {@link StochasticObjective#endSpanHere}), so that the driver still hears
 * from the training every few seconds; how many epochs a span holds changes nothing in the
 * result.
 */
public final class EpochSpan {

  private final EpochStart first;
  private final double[][] rates;
  private final EarlyStopping trainingStop;
  private final double timeLimitSeconds;

  /**
   * @param first where the span's first epoch starts ({@code first.rates()} must be
   *     {@code rates[0]})
   * @param rates the learning rates of each epoch's steps, one array per epoch of the span
   * @param trainingStop the training early-stopping rule as it stands (without parameters), or
   *     {@code null} where it does not apply (validation rows, {@code tol = 0})
   * @param timeLimitSeconds how long the span runs before it ends at the end of an epoch (at
   *     least one epoch runs; infinite: only the end of its rates or a stop ends it)
   */
  public EpochSpan(EpochStart first, double[][] rates, EarlyStopping trainingStop,
      double timeLimitSeconds) {
    if (rates.length < 1 || rates[0] != first.rates()) {
      throw new IllegalArgumentException("A span needs its first epoch's rates first");
    }
    if (rates.length > 1 && (first.validationLoss() || first.validationStop() != null)) {
      throw new IllegalArgumentException("An epoch with validation losses ends its span");
    }
    this.first = first;
    this.rates = rates;
    this.trainingStop = trainingStop;
    this.timeLimitSeconds = timeLimitSeconds;
  }

  /** Where the first epoch starts. */
  public EpochStart first() {
    return first;
  }

  /** The rates of each epoch's steps (not a copy). */
  public double[][] rates() {
    return rates;
  }

  /** The training early-stopping rule, or {@code null}. */
  public EarlyStopping trainingStop() {
    return trainingStop;
  }

  /** How long the span runs before it ends at the end of an epoch. */
  public double timeLimitSeconds() {
    return timeLimitSeconds;
  }

  /** The number of epochs, if none stops early or the time is not up sooner. */
  public int epochs() {
    return rates.length;
  }

  /** The 1-based number of the last epoch, if none stops early or the time is not up sooner. */
  public int lastEpoch() {
    return first.epoch() + rates.length - 1;
  }

  /**
   * Runs the span's epochs with {@link StochasticObjective#runEpoch}, one after the other, each
   * from where the previous ended, until the last, a stop, or the end of an epoch after
   * {@link #timeLimitSeconds()}.
   *
   * @return each epoch's outcome, {@link EpochOutcome#ended recorded}; only the last holds the
   *     weights and rule state at its end
   */
  public List<EpochOutcome> run(StochasticObjective objective, UpdateRule rule,
      Regularization regularization, int localSteps) {
    List<EpochOutcome> outcomes = new ArrayList<>();
    EarlyStopping stop = trainingStop == null ? null : trainingStop.withoutParameters();
    EpochStart start = first;
    long spanBegan = System.nanoTime();
    for (int k = 0; ; k++) {
      long began = System.nanoTime();
      EpochOutcome outcome = objective.runEpoch(start, rule, regularization, localSteps);
      double seconds = (System.nanoTime() - began) / 1e9;
      if (outcome.firstPass() == null || outcome.divergence() != null
          || outcome.stoppedAfterFirstPass()) {
        outcomes.add(outcome.ended(Double.NaN, seconds, outcome.divergence(), true));
        return outcomes;
      }
      double[] x = outcome.x();
      int bad = Vectors.firstNonFinite(x);
      if (bad >= 0) {
        int lastStep = rates[k].length - 1;
        outcomes.add(outcome.ended(Double.NaN, seconds, new EpochOutcome.Divergence(lastStep,
            rates[k][lastStep], "weight " + bad + " became " + x[bad]), true));
        return outcomes;
      }
      double epochObjective =
          outcome.lossSum() / outcome.weightSum() + regularization.penalty(x);
      boolean stops = stop != null && stop.record(start.epoch(), epochObjective, x, false);
      // every runner asks whether the time is up at the same epochs (a collective call where
      // several take the span's steps together), and only where the span could go on
      boolean last = stops || k == rates.length - 1
          || objective.endSpanHere((System.nanoTime() - spanBegan) / 1e9 >= timeLimitSeconds);
      outcomes.add(outcome.ended(epochObjective, seconds, null, last));
      if (last) {
        return outcomes;
      }
      start = new EpochStart(start.epoch() + 1, start.stepsBefore() + rates[k].length, x,
          outcome.ruleState(), rates[k + 1], false, false, null);
    }
  }
}
