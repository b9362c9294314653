package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsOptimizerTest {

  private static final Regularization NONE = Regularization.none();

  private static double[] sines(int n) {
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      c[i] = Math.sin(i + 1);
    }
    return c;
  }

  @Test
  void wellConditionedQuadraticNeedsAboutNIterations() {
    int n = 10;
    double[] solution = sines(n);
    TestFunctions.Counting f = new TestFunctions.Counting(
        TestFunctions.shiftedQuadratic(TestFunctions.randomSpd(n, 2, 42), solution));

    // tol = 0: the run lasts exactly maxIter iterations, so this checks the error after n + 3.
    OptimizationResult r =
        new LbfgsOptimizer(n + 3, 0, 10).minimize(f, new double[n], NONE, IterationListener.NONE);

    assertTrue(TestFunctions.maxAbsDiff(r.x(), solution) < 1e-8,
        "max error " + TestFunctions.maxAbsDiff(r.x(), solution));
    assertEquals(n + 3, r.iterations());
    assertTrue(f.calls <= r.iterations() + 3, "evaluations " + f.calls);
  }

  @Test
  void illConditionedQuadraticConvergesTo1e8() {
    // With inexact (Wolfe) line searches L-BFGS has no n-step termination; ~2-3n iterations is
    // what reference implementations (e.g. L-BFGS-B) need at condition number 100.
    int n = 10;
    double[] solution = sines(n);
    TestFunctions.Counting f = new TestFunctions.Counting(
        TestFunctions.shiftedQuadratic(TestFunctions.randomSpd(n, 100, 7), solution));

    OptimizationResult r = new LbfgsOptimizer(3 * n + 5, 0, 10)
        .minimize(f, new double[n], NONE, IterationListener.NONE);

    assertTrue(TestFunctions.maxAbsDiff(r.x(), solution) < 1e-8,
        "max error " + TestFunctions.maxAbsDiff(r.x(), solution));
    assertTrue(f.calls <= r.iterations() + 10, "evaluations " + f.calls);
  }

  @Test
  void minimisesRosenbrock2dWithFewEvaluations() {
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.rosenbrock());

    OptimizationResult r = new LbfgsOptimizer(1000, 1e-14, 10)
        .minimize(f, TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);

    assertTrue(TestFunctions.maxAbsDiff(r.x(), TestFunctions.filled(2, 1)) < 1e-5,
        "x = " + java.util.Arrays.toString(r.x()));
    assertTrue(f.calls < 100, "evaluations " + f.calls);
    assertTrue(r.converged(), r.stopReason());
    assertHistoryConsistent(r);
  }

  @Test
  void minimisesRosenbrock10d() {
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.rosenbrock());

    OptimizationResult r = new LbfgsOptimizer(1000, 1e-14, 10)
        .minimize(f, TestFunctions.rosenbrockStart(10), NONE, IterationListener.NONE);

    assertTrue(TestFunctions.maxAbsDiff(r.x(), TestFunctions.filled(10, 1)) < 1e-5,
        "x = " + java.util.Arrays.toString(r.x()));
    assertTrue(f.calls < 150, "evaluations " + f.calls);
    assertHistoryConsistent(r);
  }

  @Test
  void neverEvaluatesTheSamePointTwice() {
    List<double[]> points = new ArrayList<>();
    DifferentiableFunction rosenbrock = TestFunctions.rosenbrock();
    DifferentiableFunction recording = (x, g) -> {
      points.add(x.clone());
      return rosenbrock.evaluate(x, g);
    };

    OptimizationResult r = new LbfgsOptimizer(1000, 1e-14, 10)
        .minimize(recording, TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);

    for (int i = 0; i < points.size(); i++) {
      for (int j = 0; j < i; j++) {
        assertFalse(java.util.Arrays.equals(points.get(i), points.get(j)),
            "evaluations " + j + " and " + i + " are the same point");
      }
    }
    // Each iteration needs at least one evaluation, the start one more.
    assertTrue(points.size() >= r.iterations() + 1);
  }

  @Test
  void doesNotModifyStartingPoint() {
    double[] x0 = TestFunctions.rosenbrockStart(4);
    double[] copy = x0.clone();

    new LbfgsOptimizer(50, 1e-9, 10)
        .minimize(TestFunctions.rosenbrock(), x0, NONE, IterationListener.NONE);

    assertArrayEquals(copy, x0);
  }

  @Test
  void stopsAtMaxIter() {
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.rosenbrock());

    OptimizationResult r = new LbfgsOptimizer(5, 1e-9, 10)
        .minimize(f, TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);

    assertEquals(5, r.iterations());
    assertEquals(6, r.objectiveHistory().length);
    assertFalse(r.converged());
    assertEquals("reached maxIter=5", r.stopReason());
  }

  @Test
  void maxIterZeroOnlyEvaluatesTheStart() {
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.rosenbrock());
    double[] x0 = TestFunctions.rosenbrockStart(2);

    OptimizationResult r = new LbfgsOptimizer(0, 1e-9, 10)
        .minimize(f, x0, NONE, IterationListener.NONE);

    assertEquals(0, r.iterations());
    assertEquals(1, f.calls);
    assertArrayEquals(x0, r.x());
    assertEquals(24.2, r.objectiveHistory()[0], 1e-12);
  }

  @Test
  void looseTolStopsEarlyByTheRelativeDecreaseRule() {
    double tol = 1e-3;
    OptimizationResult loose = new LbfgsOptimizer(1000, tol, 10).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);
    OptimizationResult tight = new LbfgsOptimizer(1000, 1e-14, 10).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);

    assertTrue(loose.converged());
    assertTrue(loose.iterations() < tight.iterations());
    double[] h = loose.objectiveHistory();
    int k = h.length - 1;
    // The rule fired at the last iteration and at no earlier one.
    assertTrue(relativeDecrease(h[k - 1], h[k]) < tol || loose.stopReason().contains("gradient"));
    for (int j = 1; j < k; j++) {
      assertTrue(relativeDecrease(h[j - 1], h[j]) >= tol, "should have stopped at " + j);
    }
  }

  private static double relativeDecrease(double previous, double current) {
    return Math.abs(previous - current)
        / Math.max(Math.max(Math.abs(previous), Math.abs(current)), 1);
  }

  @Test
  void zeroTolRunsToMaxIter() {
    OptimizationResult r = new LbfgsOptimizer(20, 0, 10).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);

    assertEquals(20, r.iterations());
    assertFalse(r.converged());
  }

  @Test
  void gradientRuleStopsAtAnExactMinimumAtTheStart() {
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.rosenbrock());

    OptimizationResult r = new LbfgsOptimizer(100, 0, 10)
        .minimize(f, TestFunctions.filled(2, 1), NONE, IterationListener.NONE);

    assertEquals(0, r.iterations());
    assertTrue(r.converged());
    assertTrue(r.stopReason().contains("gradient"), r.stopReason());
    assertEquals(1, f.calls);
  }

  @Test
  void listenerSeesIterationsInOrderAndCanStop() {
    List<Integer> seen = new ArrayList<>();
    List<Double> objectives = new ArrayList<>();
    double[][] lastX = new double[1][];
    IterationListener stopAtThree = (iteration, objective, x) -> {
      seen.add(iteration);
      objectives.add(objective);
      lastX[0] = x.clone();
      return iteration < 3;
    };

    OptimizationResult r = new LbfgsOptimizer(100, 1e-12, 10).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(2), NONE, stopAtThree);

    assertEquals(List.of(1, 2, 3), seen);
    assertEquals(3, r.iterations());
    assertEquals("stopped by listener", r.stopReason());
    assertFalse(r.converged());
    double[] h = r.objectiveHistory();
    for (int k = 1; k <= 3; k++) {
      assertEquals(h[k], objectives.get(k - 1), 0.0);
    }
    assertArrayEquals(lastX[0], r.x(), 0.0);
  }

  @Test
  void listenerSeesEveryIterationOfAFullRun() {
    List<Integer> seen = new ArrayList<>();

    OptimizationResult r = new LbfgsOptimizer(100, 1e-12, 10).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(2), NONE,
        (iteration, objective, x) -> seen.add(iteration));

    assertEquals(r.iterations(), seen.size());
    for (int k = 0; k < seen.size(); k++) {
      assertEquals(k + 1, seen.get(k));
    }
  }

  @Test
  void l2ShrinksPenalisedCoordinatesOnly() {
    double[] c = {3, -2, 1.5, 4};
    boolean[] penalised = {true, false, true, false};
    double l2 = 0.5;
    Regularization reg = new Regularization(l2, 0, penalised);

    OptimizationResult r = new LbfgsOptimizer(100, 1e-14, 10)
        .minimize(TestFunctions.distanceTo(c), new double[4], reg, IterationListener.NONE);

    for (int i = 0; i < c.length; i++) {
      double expected = penalised[i] ? c[i] / (1 + l2) : c[i];
      assertEquals(expected, r.x()[i], 1e-8, "coordinate " + i);
    }
    double[] h = r.objectiveHistory();
    assertEquals(0.5 * 31.25, h[0], 1e-12);
    // The objective includes the penalty: at the optimum f = sum over penalised l2/(2(1+l2)) c^2.
    double expectedMin = 0.5 * l2 / (1 + l2) * (9 + 2.25);
    assertEquals(expectedMin, h[h.length - 1], 1e-10);
  }

  @Test
  void isDeterministic() {
    OptimizationResult a = new LbfgsOptimizer(200, 1e-12, 5).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(10), NONE, IterationListener.NONE);
    OptimizationResult b = new LbfgsOptimizer(200, 1e-12, 5).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(10), NONE, IterationListener.NONE);

    assertArrayEquals(a.x(), b.x());
    assertArrayEquals(a.objectiveHistory(), b.objectiveHistory());
    assertEquals(a.stopReason(), b.stopReason());
  }

  @Test
  void smallMemoryStillConverges() {
    OptimizationResult r = new LbfgsOptimizer(2000, 1e-14, 1).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(2), NONE, IterationListener.NONE);

    assertTrue(TestFunctions.maxAbsDiff(r.x(), TestFunctions.filled(2, 1)) < 1e-5);
  }

  @Test
  void stopsWithoutWorseningWhenNoStepDecreasesTheObjective() {
    // The reported gradient points the wrong way, so every step along -g goes uphill.
    DifferentiableFunction wrongGradient = (x, g) -> {
      g[0] = -2 * x[0];
      return x[0] * x[0];
    };
    double[] x0 = {1.0};

    OptimizationResult r =
        new LbfgsOptimizer(100, 1e-9, 10).minimize(wrongGradient, x0, NONE, IterationListener.NONE);

    assertEquals("line search could not make progress", r.stopReason());
    assertFalse(r.converged());
    assertEquals(0, r.iterations());
    assertArrayEquals(x0, r.x());
  }

  @Test
  void rejectsInvalidArguments() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new LbfgsOptimizer(-1, 1e-6, 10));
    assertTrue(e.getMessage().contains("maxIter") && e.getMessage().contains("-1"));
    e = assertThrows(IllegalArgumentException.class, () -> new LbfgsOptimizer(10, -1e-6, 10));
    assertTrue(e.getMessage().contains("tol") && e.getMessage().contains("-1.0E-6"));
    e = assertThrows(IllegalArgumentException.class, () -> new LbfgsOptimizer(10, Double.NaN, 10));
    assertTrue(e.getMessage().contains("tol") && e.getMessage().contains("NaN"));
    e = assertThrows(IllegalArgumentException.class, () -> new LbfgsOptimizer(10, 1e-6, 0));
    assertTrue(e.getMessage().contains("memory") && e.getMessage().contains("0"));
  }

  private static void assertHistoryConsistent(OptimizationResult r) {
    double[] h = r.objectiveHistory();
    assertEquals(r.iterations() + 1, h.length);
    for (int k = 1; k < h.length; k++) {
      assertTrue(h[k] <= h[k - 1], "objective increased at iteration " + k);
    }
  }
}
