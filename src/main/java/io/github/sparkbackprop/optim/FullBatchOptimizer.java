package io.github.sparkbackprop.optim;

/**
 * An optimiser that evaluates the objective on all the data at each step (one distributed pass
 * per evaluation), such as {@link LbfgsOptimizer}. The mini-batch solvers use
 * {@link MiniBatchOptimizer} instead.
 */
public interface FullBatchOptimizer {

  /**
   * Minimises {@code smooth(x) + regularization.penalty(x)} starting from {@code x0}.
   *
   * @param smooth the data term; each call is one pass over the data
   * @param x0 the starting point; not modified
   * @param regularization the elastic-net term, added by the optimiser
   * @param listener called after each accepted iteration; may stop the optimiser
   * @return the final point and the objective history
   * @throws DivergenceException if the objective or gradient becomes NaN or infinite
   */
  OptimizationResult minimize(
      DifferentiableFunction smooth,
      double[] x0,
      Regularization regularization,
      IterationListener listener);
}
