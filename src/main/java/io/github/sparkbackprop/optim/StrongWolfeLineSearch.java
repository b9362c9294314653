package io.github.sparkbackprop.optim;

import java.util.Arrays;

/**
 * Line search for the strong Wolfe conditions, Nocedal and Wright, Numerical Optimization, 2nd
 * ed., Algorithms 3.5 (bracketing) and 3.6 (zoom), with safeguarded cubic interpolation
 * (N&amp;W eq. 3.59) falling back to quadratic interpolation and bisection.
 *
 * <p>Each evaluation is a pass over the data, so the search is capped at a fixed number of
 * evaluations, keeps every evaluated point so the accepted one is returned with its gradient, and
 * never evaluates a point it already has. A trial point with a NaN or infinite value or gradient
 * is treated as a step that went too far. When the budget runs out without a Wolfe point, the
 * lowest evaluated point is still accepted if it is strictly below the starting value, since
 * that is progress the caller would otherwise throw away.
 */
final class StrongWolfeLineSearch {

  /** Sufficient-decrease constant of the Armijo condition. */
  static final double C1 = 1e-4;
  /** Curvature constant; 0.9 is the usual choice for quasi-Newton directions (N&amp;W p. 142). */
  static final double C2 = 0.9;

  /** A zoom interval this narrow (relative to its end points) cannot yield a new point. */
  private static final double MIN_RELATIVE_WIDTH = 1e-12;
  /** Step shrink factor towards the good end when the far end was NaN or infinite. */
  private static final double NON_FINITE_SHRINK = 0.1;
  /** Interpolated steps are kept this fraction of the interval away from its ends. */
  private static final double SAFEGUARD = 0.1;
  /** Bounds on the extrapolated step, in multiples of the last step increase. */
  private static final double MIN_EXPANSION = 1.0;
  private static final double MAX_EXPANSION = 10.0;

  private final int maxEvaluations;

  // State of one search.
  private RegularizedObjective objective;
  private double[] direction;
  private TrialPoint origin;
  private TrialPoint best;
  private boolean anyFinite;
  private int evaluations;

  StrongWolfeLineSearch(int maxEvaluations) {
    this.maxEvaluations = maxEvaluations;
  }

  /**
   * Searches along {@code d} from {@code x}.
   *
   * @param f0 objective at {@code x}
   * @param g0 gradient at {@code x}; {@code g0 . d} must be negative
   * @param alpha0 first trial step
   */
  LineSearchResult search(
      RegularizedObjective objective,
      double[] x,
      double f0,
      double[] g0,
      double[] d,
      double alpha0) {
    this.objective = objective;
    this.direction = d;
    this.origin = new TrialPoint(0.0, x, f0, g0, d);
    this.best = null;
    this.anyFinite = false;
    this.evaluations = 0;

    TrialPoint previous = origin;
    double alpha = alpha0;
    while (evaluations < maxEvaluations) {
      TrialPoint t = evaluate(alpha, previous, previous);
      if (t == null) {
        break;
      }
      if (!t.finite
          || t.value > armijoBound(t.alpha)
          || (previous != origin && t.value >= previous.value)) {
        return zoom(previous, t);
      }
      if (Math.abs(t.slope) <= -C2 * origin.slope) {
        return LineSearchResult.accepted(t.x, t.value, t.gradient);
      }
      if (t.slope >= 0) {
        return zoom(t, previous);
      }
      alpha = extrapolate(previous, t);
      previous = t;
    }
    return giveUp();
  }

