package io.github.sparkbackprop.optim;

import java.util.Arrays;

/**
 * One partition's share of a round of parameter averaging: starting from the weights and the
 * update rule's state every partition shares, it takes one step of the rule per batch of the
 * round, each on the gradient of the batch's rows that this partition holds, and returns where
 * it ended, weighted by the rows it stepped on ({@link AveragingSums}).
 *
 * <p>A batch of which the partition holds no rows (or only rows of weight 0) is a step on a zero
 * gradient, as in the exact mode, so that every partition's rule counts the same steps.
 */
public final class LocalSteps {

  /** The partition's rows of one batch of the round. */
  public interface PartitionBatch {

    /**
     * The gradient of the partition's rows of the round's {@code step}-th batch.
     *
     * @param x the weights to evaluate at; not modified
     * @param step 0-based index of the batch within the round
     * @param gradient receives the gradient of the rows' weighted mean loss (overwritten; any
     *     values when the rows weigh nothing)
     * @return the rows' weighted mean loss and their weight (0 when the partition holds none)
     */
    BatchEvaluation evaluate(double[] x, int step, double[] gradient);
  }

  private LocalSteps() {}

  /**
   * Runs the partition's steps.
   *
   * @param x the shared starting weights; not modified
   * @param rule a rule of this partition's own (it is changed), with the optimiser's settings
   * @param state the shared starting state of the rule
   * @param regularization applied by the rule at each step
   * @param rates the learning rate of each step of the round
   * @param batches the partition's rows of each batch
   */
  public static AveragingSums run(double[] x, UpdateRule rule, UpdateRuleState state,
      Regularization regularization, double[] rates, PartitionBatch batches) {
    double[] local = x.clone();
    double[] g = new double[x.length];
    rule.initialize(x.length);
    rule.restoreState(state);
    double lossSum = 0;
    double weight = 0;
    for (int s = 0; s < rates.length; s++) {
      BatchEvaluation batch = batches.evaluate(local, s, g);
      if (batch.weight() > 0) {
        lossSum += batch.loss() * batch.weight();
        weight += batch.weight();
      } else {
        Arrays.fill(g, 0.0);
      }
      rule.step(local, g, rates[s], regularization);
    }
    return AveragingSums.of(local, rule.saveState(), lossSum, weight);
  }
}
