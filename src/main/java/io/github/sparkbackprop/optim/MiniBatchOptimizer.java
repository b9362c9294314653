package io.github.sparkbackprop.optim;

import java.util.Arrays;
import java.util.List;

/**
 * Mini-batch training: epochs of {@link StochasticObjective#stepsPerEpoch()} steps, each step one
 * evaluation of a batch's gradient followed by an {@link UpdateRule} step at the rate the
 * {@link LearningRateSchedule} gives.
 *
 * <p><b>Stopping.</b> After {@code maxEpochs} epochs; or, with validation rows, when the
 * validation loss has not improved (see {@link EarlyStopping}) for {@code patience} epochs, in
 * which case the weights of the best validation epoch are returned; or, without validation rows
 * and with {@code tol > 0}, when the epoch objective has not improved by {@code tol} (relative)
 * for {@code patience} epochs.
 *
 * <p><b>Extra losses in the same pass.</b> The first step also computes the full training loss at
 * the start (the history's first entry), and, with validation rows, the first step of each epoch
 * computes the validation loss at the weights the previous epoch ended with, in the same pass as
 * its gradient; only the very last epoch's validation loss needs a pass of its own.
 *
 * <p><b>Local steps.</b> With {@code localSteps > 1} (parameter averaging) the objective must be
 * {@link LocalRounds}: each epoch's steps are taken in rounds of up to {@code localSteps} batches
 * (a round never spans two epochs), every partition stepping on its own rows of each batch from
 * the same weights and rule state, the driver averaging where they end (see {@link LocalSteps}).
 * The batches, the learning rate of each step, the histories, early stopping and checkpoints are
 * those of the exact mode; what differs is that a step sees only one partition's share of its
 * batch, so the result depends on how the rows are partitioned.
 *
 * <p><b>Spans.</b> Epochs run in spans ({@link EpochSpan}): as many as
 * {@link StochasticObjective#epochsPerSpan} allows (one, unless the objective runs them in one
 * Spark barrier stage), ended early at a checkpoint and the end of training, and by the span
 * itself after {@link StochasticObjective#spanTimeLimitSeconds}; with validation rows every
 * epoch is a span of its own. The driver then goes through the span's epochs one by one, as if
 * each had run alone, so a span's length never changes the result.
 *
 * <p><b>Divergence.</b> A non-finite batch loss, gradient or parameter stops training with a
 * {@link DivergenceException} naming the epoch, the step and the learning rate.
 */
public final class MiniBatchOptimizer {

  private final UpdateRule rule;
  private final LearningRateSchedule schedule;
  private final int maxEpochs;
  private final double tol;
  private final int patience;
  private final double validationTol;
  private final int localSteps;

  /**
   * @param rule the update rule
   * @param schedule the learning rate at each step
   * @param maxEpochs maximum number of epochs, >= 0
   * @param tol relative improvement of the epoch objective below which an epoch counts as no
   *     progress (only without validation rows); 0 disables this rule
   * @param patience epochs without improvement before stopping, >= 1
   * @param validationTol minimum relative improvement of the validation loss (see
   *     {@link EarlyStopping})
   */
  public MiniBatchOptimizer(UpdateRule rule, LearningRateSchedule schedule, int maxEpochs,
      double tol, int patience, double validationTol) {
    this(rule, schedule, maxEpochs, tol, patience, validationTol, 1);
  }

  /**
   * As {@link #MiniBatchOptimizer(UpdateRule, LearningRateSchedule, int, double, int, double)},
   * with rounds of parameter averaging.
   *
   * @param localSteps steps each partition takes on its own rows between two averagings (>= 1);
   *     1 is the exact mode, every step one batch's gradient over all partitions
   */
  public MiniBatchOptimizer(UpdateRule rule, LearningRateSchedule schedule, int maxEpochs,
      double tol, int patience, double validationTol, int localSteps) {
    if (localSteps < 1) {
      throw new IllegalArgumentException("localSteps must be >= 1 but was " + localSteps);
    }
    this.localSteps = localSteps;
    if (maxEpochs < 0) {
      throw new IllegalArgumentException("maxEpochs must be >= 0 but was " + maxEpochs);
    }
    this.rule = rule;
    this.schedule = schedule;
    this.maxEpochs = maxEpochs;
    this.tol = tol;
    this.patience = patience;
    this.validationTol = validationTol;
  }

  /**
   * Trains from {@code x0}.
   *
   * @param objective the batched data loss
   * @param x0 starting parameters; not modified
   * @param regularization elastic-net term, applied by the update rule
   * @param listener told about each epoch
   * @return the final (or best) parameters and the histories
   * @throws DivergenceException when the loss or the parameters stop being finite
   */
  public TrainingResult minimize(StochasticObjective objective, double[] x0,
      Regularization regularization, EpochListener listener) {
    return minimize(objective, x0, regularization, listener, null, StateSink.none());
  }

