package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientDescentOptimizerTest {

  private static final double[] C = {3, -2, 0.5, -0.3};

  @Test
  void convergesOnAQuadraticWithASmallStep() {
    int n = 6;
    double[] solution = {1, -1, 2, 0.5, -0.25, 3};
    double[][] a = TestFunctions.randomSpd(n, 10, 5);
    TestFunctions.Counting f =
        new TestFunctions.Counting(TestFunctions.shiftedQuadratic(a, solution));

    // Largest eigenvalue 10, so 0.05 < 1/L.
    OptimizationResult r = new GradientDescentOptimizer(10_000, 1e-15, 0.05)
        .minimize(f, new double[n], Regularization.none(), IterationListener.NONE);

    assertTrue(r.converged(), r.stopReason());
    assertTrue(TestFunctions.maxAbsDiff(r.x(), solution) < 1e-5,
        "max error " + TestFunctions.maxAbsDiff(r.x(), solution));
    double[] h = r.objectiveHistory();
    for (int k = 1; k < h.length; k++) {
      assertTrue(h[k] <= h[k - 1], "objective increased at iteration " + k);
    }
  }

  @Test
  void costsExactlyOneEvaluationPerIterationAndRecordsTheFinalObjective() {
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.distanceTo(C));

    OptimizationResult r = new GradientDescentOptimizer(7, 0, 0.1)
        .minimize(f, new double[4], Regularization.none(), IterationListener.NONE);

    assertEquals(7, r.iterations());
    assertEquals(8, f.calls);
    assertEquals("reached maxIter=7", r.stopReason());
    assertFalse(r.converged());
    // x_k = c (1 - 0.9^k): the last history entry is the objective at the returned point.
    double shrink = Math.pow(0.9, 7);
    double[] h = r.objectiveHistory();
    double expected = 0;
    for (int i = 0; i < C.length; i++) {
      assertEquals(C[i] * (1 - shrink), r.x()[i], 1e-12);
      expected += 0.5 * (C[i] * shrink) * (C[i] * shrink);
    }
    assertEquals(expected, h[7], 1e-12);
  }

  @Test
  void l2ShrinksPenalisedCoordinatesOnly() {
    boolean[] penalised = {true, false, true, false};
    OptimizationResult r = new GradientDescentOptimizer(5_000, 1e-16, 0.5).minimize(
        TestFunctions.distanceTo(C), new double[4], new Regularization(1.0, 0.0, penalised),
        IterationListener.NONE);

    for (int i = 0; i < C.length; i++) {
      assertEquals(penalised[i] ? C[i] / 2 : C[i], r.x()[i], 1e-7, "coordinate " + i);
    }
  }

  @Test
  void l1ProximalStepGivesExactZeros() {
    double l1 = 0.6;
    boolean[] penalised = {true, true, true, false};
    OptimizationResult r = new GradientDescentOptimizer(2_000, 1e-16, 0.5).minimize(
        TestFunctions.distanceTo(C), new double[] {1, 1, 1, 1},
        new Regularization(l1, 1.0, penalised), IterationListener.NONE);

    assertEquals(2.4, r.x()[0], 1e-8);
    assertEquals(-1.4, r.x()[1], 1e-8);
    assertEquals(0.0, r.x()[2], 0.0);
    assertEquals(-0.3, r.x()[3], 1e-8);
  }

  @Test
  void tooLargeStepThrowsNamingTheStepSize() {
    double[][] a = TestFunctions.randomSpd(4, 10, 9);
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new GradientDescentOptimizer(10_000, 1e-9, 1.0).minimize(
            TestFunctions.shiftedQuadratic(a, C), new double[4], Regularization.none(),
            IterationListener.NONE));

    assertTrue(e.getMessage().contains("stepSize=1.0"), e.getMessage());
    assertTrue(e.getMessage().contains("smaller stepSize"), e.getMessage());
    assertTrue(e.getMessage().contains("iteration"), e.getMessage());
  }

  @Test
  void infiniteObjectiveAfterAStepThrowsNamingTheStepSize() {
    DifferentiableFunction overflowing = (x, g) -> {
      g[0] = 1;
      return x[0] < -5 ? Double.POSITIVE_INFINITY : x[0];
    };

    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new GradientDescentOptimizer(100, 0, 10.0).minimize(
            overflowing, new double[1], Regularization.none(), IterationListener.NONE));

    assertEquals("Training diverged at iteration 1: the objective became Infinity with "
        + "stepSize=10.0; set a smaller stepSize (e.g. 1.0)", e.getMessage());
  }

  @Test
  void nonFiniteStartThrows() {
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new GradientDescentOptimizer(10, 0, 0.1).minimize(
            (x, g) -> Double.NaN, new double[2], Regularization.none(), IterationListener.NONE));

    assertTrue(e.getMessage().contains("Objective value is NaN at iteration 0"), e.getMessage());
  }

  @Test
  void listenerSeesIterationsInOrderAndCanStop() {
    List<Integer> seen = new ArrayList<>();
    OptimizationResult r = new GradientDescentOptimizer(100, 0, 0.1).minimize(
        TestFunctions.distanceTo(C), new double[4], Regularization.none(),
        (k, f, x) -> {
          seen.add(k);
          return k < 4;
        });

    assertEquals(List.of(1, 2, 3, 4), seen);
    assertEquals(4, r.iterations());
    assertEquals("stopped by listener", r.stopReason());
    assertFalse(r.converged());
  }

  @Test
  void toleranceStopsWhenRelativeDecreaseIsSmall() {
    double tol = 1e-4;
    OptimizationResult r = new GradientDescentOptimizer(10_000, tol, 0.1).minimize(
        TestFunctions.distanceTo(C), new double[4], Regularization.none(), IterationListener.NONE);

    assertTrue(r.converged());
    double[] h = r.objectiveHistory();
    int k = h.length - 1;
    assertTrue(Math.abs(h[k - 1] - h[k]) / Math.max(Math.max(h[k - 1], h[k]), 1) < tol);
    for (int j = 1; j < k; j++) {
      assertTrue(Math.abs(h[j - 1] - h[j]) / Math.max(Math.max(h[j - 1], h[j]), 1) >= tol);
    }
  }

  @Test
  void isDeterministic() {
    Regularization reg = new Regularization(0.2, 0.5, null);
    OptimizationResult a = new GradientDescentOptimizer(300, 0, 1e-3).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(4), reg, IterationListener.NONE);
    OptimizationResult b = new GradientDescentOptimizer(300, 0, 1e-3).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(4), reg, IterationListener.NONE);

    assertArrayEquals(a.x(), b.x());
    assertArrayEquals(a.objectiveHistory(), b.objectiveHistory());
  }

  @Test
  void rejectsInvalidArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GradientDescentOptimizer(10, 0, 0));
    assertTrue(e.getMessage().contains("stepSize") && e.getMessage().contains("0.0"));
    e = assertThrows(IllegalArgumentException.class,
        () -> new GradientDescentOptimizer(10, 0, Double.POSITIVE_INFINITY));
    assertTrue(e.getMessage().contains("stepSize") && e.getMessage().contains("Infinity"));
    e = assertThrows(IllegalArgumentException.class,
        () -> new GradientDescentOptimizer(-3, 0, 0.1));
    assertTrue(e.getMessage().contains("maxIter") && e.getMessage().contains("-3"));
    e = assertThrows(IllegalArgumentException.class,
        () -> new GradientDescentOptimizer(10, -1, 0.1));
    assertTrue(e.getMessage().contains("tol") && e.getMessage().contains("-1.0"));
  }
}
