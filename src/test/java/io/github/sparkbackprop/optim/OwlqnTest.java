package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link LbfgsOptimizer} with an L1 term, which switches it to OWL-QN. */
class OwlqnTest {

  private static final double[] C = {3, -2, 0.5, -0.3, 0.05, 1.2, -0.9, 0.0};

  private static double softThreshold(double v, double t) {
    return v > t ? v - t : (v < -t ? v + t : 0.0);
  }

  @Test
  void separableLassoGivesSoftThresholdWithExactZeros() {
    double l1 = 0.6;
    Regularization reg = new Regularization(l1, 1.0, null);
    // Start on the wrong side of zero for several coordinates so they must cross it.
    double[] x0 = {-1, 1, -1, 1, -1, -1, 1, 1};

    OptimizationResult r = new LbfgsOptimizer(200, 1e-12, 10)
        .minimize(TestFunctions.distanceTo(C), x0, reg, IterationListener.NONE);

    for (int i = 0; i < C.length; i++) {
      double expected = softThreshold(C[i], l1);
      if (expected == 0) {
        assertEquals(0.0, r.x()[i], 0.0, "coordinate " + i + " must be exactly zero");
      } else {
        assertEquals(expected, r.x()[i], 1e-8, "coordinate " + i);
      }
    }
    assertTrue(r.converged(), r.stopReason());
    assertNonIncreasing(r.objectiveHistory());
  }

  @Test
  void unpenalisedCoordinatesAreNotThresholded() {
    double l1 = 0.6;
    boolean[] penalised = {true, true, true, false, false, true, true, true};
    Regularization reg = new Regularization(l1, 1.0, penalised);

    OptimizationResult r = new LbfgsOptimizer(200, 1e-12, 10)
        .minimize(TestFunctions.distanceTo(C), new double[C.length], reg, IterationListener.NONE);

    for (int i = 0; i < C.length; i++) {
      double expected = penalised[i] ? softThreshold(C[i], l1) : C[i];
      assertEquals(expected, r.x()[i], 1e-8, "coordinate " + i);
      if (expected == 0) {
        assertEquals(0.0, r.x()[i], 0.0, "coordinate " + i + " must be exactly zero");
      }
    }
    assertNotEquals(0.0, r.x()[3]);
    assertNotEquals(0.0, r.x()[4]);
  }

  @Test
  void elasticNetCombinesShrinkageAndThresholding() {
    // regParam 1, elasticNetParam 0.5: l1 = l2 = 0.5, minimiser soft(c, l1) / (1 + l2).
    Regularization reg = new Regularization(1.0, 0.5, null);

    OptimizationResult r = new LbfgsOptimizer(200, 1e-12, 10)
        .minimize(TestFunctions.distanceTo(C), TestFunctions.filled(C.length, 1),
            reg, IterationListener.NONE);

    for (int i = 0; i < C.length; i++) {
      double expected = softThreshold(C[i], 0.5) / 1.5;
      assertEquals(expected, r.x()[i], 1e-8, "coordinate " + i);
      if (expected == 0) {
        assertEquals(0.0, r.x()[i], 0.0);
      }
    }
  }

