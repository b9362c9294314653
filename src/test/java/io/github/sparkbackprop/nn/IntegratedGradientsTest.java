package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gradient with respect to the inputs against central differences, for every activation and
 * several shapes; integrated gradients' completeness (exact without hidden layers, within 1%
 * with them at the default 50 steps); their independence of how points are blocked; and the
 * single-precision passes against the double ones.
 */
class IntegratedGradientsTest {

  private static final int[][] SHAPES = {{3, 2}, {4, 5, 3}, {6, 7, 5, 4}, {2, 9, 1, 3}};

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation activation : Activation.values()) {
      for (int[] shape : SHAPES) {
        cases.add(Arguments.of(activation, shape));
      }
    }
    return cases.stream();
  }

  private static Topology topology(Activation activation, int[] sizes) {
    return new Topology(sizes, activation, OutputLoss.squaredError());
  }

  private static double[] gaussian(Random random, int n, double scale) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = scale * random.nextGaussian();
    }
    return v;
  }

  /** {@code sum_k c_k raw_k(x)} of one row, in double. */
  private static double explained(Topology topology, double[] w, double[] x, double[] c) {
    double[] raw = new double[topology.numOutputs()];
    new NetworkPasses(topology).predictRaw(Weights.of(w), Features.of(x, topology.numInputs()),
        0, 1, raw, 0, new Workspace(topology, 1));
    double sum = 0;
    for (int k = 0; k < raw.length; k++) {
      sum += c[k] * raw[k];
    }
    return sum;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void inputGradientMatchesCentralDifferences(Activation activation, int[] sizes) {
    Topology topology = topology(activation, sizes);
    Random random = new Random(3);
    int n = 7;
    int d = topology.numInputs();
    int k = topology.numOutputs();
    double[] x = gaussian(random, n * d, 1);
    double[] c = gaussian(random, n * k, 1);
    double[] w = WeightInitializer.initialize(topology, 11);
    double[] gradient = new double[n * d + 3];
    new NetworkPasses(topology).inputGradient(Weights.of(w), Features.of(x, d), 0, n, c,
        gradient, 3, new Workspace(topology, 2));
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      double[] ci = java.util.Arrays.copyOfRange(c, i * k, (i + 1) * k);
      for (int j = 0; j < d; j++) {
        double[] plus = java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d);
        double[] minus = plus.clone();
        plus[j] += h;
        minus[j] -= h;
        double numeric = (explained(topology, w, plus, ci) - explained(topology, w, minus, ci))
            / (2 * h);
        double analytic = gradient[3 + i * d + j];
        double error = Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric));
        assertTrue(error < 1e-6, activation + " row " + i + " feature " + j + ": analytic "
            + analytic + ", numeric " + numeric);
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void singlePrecisionInputGradientFollowsTheDoubleOne(Activation activation, int[] sizes) {
    Topology topology = topology(activation, sizes);
    Random random = new Random(5);
    int n = 9;
    int d = topology.numInputs();
    double[] x = gaussian(random, n * d, 1);
    double[] c = gaussian(random, n * topology.numOutputs(), 1);
    double[] w = WeightInitializer.initialize(topology, 13);
    double[] exact = new double[n * d];
    double[] single = new double[n * d];
    NetworkPasses passes = new NetworkPasses(topology);
    passes.inputGradient(Weights.of(w), Features.of(x, d), 0, n, c, exact, 0,
        new Workspace(topology, n));
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    passes.inputGradient(Weights.singlePrecision(w), Features.ofFloats(xf, d), 0, n, c, single,
        0, new Workspace(topology, n));
    double scale = java.util.Arrays.stream(exact).map(Math::abs).max().orElse(1);
    for (int i = 0; i < exact.length; i++) {
      assertEquals(exact[i], single[i], 1e-4 * Math.max(1, scale), activation + " at " + i);
    }
  }

  /** Rows' {@code sum_j a_ij} minus {@code g(x_i) - g(b)}, and {@code |g(x_i) - g(b)|}. */
  private static double[][] completeness(Topology topology, double[] w, double[] x, int n,
      double[] baseline, double[] c, int steps, Precision precision) {
    int d = topology.numInputs();
    int k = topology.numOutputs();
    Features rows = Features.allocate(precision, d, n);
    for (int i = 0; i < n; i++) {
      int row = i;
      rows.setRow(i, (dest, offset) -> System.arraycopy(x, row * d, dest, offset, d));
    }
    Weights weights = precision == Precision.FLOAT ? Weights.singlePrecision(w) : Weights.of(w);
    double[] a = new double[n * d];
    new IntegratedGradients(new NetworkPasses(topology), precision, steps, 64)
        .attribute(weights, rows, n, baseline, c, a);
    double[][] out = new double[2][n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < d; j++) {
        sum += a[i * d + j];
      }
      double[] ci = java.util.Arrays.copyOfRange(c, i * k, (i + 1) * k);
      double difference = explained(topology, w, java.util.Arrays.copyOfRange(x, i * d,
          (i + 1) * d), ci) - explained(topology, w, baseline, ci);
      out[0][i] = sum - difference;
      out[1][i] = Math.abs(difference);
    }
    return out;
  }

  @Test
  void withoutHiddenLayersTheAttributionsAddUpExactly() {
    for (int steps : new int[] {1, 7, 50}) {
      Topology topology = topology(Activation.TANH, new int[] {5, 3});
      Random random = new Random(steps);
      int n = 40;
      double[] x = gaussian(random, n * 5, 2);
      double[] c = gaussian(random, n * 3, 1);
      double[] w = WeightInitializer.initialize(topology, 1);
      double[][] errors = completeness(topology, w, x, n, gaussian(random, 5, 1), c, steps,
          Precision.DOUBLE);
      for (int i = 0; i < n; i++) {
        assertEquals(0, errors[0][i], 1e-12 * Math.max(1, errors[1][i]), "row " + i);
      }
    }
  }

  @Test
  void withHiddenLayersTheyAddUpToWithinOnePercentAtFiftySteps() {
    for (Activation activation : Activation.values()) {
      for (Precision precision : Precision.values()) {
        Topology topology = topology(activation, new int[] {8, 16, 12, 3});
        Random random = new Random(17);
        int n = 60;
        double[] x = gaussian(random, n * 8, 1.5);
        double[] c = new double[n * 3];
        for (int i = 0; i < n; i++) {
          c[i * 3 + random.nextInt(3)] = 1; // one output per row, as a classifier explains
        }
        double[] w = WeightInitializer.initialize(topology, 23);
        double[][] errors = completeness(topology, w, x, n, new double[8], c, 50, precision);
        double error = 0;
        double size = 0;
        for (int i = 0; i < n; i++) {
          error += Math.abs(errors[0][i]);
          size += errors[1][i];
        }
        assertTrue(error < 0.01 * size, activation + " " + precision + ": mean completeness"
            + " error " + error / n + " against mean |f(x) - f(b)| " + size / n);
      }
    }
  }

  @Test
  void blockingThePointsDifferentlyGivesTheSameAttributions() {
    Topology topology = topology(Activation.RELU, new int[] {6, 10, 4});
    Random random = new Random(9);
    int n = 23;
    double[] x = gaussian(random, n * 6, 1);
    double[] c = gaussian(random, n * 4, 1);
    double[] w = WeightInitializer.initialize(topology, 2);
    double[] baseline = gaussian(random, 6, 0.5);
    double[] first = null;
    for (int pointsPerPass : new int[] {1, 20, 100, 10_000}) {
      double[] a = new double[n * 6];
      new IntegratedGradients(new NetworkPasses(topology), Precision.DOUBLE, 20, pointsPerPass)
          .attribute(Weights.of(w), Features.of(x, 6), n, baseline, c, a);
      if (first == null) {
        first = a;
      }
      for (int i = 0; i < a.length; i++) {
        assertEquals(first[i], a[i], 1e-12 * Math.max(1, Math.abs(first[i])), "pointsPerPass "
            + pointsPerPass + " at " + i);
      }
    }
  }

  @Test
  void refusesBadArguments() {
    NetworkPasses passes = new NetworkPasses(topology(Activation.RELU, new int[] {3, 2}));
    assertThrows(IllegalArgumentException.class,
        () -> new IntegratedGradients(passes, Precision.DOUBLE, 0, 10));
    IntegratedGradients ig = new IntegratedGradients(passes, Precision.DOUBLE, 4, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ig.attribute(Weights.of(new double[8]), Features.of(new double[3], 3), 1,
            new double[2], new double[2], new double[3]));
    assertTrue(e.getMessage().contains("baseline has 2 values"), e.getMessage());
  }
}