  /**
   * As {@link #minimize(StochasticObjective, double[], Regularization, EpochListener)},
   * optionally resuming from a saved state and saving states along the way.
   *
   * @param resumeFrom a state saved by a run with the same objective, rule, schedule and
   *     settings, to continue from (then {@code x0} is ignored); {@code null} to start at
   *     {@code x0}
   * @param checkpoints asked after every epoch that training continues past (no stopping rule
   *     fired, {@code maxEpochs} not reached) whether to save the state there
   * @throws IllegalArgumentException if {@code resumeFrom} does not fit this optimiser, or if
   *     {@code localSteps > 1} and {@code objective} is not {@link LocalRounds}
   */
  public TrainingResult minimize(StochasticObjective objective, double[] x0,
      Regularization regularization, EpochListener listener, MiniBatchState resumeFrom,
      StateSink<MiniBatchState> checkpoints) {
    int steps = objective.stepsPerEpoch();
    if (localSteps > 1 && !(objective instanceof LocalRounds)) {
      throw new IllegalArgumentException("localSteps=" + localSteps + " needs an objective that"
          + " runs rounds of local steps (LocalRounds)");
    }
    boolean validating = objective.hasValidation();
    double[] x = resumeFrom == null ? x0.clone() : resumeFrom.x();
    double[] g = new double[x.length];
    rule.initialize(x.length);
    EarlyStopping validationStop = new EarlyStopping(patience, validationTol);
    EarlyStopping trainingStop = new EarlyStopping(patience, tol);
    // Histories grow as epochs run: maxIter is a limit, and may be far above what runs.
    GrowingArray objectiveHistory = new GrowingArray();
    GrowingArray validationHistory = new GrowingArray();
    GrowingArray rates = new GrowingArray();
    long t = 0;
    int epochsDone = 0;
    double pendingObjective = Double.NaN;
    double pendingRate = Double.NaN;
    double pendingSeconds = 0;
    if (resumeFrom != null) {
      if (resumeFrom.epoch >= maxEpochs || resumeFrom.steps != (long) resumeFrom.epoch * steps) {
        throw new IllegalArgumentException("The saved state (epoch " + resumeFrom.epoch + ", "
            + resumeFrom.steps + " steps) does not fit a run of " + maxEpochs + " epochs of "
            + steps + " steps");
      }
      rule.restoreState(resumeFrom.rule);
      validationStop.restoreState(resumeFrom.validationStop);
      trainingStop.restoreState(resumeFrom.trainingStop);
      objectiveHistory = new GrowingArray(resumeFrom.objectiveHistory);
      validationHistory = new GrowingArray(resumeFrom.validationHistory);
      rates = new GrowingArray(resumeFrom.rates);
      t = resumeFrom.steps;
      epochsDone = resumeFrom.epoch;
      pendingObjective = resumeFrom.pendingObjective;
      pendingRate = resumeFrom.pendingRate;
      pendingSeconds = resumeFrom.pendingSeconds;
    }

    if (maxEpochs == 0) {
      BatchEvaluation start = objective.evaluate(x, g, new BatchRequest(1, 0, true, validating));
      requireFinite(start.fullTrainingLoss(), 0, 0, schedule.rate(0));
      objectiveHistory.set(0, start.fullTrainingLoss() + regularization.penalty(x));
      if (validating) {
        validationHistory.set(0, start.validationLoss());
      }
      return new TrainingResult(x, objectiveHistory.toArray(), validationHistory.toArray(),
          rates.toArray(), "reached maxIter=0", false, -1);
    }

    String stopReason = "reached maxIter=" + maxEpochs;
    boolean converged = false;
    int bestEpoch = -1;
    int epoch = epochsDone + 1;
    epochs:
    while (epoch <= maxEpochs) {
      long spanStart = System.nanoTime();
      int count = validating ? 1 : spanLength(objective, epoch, checkpoints);
      double[][] spanRates = new double[count][steps];
      for (int k = 0; k < count; k++) {
        for (int s = 0; s < steps; s++) {
          spanRates[k][s] = schedule.rate(t + (long) k * steps + s);
        }
      }
      EpochStart start = new EpochStart(epoch, t, x, rule.saveState(), spanRates[0], epoch == 1,
          validating, validating && epoch > 1 ? validationStop.withoutParameters() : null);
      EpochSpan span = new EpochSpan(start, spanRates,
          !validating && tol > 0 ? trainingStop.withoutParameters() : null,
          objective.spanTimeLimitSeconds());
      List<EpochOutcome> outcomes = objective.runEpochs(span, rule, regularization, localSteps);
      double spanSeconds = (System.nanoTime() - spanStart) / 1e9;
      double stepsSeconds = 0;
      for (EpochOutcome outcome : outcomes) {
        stepsSeconds += outcome.seconds();
      }
      for (int k = 0; k < outcomes.size(); k++, epoch++) {
        EpochOutcome outcome = outcomes.get(k);
        boolean lastOfSpan = k == outcomes.size() - 1;
        BatchEvaluation first = outcome.firstPass();
        if (first == null) {
          throw diverged(epoch, outcome.divergence());
        }
        if (epoch == 1) {
          objectiveHistory.set(0, first.fullTrainingLoss() + regularization.penalty(x));
        }
        if (validating) {
          // The validation loss of the weights the previous epoch ended with (epoch - 1).
          validationHistory.set(epoch - 1, first.validationLoss());
          if (epoch > 1) {
            report(listener, epoch - 1, pendingObjective, first.validationLoss(), pendingRate,
                pendingSeconds);
            boolean stop = validationStop.record(epoch - 1, first.validationLoss(), x, true);
            if (stop != outcome.stoppedAfterFirstPass()) {
              throw new IllegalStateException("The epoch's steps and the driver disagree on"
                  + " whether the validation loss " + first.validationLoss()
                  + " stops training");
            }
            if (stop) {
              stopReason = "validation loss did not improve for " + patience + " epochs";
              converged = true;
              break epochs;
            }
          } else {
            validationStop.record(0, first.validationLoss(), x, true);
          }
        }
        if (outcome.divergence() != null) {
          throw diverged(epoch, outcome.divergence());
        }
        if (lastOfSpan) {
          System.arraycopy(outcome.x(), 0, x, 0, x.length);
          rule.restoreState(outcome.ruleState());
        }
        for (int s = 0; s < steps; s++) {
          rates.set(t + s, spanRates[k][s]);
        }
        t += steps;
        epochsDone = epoch;
        double epochObjective = outcome.objective();
        objectiveHistory.set(epoch, epochObjective);
        pendingObjective = epochObjective;
        pendingRate = schedule.rate(t - 1);
        // the span's wall time, shared out as its epochs' steps took it
        pendingSeconds = stepsSeconds > 0
            ? spanSeconds * outcome.seconds() / stepsSeconds : spanSeconds / outcomes.size();
        if (!validating) {
          report(listener, epoch, epochObjective, Double.NaN, pendingRate, pendingSeconds);
          if (tol > 0 && trainingStop.record(epoch, epochObjective, x, false)) {
            requireLastOfSpan(lastOfSpan, epoch, "the training objective stops training");
            stopReason = "objective improved by less than tol=" + tol + " for " + patience
                + " epochs";
            converged = true;
            break epochs;
          }
        }
        if (epoch < maxEpochs && checkpoints.isDue(epoch)) {
          requireLastOfSpan(lastOfSpan, epoch, "a checkpoint is due");
          checkpoints.save(new MiniBatchState(epoch, t, x.clone(), rule.saveState(),
              validationStop.saveState(), trainingStop.saveState(), objectiveHistory.toArray(),
              validationHistory.toArray(), rates.toArray(), pendingObjective, pendingRate,
              pendingSeconds));
        }
      }
    }

    if (validating) {
      if (!converged) {
        // The last epoch's weights have not been validated yet: one pass, once per training.
        double last = objective.validationLoss(x);
        validationHistory.set(epochsDone, last);
        report(listener, epochsDone, pendingObjective, last, pendingRate, pendingSeconds);
        validationStop.record(epochsDone, last, x, true);
      }
      bestEpoch = validationStop.bestEpoch();
      x = validationStop.bestParameters();
      stopReason += "; returning the weights of epoch " + bestEpoch
          + " (best validation loss " + validationStop.bestLoss() + ")";
    }
    return new TrainingResult(x, Arrays.copyOf(objectiveHistory.toArray(), epochsDone + 1),
        validating ? Arrays.copyOf(validationHistory.toArray(), epochsDone + 1) : new double[0],
        rates.toArray(), stopReason, converged, bestEpoch);
  }

