package io.github.sparkbackprop.optim;

import java.util.Arrays;

/**
 * The backtracking line search of OWL-QN (Andrew and Gao 2007): each trial point is projected
 * onto the chosen orthant, and accepted when it satisfies the Armijo condition measured with the
 * pseudo-gradient, {@code f(x') <= f(x) + C1 * pg . (x' - x)}.
 *
 * <p>Steps shrink by safeguarded quadratic interpolation, or by a factor 10 after a NaN or
 * infinite trial value (treated as a step that went too far). The search is capped at a fixed
 * number of evaluations; when they run out, the lowest trial point is still accepted if it is
 * strictly below the starting value.
 */
final class OrthantWiseLineSearch {

  /** Sufficient-decrease constant of the Armijo condition. */
  static final double C1 = 1e-4;

  /** Bounds on the backtracking factor, so one bad interpolation cannot stall or skip steps. */
  private static final double MIN_SHRINK = 0.1;
  private static final double MAX_SHRINK = 0.5;

  private final int maxEvaluations;

  OrthantWiseLineSearch(int maxEvaluations) {
    this.maxEvaluations = maxEvaluations;
  }

  /**
   * Searches along {@code d} from {@code x}, within the orthant chosen from {@code x} and
   * {@code pg}.
   *
   * @param f0 objective at {@code x}, L1 included
   * @param pg pseudo-gradient at {@code x}; {@code pg . d} must be negative
   * @param d search direction, already sign-constrained
   * @param alpha0 first trial step
   */
  LineSearchResult search(
      RegularizedObjective objective,
      double[] x,
      double f0,
      double[] pg,
      double[] d,
      double alpha0) {
    Regularization reg = objective.regularization();
    double[] orthant = PseudoGradient.orthant(x, pg, reg);
    double slope = Vectors.dot(pg, d);
    double[] bestX = null;
    double[] bestGradient = null;
    double bestValue = f0;
    boolean anyFinite = false;

    double alpha = alpha0;
    for (int evaluation = 0; evaluation < maxEvaluations; evaluation++) {
      double[] xt = Vectors.step(x, alpha, d);
      PseudoGradient.project(xt, orthant, reg);
      if (Arrays.equals(xt, x)) {
        // The step is below rounding: no new point left to try.
        break;
      }
      double[] gt = new double[xt.length];
      double ft = objective.evaluate(xt, gt);
      if (!Double.isFinite(ft) || Vectors.firstNonFinite(gt) >= 0) {
        alpha *= MIN_SHRINK;
        continue;
      }
      anyFinite = true;
      if (ft <= f0 + C1 * Vectors.dot(pg, Vectors.subtract(xt, x))) {
        return LineSearchResult.accepted(xt, ft, gt);
      }
      if (ft < bestValue) {
        bestX = xt;
        bestGradient = gt;
        bestValue = ft;
      }
      alpha *= backtrackFactor(f0, slope, alpha, ft);
    }
    return bestX != null
        ? LineSearchResult.accepted(bestX, bestValue, bestGradient)
        : LineSearchResult.failed(anyFinite);
  }

  /**
   * Ratio of the minimiser of the quadratic through {@code f0}, slope {@code slope} at 0 and
   * {@code ft} at {@code alpha}, to {@code alpha}; clamped to [0.1, 0.5].
   */
  private static double backtrackFactor(double f0, double slope, double alpha, double ft) {
    double curvature = ft - f0 - slope * alpha;
    double factor = curvature > 0 ? -slope * alpha / (2 * curvature) : MAX_SHRINK;
    if (!Double.isFinite(factor)) {
      factor = MAX_SHRINK;
    }
    return Math.max(MIN_SHRINK, Math.min(MAX_SHRINK, factor));
  }
}
