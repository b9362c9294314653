package io.github.sparkbackprop.optim;

/**
 * A {@link StochasticObjective} that can also run rounds of parameter averaging, what the
 * {@link MiniBatchOptimizer} runs when it takes more than one local step per round: every
 * partition takes the round's steps on its own rows of each batch ({@link LocalSteps}), from the
 * same weights and update-rule state, and the partitions' end points are averaged, weighted by
 * their rows ({@link AveragingSums}).
 */
public interface LocalRounds extends StochasticObjective {

  /**
   * Runs one round of {@code rates.length} steps, the first of which is the batch
   * {@code first} names.
   *
   * @param x the weights every partition starts from; not modified
   * @param rule the optimiser's rule, whose settings and present state (Adam's moments, the
   *     momentum) each partition starts from; not modified
   * @param regularization applied by the rule at each step
   * @param first the round's first batch, and what else to compute at {@code x} in the same
   *     pass (the full training loss, the validation loss)
   * @param rates the learning rate of each step of the round
   * @return the averaged weights and state, with the round's batch loss and weight and the
   *     extra losses asked for
   */
  RoundResult round(double[] x, UpdateRule rule, Regularization regularization,
      BatchRequest first, double[] rates);
}
