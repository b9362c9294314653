package io.github.sparkbackprop.optim;

/**
 * Full-batch gradient descent with a fixed step, and proximal gradient descent (ISTA) when the
 * regularisation has an L1 part.
 *
 * <p>Iteration {@code k} sets {@code x <- x - stepSize * (grad smooth(x) + grad L2(x))} and then
 * applies the L1 proximal operator {@link Regularization#applyL1Proximal(double[], double)} with
 * the same step (soft thresholding, which gives exact zeros). It then evaluates the objective
 * once at the new point: that value is the history entry of iteration {@code k} and its gradient
 * drives iteration {@code k + 1}, so each iteration costs exactly one {@code smooth.evaluate}
 * call and the final point's objective is always the last history entry.
 *
 * <p><b>Stopping rules</b>, with {@code f_k} the full objective (L1 included) after iteration
 * {@code k}:
 * <ol>
 *   <li>after iteration {@code k}, first the listener is called; if it returns false the
 *       optimiser stops with reason {@code "stopped by listener"} (not converged);
 *   <li>then {@code |f_{k-1} - f_k| / max(|f_{k-1}|, |f_k|, 1) < tol} (converged); {@code tol
 *       == 0} disables this test;
 *   <li>then {@code k == maxIter} (not converged).
 * </ol>
 * The objective is not guaranteed to decrease: a fixed step that is too large makes it oscillate
 * or grow.
 *
 * <p><b>Divergence.</b> A NaN or infinite objective or gradient at {@code x0} throws a {@link
 * DivergenceException}. After a step, an objective that is NaN or infinite, or that increased to
 * above {@code 1e30}, or a non-finite gradient, throws a {@code DivergenceException} whose
 * message names the step size and suggests a smaller one.
 *
 * <p>Runs on the driver in pure Java; deterministic.
 */
public final class GradientDescentOptimizer implements FullBatchOptimizer {

  /** An objective that grew beyond this is taken as diverging even while still finite. */
  static final double DIVERGENCE_THRESHOLD = 1e30;

  private final int maxIter;
  private final double tol;
  private final double stepSize;

  /**
   * Creates the optimiser.
   *
   * @param maxIter maximum number of iterations, at least 0 (0 only evaluates the start point)
   * @param tol relative objective decrease below which the optimiser stops, finite and at least
   *     0; 0 disables the test
   * @param stepSize the fixed step (learning rate), finite and greater than 0; for a smooth part
   *     with {@code L}-Lipschitz gradient, {@code stepSize <= 1 / L} guarantees convergence
   * @throws IllegalArgumentException if an argument is out of range
   */
  public GradientDescentOptimizer(int maxIter, double tol, double stepSize) {
    if (maxIter < 0) {
      throw new IllegalArgumentException("maxIter must be >= 0 but was " + maxIter);
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new IllegalArgumentException("tol must be finite and >= 0 but was " + tol);
    }
    if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
      throw new IllegalArgumentException("stepSize must be finite and > 0 but was " + stepSize);
    }
    this.maxIter = maxIter;
    this.tol = tol;
    this.stepSize = stepSize;
  }

  /** @return the maximum number of iterations */
  public int maxIter() {
    return maxIter;
  }

  /** @return the relative-decrease tolerance */
  public double tol() {
    return tol;
  }

  /** @return the fixed step size */
  public double stepSize() {
    return stepSize;
  }

  /**
   * Minimises {@code smooth(x) + regularization.penalty(x)} from {@code x0} by (proximal)
   * gradient descent; see the class documentation for the stopping rules.
   *
   * @param smooth the data term; called exactly once per iteration plus once at {@code x0}
   * @param x0 the starting point; not modified
   * @param regularization the elastic-net term; its L1 part is applied by soft thresholding
   * @param listener called after each iteration; returning false stops the optimiser
   * @return the point after the last iteration and the objective history
   * @throws DivergenceException if the objective or gradient becomes NaN or infinite, or the
   *     objective grows beyond {@code 1e30}
   */
  @Override
  public OptimizationResult minimize(
      DifferentiableFunction smooth,
      double[] x0,
      Regularization regularization,
      IterationListener listener) {
    RegularizedObjective objective = new RegularizedObjective(smooth, regularization);
    ObjectiveHistory history = new ObjectiveHistory();
    double[] x = x0.clone();
    double[] g = new double[x.length];
    double f = objective.evaluate(x, g);
    StartingPointCheck.requireFinite(f, g);
    history.add(f);

    for (int k = 1; k <= maxIter; k++) {
      for (int i = 0; i < x.length; i++) {
        x[i] -= stepSize * g[i];
      }
      regularization.applyL1Proximal(x, stepSize);
      double previous = f;
      f = objective.evaluate(x, g);
      checkDiverged(k, previous, f, g);
      history.add(f);

      if (!listener.onIteration(k, f, x)) {
        return done(x, history, ConvergenceTests.LISTENER_REASON, false);
      }
      if (ConvergenceTests.smallRelativeDecrease(previous, f, tol)) {
        return done(x, history, ConvergenceTests.relativeDecreaseReason(tol), true);
      }
    }
    return done(x, history, ConvergenceTests.maxIterReason(maxIter), false);
  }

  private void checkDiverged(int iteration, double previous, double f, double[] g) {
    String what = null;
    if (!Double.isFinite(f)) {
      what = "the objective became " + f;
    } else if (f > DIVERGENCE_THRESHOLD && f > previous) {
      what = "the objective grew to " + f;
    } else {
      int bad = Vectors.firstNonFinite(g);
      if (bad >= 0) {
        what = "gradient component " + bad + " became " + g[bad];
      }
    }
    if (what != null) {
      throw new DivergenceException(
          "Training diverged at iteration " + iteration + ": " + what + " with stepSize="
              + stepSize + "; set a smaller stepSize (e.g. " + stepSize / 10 + ")");
    }
  }

  private static OptimizationResult done(
      double[] x, ObjectiveHistory history, String reason, boolean converged) {
    return new OptimizationResult(x, history.toArray(), reason, converged);
  }
}
