package io.github.sparkbackprop.optim;

/**
 * Limited-memory BFGS, switching to OWL-QN when the regularisation has an L1 part.
 *
 * <p><b>Without L1</b> ({@code regularization.l1Strength() == 0}) this is classic L-BFGS on
 * {@code f(x) = smooth(x) + regularization.penalty(x)}: the search direction comes from the
 * two-loop recursion of Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed., Algorithm 7.4,
 * with initial matrix {@code (s.y / y.y) I}, and the step from a strong-Wolfe line search (N&amp;W
 * Algorithms 3.5 and 3.6, {@code c1 = 1e-4}, {@code c2 = 0.9}, cubic/quadratic interpolation, at
 * most 20 evaluations per iteration).
 *
 * <p><b>With L1</b> it is OWL-QN (Andrew and Gao, "Scalable training of L1-regularized log-linear
 * models", ICML 2007): the two-loop recursion is applied to the pseudo-gradient (unpenalised
 * coordinates use the plain gradient), direction components that disagree in sign with the
 * negative pseudo-gradient are set to 0, and a backtracking line search (at most 20 evaluations)
 * projects each trial point onto the chosen orthant, setting coordinates that cross zero to exactly
 * 0, and accepts it under the Armijo condition on the pseudo-gradient. The curvature pairs use the
 * gradient of the smooth plus L2 part only.
 *
 * <p><b>Steps.</b> While the memory is empty (first iteration, or after a reset because the
 * quasi-Newton direction was not a descent direction) the direction is the negative
 * (pseudo-)gradient and the first trial step is {@code min(1, 1 / ||direction||)}; afterwards the
 * first trial step is 1. A pair {@code (s, y)} is stored only if {@code s.y > 1e-10 * y.y}. Each
 * line search returns the objective and gradient at the point it accepts, so no point is ever
 * evaluated twice; an iteration costs one {@code smooth.evaluate} call when the unit step is
 * accepted, which is the common case near the solution.
 *
 * <p><b>Stopping rules</b>, with {@code f} the full objective (L1 included) and {@code g} the
 * gradient, or the pseudo-gradient under OWL-QN:
 * <ol>
 *   <li>at the start, and after every iteration: {@code ||g|| <= tol * max(1, |f|)} (converged);
 *   <li>after iteration {@code k}, first the listener is called; if it returns false the
 *       optimiser stops with reason {@code "stopped by listener"} (not converged);
 *   <li>then {@code |f_{k-1} - f_k| / max(|f_{k-1}|, |f_k|, 1) < tol} (converged);
 *   <li>then the gradient test above (converged);
 *   <li>then {@code k == maxIter} (not converged);
 *   <li>whenever a line search finds no point with a lower objective, the optimiser stops at the
 *       current, best point with reason {@code "line search could not make progress"} (not
 *       converged).
 * </ol>
 * With {@code tol == 0} the relative-decrease test never fires and the gradient test fires only
 * for an exactly zero (pseudo-)gradient. The objective never increases from one iteration to the
 * next.
 *
 * <p><b>Non-finite values.</b> A NaN or infinite objective or gradient at {@code x0} throws a
 * {@link DivergenceException}. During a line search such a trial point is treated as a step that
 * went too far and the step is shrunk; only when every trial point of a line search is
 * non-finite is a {@code DivergenceException} thrown.
 *
 * <p>Runs on the driver in pure Java; deterministic (the same inputs give bit-identical results).
 */
public final class LbfgsOptimizer {

  /** The number of curvature pairs users normally keep. */
  public static final int DEFAULT_MEMORY = 10;

  static final int MAX_LINE_SEARCH_EVALUATIONS = 20;
  static final String LINE_SEARCH_FAILED_REASON = "line search could not make progress";

  private final int maxIter;
  private final double tol;
  private final int memory;

