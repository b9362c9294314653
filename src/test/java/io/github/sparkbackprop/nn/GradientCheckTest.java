package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference check of the backward pass: for every hidden activation, every output loss
 * and several layer shapes, the analytic gradient of the weighted loss sum must match central
 * differences to a relative error below 1e-6. The regression losses are checked with one output
 * and with several (vector targets, the loss summed over the outputs), the multi-label loss
 * (sigmoid outputs with binary cross-entropy) with several labels per row.
 */
class GradientCheckTest {

  private static final int[][] SHAPES = {
    {3, 2}, // no hidden layer
    {4, 5, 3},
    {6, 7, 5, 4},
    {2, 9, 1, 3}, // a one-unit bottleneck
  };

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    OutputLoss[] losses = {
      OutputLoss.softmaxCrossEntropy(), OutputLoss.squaredError(), OutputLoss.huber(0.3),
      OutputLoss.sigmoidCrossEntropy()
    };
    for (Activation activation : Activation.values()) {
      for (OutputLoss loss : losses) {
        for (int[] shape : SHAPES) {
          boolean regression = List.of("squaredError", "huber").contains(loss.name());
          if (regression) {
            // one output (a real label), as before vector targets
            int[] single = shape.clone();
            single[single.length - 1] = 1;
            cases.add(Arguments.of(activation, loss, single));
          }
          // the shape's own output width: classes, labels, or a vector target
          cases.add(Arguments.of(activation, loss, shape.clone()));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void analyticGradientMatchesCentralDifferences(
      Activation activation, OutputLoss loss, int[] sizes) {
    Topology topology = new Topology(sizes, activation, loss);
    Random random = new Random(42);
    int n = 11;
    int d = topology.numInputs();
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    int width = topology.labelsPerRow();
    double[] labels = new double[n * width];
    double[] rowWeights = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = i * width; j < (i + 1) * width; j++) {
        if (loss.isClassification()) {
          labels[j] = random.nextInt(topology.numOutputs());
        } else if ("sigmoidCrossEntropy".equals(loss.name())) {
          labels[j] = random.nextBoolean() ? 1 : 0; // the row has label j or not
        } else {
          labels[j] = 2 * random.nextGaussian();
        }
      }
      rowWeights[i] = 0.5 + random.nextDouble() * 2;
    }
    double[] w = WeightInitializer.initialize(topology, 7);
    // non-zero biases so that their gradient is exercised away from the initial point
    for (int i = 0; i < w.length; i++) {
      w[i] += 0.1 * random.nextGaussian();
    }
    NetworkPasses backprop = new NetworkPasses(topology);
    Workspace ws = new Workspace(topology, 3); // smaller than n: exercises growth
    double[] analytic = new double[w.length];
    double value = backprop.addGradient(w, x, 0, n, labels, rowWeights, 0, analytic, ws);
    double expectedValue = backprop.loss(w, x, 0, n, labels, rowWeights, 0, ws);
    assertTrue(Math.abs(value - expectedValue) <= 1e-12 * Math.max(1, Math.abs(value)),
        "loss from the gradient pass " + value + " != forward-only loss " + expectedValue);

    double h = 1e-5;
    double[] numeric = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      double saved = w[i];
      w[i] = saved + h;
      double plus = backprop.loss(w, x, 0, n, labels, rowWeights, 0, ws);
      w[i] = saved - h;
      double minus = backprop.loss(w, x, 0, n, labels, rowWeights, 0, ws);
      w[i] = saved;
      numeric[i] = (plus - minus) / (2 * h);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < w.length; i++) {
      diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
      norm += analytic[i] * analytic[i] + numeric[i] * numeric[i];
    }
    double relative = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    assertTrue(relative < 1e-6,
        "relative gradient error " + relative + " for " + topology);
    assertTrue(Math.sqrt(norm) > 1e-3, "gradient is trivially zero for " + topology);
  }

  /** Dropout cases: every activation, hidden layers to drop, softmax and squared error. */
  static Stream<Arguments> dropoutCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation activation : Activation.values()) {
      cases.add(Arguments.of(activation, OutputLoss.softmaxCrossEntropy(), new int[] {4, 6, 3}));
      cases.add(Arguments.of(activation, OutputLoss.squaredError(), new int[] {6, 7, 5, 2}));
    }
    return cases.stream();
  }

  /**
   * The masked pass: with a pass's dropout masks fixed, the gradient the pass computes is the
   * gradient of the loss it reports (the loss of the thinned network), by central differences
   * of that same masked loss; and some units were dropped, some kept.
   */
  @ParameterizedTest(name = "dropout {0} {1} {2}")
  @MethodSource("dropoutCases")
  void theMaskedPassGradientMatchesCentralDifferences(
      Activation activation, OutputLoss loss, int[] sizes) {
    Topology topology = new Topology(sizes, activation, loss);
    Random random = new Random(43);
    int n = 9;
    int d = topology.numInputs();
    double[] x = new double[n * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    double[] labels = new double[n * topology.labelsPerRow()];
    for (int j = 0; j < labels.length; j++) {
      labels[j] = loss.isClassification() ? random.nextInt(topology.numOutputs())
          : random.nextGaussian();
    }
    long[] rows = new long[n];
    for (int i = 0; i < n; i++) {
      rows[i] = 1000 + 7L * i;
    }
    Dropout.Masks masks = new Dropout(0.4, 11).masks(3, rows);
    int kept = 0;
    int dropped = 0;
    for (int i = 0; i < n; i++) {
      for (int u = 0; u < sizes[1]; u++) {
        if (masks.keep(i, 0, u)) {
          kept++;
        } else {
          dropped++;
        }
      }
    }
    assertTrue(kept > 0 && dropped > 0, kept + " kept, " + dropped + " dropped");
    double[] w = WeightInitializer.initialize(topology, 5);
    for (int i = 0; i < w.length; i++) {
      w[i] += 0.1 * random.nextGaussian();
    }
    NetworkPasses backprop = new NetworkPasses(topology);
    Workspace ws = new Workspace(topology, n);
    double[] analytic = new double[w.length];
    backprop.addGradient(w, x, 0, n, labels, null, 0, analytic, ws, masks);
    double h = 1e-5;
    double[] scratch = new double[w.length];
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < w.length; i++) {
      double saved = w[i];
      w[i] = saved + h;
      double plus = backprop.addGradient(w, x, 0, n, labels, null, 0, scratch, ws, masks);
      w[i] = saved - h;
      double minus = backprop.addGradient(w, x, 0, n, labels, null, 0, scratch, ws, masks);
      w[i] = saved;
      double numeric = (plus - minus) / (2 * h);
      diff += (analytic[i] - numeric) * (analytic[i] - numeric);
      norm += analytic[i] * analytic[i] + numeric * numeric;
    }
    double relative = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12);
    assertTrue(relative < 1e-6, "relative gradient error " + relative + " for " + topology);
    assertTrue(Math.sqrt(norm) > 1e-3, "gradient is trivially zero for " + topology);
    // without masks the same pass is another network's: dropout changed the loss
    double unmasked = backprop.loss(w, x, 0, n, labels, null, 0, ws);
    double masked = backprop.addGradient(w, x, 0, n, labels, null, 0, scratch, ws, masks);
    assertTrue(unmasked != masked, "the masks changed nothing");
  }
}