  /** N&amp;W Algorithm 3.6: {@code lo} satisfies sufficient decrease, the minimiser lies between. */
  private LineSearchResult zoom(TrialPoint lo, TrialPoint hi) {
    while (evaluations < maxEvaluations) {
      double width = Math.abs(hi.alpha - lo.alpha);
      if (width <= MIN_RELATIVE_WIDTH * Math.max(Math.abs(hi.alpha), Math.abs(lo.alpha))) {
        break;
      }
      TrialPoint t = evaluate(interpolate(lo, hi), lo, hi);
      if (t == null) {
        break;
      }
      if (!t.finite || t.value > armijoBound(t.alpha) || t.value >= lo.value) {
        hi = t;
      } else {
        if (Math.abs(t.slope) <= -C2 * origin.slope) {
          return LineSearchResult.accepted(t.x, t.value, t.gradient);
        }
        if (t.slope * (hi.alpha - lo.alpha) >= 0) {
          hi = lo;
        }
        lo = t;
      }
    }
    return giveUp();
  }

  private double armijoBound(double alpha) {
    return origin.value + C1 * alpha * origin.slope;
  }

  /**
   * Evaluates the objective at {@code x + alpha d}, or returns null when rounding makes that the
   * same point as one of the two given ones (evaluating it again would be a wasted data pass).
   */
  private TrialPoint evaluate(double alpha, TrialPoint a, TrialPoint b) {
    double[] xt = Vectors.step(origin.x, alpha, direction);
    if (Arrays.equals(xt, a.x) || Arrays.equals(xt, b.x) || Arrays.equals(xt, origin.x)) {
      return null;
    }
    double[] gt = new double[xt.length];
    double ft = objective.evaluate(xt, gt);
    evaluations++;
    TrialPoint t = new TrialPoint(alpha, xt, ft, gt, direction);
    if (t.finite) {
      anyFinite = true;
      if (t.value < origin.value && (best == null || t.value < best.value)) {
        best = t;
      }
    }
    return t;
  }

  private LineSearchResult giveUp() {
    if (best != null) {
      return LineSearchResult.accepted(best.x, best.value, best.gradient);
    }
    return LineSearchResult.failed(anyFinite);
  }

  /** A step inside the zoom interval, kept away from its ends so the interval shrinks. */
  private static double interpolate(TrialPoint lo, TrialPoint hi) {
    double a = lo.alpha;
    double b = hi.alpha;
    if (!hi.finite) {
      return a + NON_FINITE_SHRINK * (b - a);
    }
    double c = cubicMinimizer(a, lo.value, lo.slope, b, hi.value, hi.slope);
    if (!Double.isFinite(c)) {
      c = quadraticMinimizer(a, lo.value, lo.slope, b, hi.value);
    }
    if (!Double.isFinite(c)) {
      c = 0.5 * (a + b);
    }
    double left = Math.min(a, b);
    double width = Math.abs(b - a);
    return clamp(c, left + SAFEGUARD * width, left + (1 - SAFEGUARD) * width);
  }

  /** The next, longer trial step of the bracketing phase. */
  private static double extrapolate(TrialPoint previous, TrialPoint current) {
    double increase = current.alpha - previous.alpha;
    double lower = current.alpha + MIN_EXPANSION * increase;
    double upper = current.alpha + MAX_EXPANSION * increase;
    double c = cubicMinimizer(
        previous.alpha, previous.value, previous.slope,
        current.alpha, current.value, current.slope);
    return Double.isFinite(c) ? clamp(c, lower, upper) : lower;
  }

  /**
   * Minimiser of the cubic interpolating values and slopes at {@code a} and {@code b} (N&amp;W
   * eq. 3.59); NaN when the cubic has no minimiser.
   */
  static double cubicMinimizer(double a, double fa, double ga, double b, double fb, double gb) {
    double d1 = ga + gb - 3 * (fa - fb) / (a - b);
    double discriminant = d1 * d1 - ga * gb;
    if (!(discriminant >= 0)) {
      return Double.NaN;
    }
    double d2 = Math.signum(b - a) * Math.sqrt(discriminant);
    return b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
  }

  /** Minimiser of the quadratic through value and slope at {@code a} and value at {@code b}. */
  static double quadraticMinimizer(double a, double fa, double ga, double b, double fb) {
    double h = b - a;
    double curvature = fb - fa - ga * h;
    if (!(curvature > 0)) {
      return Double.NaN;
    }
    return a - ga * h * h / (2 * curvature);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