  @Test
  void nonSeparableLassoMatchesLongIstaRun() {
    int m = 40;
    int n = 12;
    double[][] a = TestFunctions.randomMatrix(m, n, 3);
    // The last column is an unpenalised intercept.
    for (double[] row : a) {
      row[n - 1] = 1.0;
    }
    double[] truth = {2, 0, 0, -1.5, 0, 0.8, 0, 0, 0.1, 0, -0.05, 0.7};
    java.util.Random noise = new java.util.Random(11);
    double[] b = new double[m];
    for (int r = 0; r < m; r++) {
      for (int j = 0; j < n; j++) {
        b[r] += a[r][j] * truth[j];
      }
      b[r] += 0.3 * noise.nextGaussian();
    }
    boolean[] penalised = new boolean[n];
    Arrays.fill(penalised, true);
    penalised[n - 1] = false;
    Regularization reg = new Regularization(0.15, 1.0, penalised);
    DifferentiableFunction f = TestFunctions.leastSquares(a, b);

    // ISTA with step 1/L, L = largest eigenvalue of A'A/m, bounded by the squared Frobenius norm.
    double frobenius = 0;
    for (double[] row : a) {
      for (double v : row) {
        frobenius += v * v;
      }
    }
    double step = m / frobenius;
    // The reference: 200,000 steps of proximal gradient descent (ISTA) with the library's
    // plain-gd update rule, which converges to the lasso solution at this step size.
    double[] istaX = new double[n];
    double[] g = new double[n];
    MomentumUpdate gd = new MomentumUpdate(0, false);
    gd.initialize(n);
    for (int k = 0; k < 200_000; k++) {
      f.evaluate(istaX, g);
      gd.step(istaX, g, step, reg);
    }
    OptimizationResult ista = new OptimizationResult(istaX, new double[] {0}, "ista", false);
    TestFunctions.Counting counted = new TestFunctions.Counting(f);
    OptimizationResult owlqn = new LbfgsOptimizer(500, 1e-14, 10)
        .minimize(counted, new double[n], reg, IterationListener.NONE);

    assertTrue(TestFunctions.maxAbsDiff(ista.x(), owlqn.x()) < 1e-6,
        "ISTA " + Arrays.toString(ista.x()) + "\nOWL-QN " + Arrays.toString(owlqn.x()));
    int zeros = 0;
    for (int j = 0; j < n; j++) {
      if (ista.x()[j] == 0.0) {
        zeros++;
        assertEquals(0.0, owlqn.x()[j], 0.0, "coordinate " + j + " must be exactly zero");
      }
    }
    assertTrue(zeros >= 3, "the test needs a sparse solution, zeros: " + zeros);
    assertTrue(counted.calls < 300, "evaluations " + counted.calls);
    assertNonIncreasing(owlqn.objectiveHistory());
  }

  @Test
  void stopsImmediatelyWhenZeroIsOptimal() {
    // |c_i| < l1 everywhere: the pseudo-gradient at 0 is exactly zero.
    double[] c = {0.1, -0.2, 0.3};
    TestFunctions.Counting f = new TestFunctions.Counting(TestFunctions.distanceTo(c));

    OptimizationResult r = new LbfgsOptimizer(100, 0, 10)
        .minimize(f, new double[3], new Regularization(0.5, 1.0, null), IterationListener.NONE);

    assertEquals(0, r.iterations());
    assertTrue(r.converged());
    assertTrue(r.stopReason().contains("pseudo-gradient"), r.stopReason());
    assertEquals(1, f.calls);
  }

  @Test
  void isDeterministic() {
    Regularization reg = new Regularization(0.3, 0.7, null);
    OptimizationResult a = new LbfgsOptimizer(100, 1e-12, 4).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(6), reg, IterationListener.NONE);
    OptimizationResult b = new LbfgsOptimizer(100, 1e-12, 4).minimize(
        TestFunctions.rosenbrock(), TestFunctions.rosenbrockStart(6), reg, IterationListener.NONE);

    assertArrayEquals(a.x(), b.x());
    assertArrayEquals(a.objectiveHistory(), b.objectiveHistory());
  }

  @Test
  void listenerCanStopOwlqn() {
    OptimizationResult r = new LbfgsOptimizer(100, 1e-12, 10).minimize(
        TestFunctions.distanceTo(C), TestFunctions.filled(C.length, 1),
        new Regularization(0.6, 1.0, null), (k, f, x) -> k < 2);

    assertEquals(2, r.iterations());
    assertEquals("stopped by listener", r.stopReason());
  }

  private static void assertNonIncreasing(double[] h) {
    for (int k = 1; k < h.length; k++) {
      assertTrue(h[k] <= h[k - 1], "objective increased at iteration " + k);
    }
  }
}
