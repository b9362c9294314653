package io.github.sparkbackprop.optim;

import java.util.List;

/**
 * A data loss evaluated one mini-batch at a time; in training each call is one distributed pass
 * (one {@code treeAggregate}) over a sample of the cached rows.
 *
 * <p>An epoch has {@link #stepsPerEpoch()} batches that together cover every training row once.
 * Batches are a deterministic function of (epoch, step) so that a seeded run repeats exactly.
 */
public interface StochasticObjective {

  /** Number of batches per epoch (1 means full batch). */
  int stepsPerEpoch();

  /** Whether there are validation rows. */
  boolean hasValidation();

  /**
   * Evaluates one batch.
   *
   * @param x the parameters; not modified
   * @param gradient receives the gradient of the batch's weighted mean loss (overwritten)
   * @param request which batch, and what else to compute in the same pass
   * @return the batch loss and whatever else was requested
   */
  BatchEvaluation evaluate(double[] x, double[] gradient, BatchRequest request);

  /** Weighted mean loss over the validation rows at {@code x}: one pass without a gradient. */
  double validationLoss(double[] x);

  /**
   * Runs the steps of one epoch ({@link EpochSteps}). By default here, one {@link #evaluate}
   * (or round) at a time; an objective may run the whole epoch elsewhere, in the tasks of one
   * Spark barrier stage, provided it takes exactly the steps {@link EpochSteps} takes here.
   *
   * @param start where the epoch starts
   * @param rule the update rule (its state is set from {@code start}; it may be changed)
   * @param regularization applied by the rule
   * @param localSteps steps per round of parameter averaging (1: exact mode)
   * @return how the epoch ended
   */
  default EpochOutcome runEpoch(EpochStart start, UpdateRule rule,
      Regularization regularization, int localSteps) {
    return EpochSteps.run(this, rule, regularization, localSteps, start);
  }

  /**
   * Runs the epochs of a span ({@link EpochSpan#run}). By default here, one
   * {@link #runEpoch} at a time; an objective may run the whole span in the tasks of one Spark
   * barrier stage, provided it takes exactly the steps {@link EpochSpan} takes here.
   *
   * @param span the epochs and where they start
   * @param rule the update rule (its state is set from the span's start; it may be changed)
   * @param regularization applied by the rule
   * @param localSteps steps per round of parameter averaging (1: exact mode)
   * @return each epoch's outcome, as {@link EpochSpan#run} returns them
   */
  default List<EpochOutcome> runEpochs(EpochSpan span, UpdateRule rule,
      Regularization regularization, int localSteps) {
    return span.run(this, rule, regularization, localSteps);
  }

  /**
   * How many epochs the next span may hold, where nothing else ends it sooner: 1 by default,
   * so that the driver hears from every epoch as it ends. An objective whose every run costs a
   * fixed price (a Spark stage) may take more, and end them by time
   * ({@link #spanTimeLimitSeconds()}).
   *
   * @return at least 1
   */
  default int epochsPerSpan() {
    return 1;
  }

  /**
   * How long a span of several epochs runs before it ends at the end of an epoch (see
   * {@link EpochSpan}), in seconds: infinite by default.
   */
  default double spanTimeLimitSeconds() {
    return Double.POSITIVE_INFINITY;
  }

  /**
   * Whether a span ends after the epoch that has just ended, given this runner's own answer: by
   * default, that answer. Where several runners take a span's steps together (the tasks of a
   * barrier stage, each with its own clock), all of them call this at the same epochs, and all
   * must return one answer (the first task's).
   *
   * @param timeIsUp whether the span has run for its {@link EpochSpan#timeLimitSeconds()} by this
   *     runner's clock
   */
  default boolean endSpanHere(boolean timeIsUp) {
    return timeIsUp;
  }
}
