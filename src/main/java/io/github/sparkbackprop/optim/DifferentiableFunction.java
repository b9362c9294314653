package io.github.sparkbackprop.optim;

/**
 * A smooth objective that an optimiser can query: its value and gradient at a point.
 *
 * <p>In training this is the weighted mean data loss over the whole training set, evaluated by
 * one distributed pass; the optimisers add the {@link Regularization} term themselves, so an
 * implementation never sees the regularisation.
 */
@FunctionalInterface
public interface DifferentiableFunction {

  /**
   * Evaluates the function.
   *
   * @param x the point; must not be modified
   * @param gradient receives the gradient at {@code x} (overwritten, same length as {@code x})
   * @return the value at {@code x}
   */
  double evaluate(double[] x, double[] gradient);
}