  /**
   * Creates the optimiser.
   *
   * @param maxIter maximum number of iterations, at least 0 (0 only evaluates the start point)
   * @param tol convergence tolerance, finite and at least 0; 0 disables the tolerance tests
   * @param memory number of curvature pairs kept, at least 1 (usually {@link #DEFAULT_MEMORY})
   * @throws IllegalArgumentException if an argument is out of range
   */
  public LbfgsOptimizer(int maxIter, double tol, int memory) {
    if (maxIter < 0) {
      throw new IllegalArgumentException("maxIter must be >= 0 but was " + maxIter);
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new IllegalArgumentException("tol must be finite and >= 0 but was " + tol);
    }
    if (memory < 1) {
      throw new IllegalArgumentException("memory must be >= 1 but was " + memory);
    }
    this.maxIter = maxIter;
    this.tol = tol;
    this.memory = memory;
  }

  /** @return the maximum number of iterations */
  public int maxIter() {
    return maxIter;
  }

  /** @return the convergence tolerance */
  public double tol() {
    return tol;
  }

  /** @return the number of curvature pairs kept */
  public int memory() {
    return memory;
  }

  /**
   * Minimises {@code smooth(x) + regularization.penalty(x)} from {@code x0}, with L-BFGS or, when
   * {@code regularization.l1Strength() > 0}, OWL-QN; see the class documentation for the exact
   * stopping rules.
   *
   * @param smooth the data term; each call is one pass over the data
   * @param x0 the starting point; not modified
   * @param regularization the elastic-net term
   * @param listener called after each accepted iteration; returning false stops the optimiser
   * @return the final point (never worse than the best accepted one) and the objective history
   * @throws DivergenceException if the objective or gradient is NaN or infinite at {@code x0}, or
   *     at every trial point of a line search
   */
  public OptimizationResult minimize(
      DifferentiableFunction smooth,
      double[] x0,
      Regularization regularization,
      IterationListener listener) {
    return minimize(smooth, x0, regularization, listener, null, StateSink.none());
  }

  /**
   * As {@link #minimize(DifferentiableFunction, double[], Regularization, IterationListener)},
   * optionally resuming from a saved state and saving states along the way.
   *
   * @param resumeFrom a state saved by a run with the same function, settings and
   *     regularisation, to continue from (then {@code x0} is ignored); {@code null} to start at
   *     {@code x0}
   * @param checkpoints asked after every iteration that training continues past (all stopping
   *     tests passed, {@code maxIter} not reached) whether to save the state there
   * @throws IllegalArgumentException if {@code resumeFrom} does not fit this optimiser
   */
  public OptimizationResult minimize(
      DifferentiableFunction smooth,
      double[] x0,
      Regularization regularization,
      IterationListener listener,
      LbfgsState resumeFrom,
      StateSink<LbfgsState> checkpoints) {
    RegularizedObjective objective = new RegularizedObjective(smooth, regularization);
    boolean orthantWise = regularization.l1Strength() > 0;
    LbfgsMemory pairs = new LbfgsMemory(memory);
    StrongWolfeLineSearch wolfe = new StrongWolfeLineSearch(MAX_LINE_SEARCH_EVALUATIONS);
    OrthantWiseLineSearch orthantSearch = new OrthantWiseLineSearch(MAX_LINE_SEARCH_EVALUATIONS);
    ObjectiveHistory history;
    double[] x;
    double[] g;
    double f;
    int first;
    if (resumeFrom == null) {
      history = new ObjectiveHistory();
      x = x0.clone();
      g = new double[x.length];
      f = objective.evaluate(x, g);
      requireFiniteStart(f, g);
      history.add(f);
      first = 1;
    } else {
      if (resumeFrom.iteration() >= maxIter) {
        throw new IllegalArgumentException("The saved state is at iteration "
            + resumeFrom.iteration() + ", not before maxIter=" + maxIter);
      }
      history = new ObjectiveHistory(resumeFrom.objectiveHistory());
      x = resumeFrom.x();
      g = resumeFrom.gradient();
      f = resumeFrom.value();
      pairs.restore(resumeFrom.s(), resumeFrom.y());
      first = resumeFrom.iteration() + 1;
    }
    double[] searchGradient = orthantWise ? PseudoGradient.compute(x, g, regularization) : g;
    if (resumeFrom == null) {
      if (ConvergenceTests.smallGradient(Vectors.norm(searchGradient), f, tol)) {
        return done(x, history, ConvergenceTests.gradientReason(tol, orthantWise), true);
      }
      if (maxIter == 0) {
        return done(x, history, ConvergenceTests.maxIterReason(maxIter), false);
      }
    }

    for (int k = first; ; k++) {
      double[] d = direction(pairs, searchGradient, regularization, orthantWise);
      double alpha0 = pairs.isEmpty() ? Math.min(1.0, 1.0 / Vectors.norm(d)) : 1.0;
      LineSearchResult step = orthantWise
          ? orthantSearch.search(objective, x, f, searchGradient, d, alpha0)
          : wolfe.search(objective, x, f, g, d, alpha0);
      if (step.status == LineSearchResult.Status.NO_FINITE_POINT) {
        throw new DivergenceException(
            "Objective value or gradient is non-finite at every trial point of the line search"
                + " in iteration " + k + "; the objective may be unbounded or overflow");
      }
      if (step.status == LineSearchResult.Status.NO_PROGRESS) {
        return done(x, history, LINE_SEARCH_FAILED_REASON, false);
      }

      pairs.update(Vectors.subtract(step.x, x), Vectors.subtract(step.gradient, g));
      double previous = f;
      x = step.x;
      f = step.value;
      g = step.gradient;
      searchGradient = orthantWise ? PseudoGradient.compute(x, g, regularization) : g;
      history.add(f);

      if (!listener.onIteration(k, f, x)) {
        return done(x, history, ConvergenceTests.LISTENER_REASON, false);
      }
      if (ConvergenceTests.smallRelativeDecrease(previous, f, tol)) {
        return done(x, history, ConvergenceTests.relativeDecreaseReason(tol), true);
      }
      if (ConvergenceTests.smallGradient(Vectors.norm(searchGradient), f, tol)) {
        return done(x, history, ConvergenceTests.gradientReason(tol, orthantWise), true);
      }
      if (k == maxIter) {
        return done(x, history, ConvergenceTests.maxIterReason(maxIter), false);
      }
      if (checkpoints.isDue(k)) {
        checkpoints.save(capture(k, x, f, g, pairs, history));
      }
    }
  }

