package io.github.sparkbackprop.optim;

/**
 * Thrown when the objective or its gradient becomes NaN or infinite during optimisation, so that
 * training stops with a clear message instead of returning a model full of NaN.
 */
public class DivergenceException extends ArithmeticException {

  private static final long serialVersionUID = 1L;

  /** @param message what diverged, at which iteration, and what to change (e.g. the step size) */
  public DivergenceException(String message) {
    super(message);
  }
}
