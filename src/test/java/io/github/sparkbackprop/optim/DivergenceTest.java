package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How {@link LbfgsOptimizer} reacts to NaN and infinite values. */
class DivergenceTest {

  private static final Regularization NONE = Regularization.none();

  @Test
  void nanObjectiveAtStartThrows() {
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new LbfgsOptimizer(10, 1e-6, 10)
            .minimize((x, g) -> Double.NaN, new double[2], NONE, IterationListener.NONE));

    assertTrue(e.getMessage().contains("Objective value is NaN"), e.getMessage());
    assertTrue(e.getMessage().contains("iteration 0"), e.getMessage());
  }

  @Test
  void infiniteGradientAtStartThrows() {
    DifferentiableFunction f = (x, g) -> {
      g[0] = 0;
      g[1] = Double.NEGATIVE_INFINITY;
      return 1.0;
    };

    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new LbfgsOptimizer(10, 1e-6, 10).minimize(f, new double[2], NONE,
            IterationListener.NONE));

    assertTrue(e.getMessage().contains("Gradient"), e.getMessage());
    assertTrue(e.getMessage().contains("component 1"), e.getMessage());
    assertTrue(e.getMessage().contains("iteration 0"), e.getMessage());
  }

  @Test
  void lineSearchBacksOffFromNanRegion() {
    // Pseudo-Huber terms are nearly linear far from the minimum, so the secant curvature is tiny
    // and the quasi-Newton step overshoots into the region where the function returns NaN.
    double[] c = {5, -4};
    int[] nanCalls = {0};
    DifferentiableFunction f = pseudoHuberWithNanBeyond10(c, nanCalls);

    OptimizationResult r = new LbfgsOptimizer(200, 1e-14, 10)
        .minimize(f, new double[] {-8, 8}, NONE, IterationListener.NONE);

    assertTrue(nanCalls[0] > 0, "the test must reach the NaN region");
    assertTrue(TestFunctions.maxAbsDiff(r.x(), c) < 1e-6, java.util.Arrays.toString(r.x()));
    for (double v : r.objectiveHistory()) {
      assertTrue(Double.isFinite(v));
    }
  }

  @Test
  void owlqnLineSearchBacksOffFromNanRegion() {
    double[] c = {5, -4, 0.3};
    int[] nanCalls = {0};
    DifferentiableFunction f = pseudoHuberWithNanBeyond10(c, nanCalls);

    OptimizationResult r = new LbfgsOptimizer(200, 1e-14, 10).minimize(
        f, new double[] {-8, 8, 2}, new Regularization(0.5, 1.0, null), IterationListener.NONE);

    assertTrue(nanCalls[0] > 0, "the test must reach the NaN region");
    // Stationarity r / sqrt(1 + r^2) = -+0.5 gives r = -+1/sqrt(3); |d/dx| < l1 at 0 for c = 0.3.
    assertEquals(5 - 1 / Math.sqrt(3), r.x()[0], 1e-6);
    assertEquals(-4 + 1 / Math.sqrt(3), r.x()[1], 1e-6);
    assertEquals(0.0, r.x()[2], 0.0);
  }

  /** {@code sum sqrt(1 + (x_i - c_i)^2)}, NaN when any {@code |x_i| > 10}. */
  private static DifferentiableFunction pseudoHuberWithNanBeyond10(double[] c, int[] nanCalls) {
    return (x, g) -> {
      double value = 0;
      for (int i = 0; i < x.length; i++) {
        if (Math.abs(x[i]) > 10) {
          nanCalls[0]++;
          java.util.Arrays.fill(g, Double.NaN);
          return Double.NaN;
        }
        double r = x[i] - c[i];
        double s = Math.sqrt(1 + r * r);
        value += s;
        g[i] = r / s;
      }
      return value;
    };
  }

  @Test
  void throwsWhenNoFinitePointCanBeFound() {
    double[] start = {1, 2};
    DifferentiableFunction onlyStartIsFinite = (x, g) -> {
      g[0] = 1;
      g[1] = 1;
      return java.util.Arrays.equals(x, start) ? 0.0 : Double.NaN;
    };

    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new LbfgsOptimizer(10, 1e-6, 10)
            .minimize(onlyStartIsFinite, start, NONE, IterationListener.NONE));

    assertTrue(e.getMessage().contains("iteration 1"), e.getMessage());
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
  }
}
