package io.github.sparkbackprop.optim;

import java.util.Arrays;

/**
 * The steps of one epoch of mini-batch training: for each batch, one evaluation of its gradient
 * (or, with {@code localSteps > 1}, one round of parameter averaging) followed by the update
 * rule's step at the epoch's rates. The one place these steps are written: the driver runs it
 * over an objective whose every evaluation is a Spark job, and each task of a barrier epoch runs
 * it over an objective whose evaluations add up the partitions' sums among the tasks, so both
 * take the same steps bit for bit.
 *
 * <p>It stops early, returning what it has, where the driver must decide: after the first pass
 * when the validation rule says the loss it found stops training (before any step, as
 * {@link MiniBatchOptimizer} does), and at the first step whose loss or gradient is not finite
 * (the driver then reports the divergence).
 */
public final class EpochSteps {

  private EpochSteps() {}

  /**
   * Runs the epoch's steps.
   *
   * @param objective the batches' loss
   * @param rule the update rule; its state is set from {@code start} and changed by the steps
   * @param regularization applied by the rule
   * @param localSteps steps per round of parameter averaging (1: exact mode); above 1 the
   *     objective must be {@link LocalRounds}
   * @param start where the epoch starts
   * @return how it ended
   */
  public static EpochOutcome run(StochasticObjective objective, UpdateRule rule,
      Regularization regularization, int localSteps, EpochStart start) {
    int epoch = start.epoch();
    double[] rates = start.rates();
    int steps = rates.length;
    double[] x = start.x().clone();
    double[] g = new double[x.length];
    rule.initialize(x.length);
    rule.restoreState(start.ruleState());
    double lossSum = 0;
    double weightSum = 0;
    BatchEvaluation firstPass = null;
    for (int step = 0; step < steps; ) {
      boolean first = step == 0;
      BatchRequest request = new BatchRequest(epoch, step,
          first && start.fullTrainingLoss(), first && start.validationLoss());
      // exact: one step, the batch's gradient at x; local: a round of `taken` steps whose
      // averaged end point is `round`
      int taken = Math.min(localSteps, steps - step);
      double rate = rates[step];
      RoundResult round = null;
      BatchEvaluation batch;
      if (localSteps == 1) {
        batch = objective.evaluate(x, g, request);
      } else {
        round = ((LocalRounds) objective).round(x, rule, regularization, request,
            Arrays.copyOfRange(rates, step, step + taken));
        batch = round.evaluation();
      }
      if (!Double.isFinite(batch.loss())) {
        return diverged(x, rule, lossSum, weightSum, step, firstPass,
            new EpochOutcome.Divergence(step, rate, "the loss became " + batch.loss()));
      }
      if (first) {
        if (request.fullTrainingLoss() && !Double.isFinite(batch.fullTrainingLoss())) {
          return diverged(x, rule, lossSum, weightSum, step, null, new EpochOutcome.Divergence(
              step, rate, "the loss became " + batch.fullTrainingLoss()));
        }
        firstPass = batch;
        if (start.stopsAfter(batch)) {
          return new EpochOutcome(x, rule.saveState(), lossSum, weightSum, 0, firstPass, true,
              null);
        }
      }
      if (round == null) {
        int bad = Vectors.firstNonFinite(g);
        if (bad >= 0) {
          return diverged(x, rule, lossSum, weightSum, step, firstPass,
              new EpochOutcome.Divergence(step, rate,
                  "gradient component " + bad + " became " + g[bad]));
        }
        rule.step(x, g, rate, regularization);
      } else {
        System.arraycopy(round.x(), 0, x, 0, x.length);
        rule.restoreState(round.state());
      }
      lossSum += batch.loss() * batch.weight();
      weightSum += batch.weight();
      step += taken;
    }
    return new EpochOutcome(x, rule.saveState(), lossSum, weightSum, steps, firstPass, false,
        null);
  }

  private static EpochOutcome diverged(double[] x, UpdateRule rule, double lossSum,
      double weightSum, int stepsTaken, BatchEvaluation firstPass,
      EpochOutcome.Divergence divergence) {
    return new EpochOutcome(x, rule.saveState(), lossSum, weightSum, stepsTaken, firstPass,
        false, divergence);
  }
}