  /**
   * Rejects a starting point where the objective or its gradient is NaN or infinite: no step can
   * make progress from there, and continuing would only spread NaN into the model.
   */
  private static void requireFiniteStart(double objective, double[] gradient) {
    if (!Double.isFinite(objective)) {
      throw new DivergenceException(
          "Objective value is " + objective + " at iteration 0 (the starting point); "
              + "check the input data and the initial weights");
    }
    int bad = Vectors.firstNonFinite(gradient);
    if (bad >= 0) {
      throw new DivergenceException(
          "Gradient is non-finite at iteration 0 (the starting point): component " + bad + " is "
              + gradient[bad] + "; check the input data and the initial weights");
    }
  }

  private static LbfgsState capture(int k, double[] x, double f, double[] g, LbfgsMemory pairs,
      ObjectiveHistory history) {
    double[][][] saved = pairs.pairs();
    double[][] s = new double[saved.length][];
    double[][] y = new double[saved.length][];
    for (int i = 0; i < saved.length; i++) {
      s[i] = saved[i][0];
      y[i] = saved[i][1];
    }
    return new LbfgsState(k, x.clone(), f, g.clone(), s, y, history.toArray());
  }

  /**
   * The quasi-Newton direction, sign-constrained under OWL-QN; falls back to the negative
   * (pseudo-)gradient with a cleared memory when it is not a descent direction, which rounding
   * or the sign constraint can cause.
   */
  private static double[] direction(
      LbfgsMemory pairs, double[] gradient, Regularization reg, boolean orthantWise) {
    double[] d = pairs.direction(gradient);
    if (orthantWise) {
      PseudoGradient.constrainDirection(d, gradient, reg);
    }
    if (!(Vectors.dot(d, gradient) < 0)) {
      pairs.clear();
      d = Vectors.negate(gradient);
      if (orthantWise) {
        PseudoGradient.constrainDirection(d, gradient, reg);
      }
    }
    return d;
  }

  private static OptimizationResult done(
      double[] x, ObjectiveHistory history, String reason, boolean converged) {
    return new OptimizationResult(x, history.toArray(), reason, converged);
  }
}
