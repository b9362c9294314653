package io.github.sparkbackprop.optim;

/**
 * A full-batch objective whose passes over the data can also compute the loss over rows held
 * out for validation, for {@link FullBatchOptimizer}'s early stopping.
 */
public interface ValidatedFunction extends DifferentiableFunction {

  /** Whether there are validation rows. */
  boolean hasValidation();

  /**
   * Weighted mean loss over the validation rows at {@code x}: free when {@code x} was evaluated
   * recently (the pass that computed its gradient computed it too), else one pass.
   */
  double validationLoss(double[] x);
}