  /**
   * How many epochs the span from {@code epoch} holds: what the objective takes, cut at the end
   * of training and after the first epoch at which a checkpoint is due.
   */
  private int spanLength(StochasticObjective objective, int epoch,
      StateSink<MiniBatchState> checkpoints) {
    int count = Math.max(1, Math.min(objective.epochsPerSpan(),
        maxEpochs - epoch + 1));
    for (int e = epoch; e < epoch + count - 1; e++) {
      if (checkpoints.isDue(e)) {
        return e - epoch + 1;
      }
    }
    return count;
  }

  private static void requireLastOfSpan(boolean lastOfSpan, int epoch, String why) {
    if (!lastOfSpan) {
      throw new IllegalStateException("The span of epochs went on past epoch " + epoch
          + ", where " + why);
    }
  }

  private static void report(EpochListener listener, int epoch, double objective,
      double validation, double rate, double seconds) {
    listener.onEpoch(new EpochReport(epoch, objective, validation, rate, seconds));
  }

  private void requireFinite(double loss, int epoch, int step, double rate) {
    if (!Double.isFinite(loss)) {
      throw diverged(epoch, step, rate, "the loss became " + loss);
    }
  }

  private DivergenceException diverged(int epoch, EpochOutcome.Divergence divergence) {
    return diverged(epoch, divergence.step(), divergence.rate(), divergence.what());
  }

  private DivergenceException diverged(int epoch, int step, double rate, String what) {
    return new DivergenceException("Training diverged at epoch " + epoch + ", step " + step
        + ": " + what + " with stepSize=" + schedule.baseRate() + " (learning rate " + rate
        + " at that step); set a smaller stepSize (e.g. " + schedule.baseRate() / 10
        + ") or add a learning-rate warm-up (warmupSteps)");
  }
}
