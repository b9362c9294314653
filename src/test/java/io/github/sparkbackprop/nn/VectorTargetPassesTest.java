package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rows whose label is several values (a vector target, or the 0/1 targets of a multi-label row):
 * how blocks hold them, that every pass reads each row's own values, that the single-precision
 * passes agree with the double ones, and the sigmoid cross-entropy's numerics.
 */
class VectorTargetPassesTest {

  @Test
  void blocksKeepEachRowsLabelValuesTogether() {
    double[] x = {0, 1, 2, 3, 4, 5};
    double[] labels = {10, 11, 12, 20, 21, 22, 30, 31, 32};
    RowBlock a = new RowBlock(Features.of(x, 2), labels, 3, new double[] {1, 2, 3}, false);
    assertEquals(3, a.labelsPerRow());
    RowBlock b = new RowBlock(Features.of(new double[] {6, 7}, 2), new double[] {40, 41, 42},
        3, new double[] {4}, false);
    RowBlock gathered = RowBlock.gather(List.of(a, b), new int[] {3, 1, 1});
    assertEquals(3, gathered.labelsPerRow());
    assertArrayEquals(new double[] {40, 41, 42, 20, 21, 22, 20, 21, 22}, gathered.labels());
    assertArrayEquals(new double[] {4, 2, 2}, gathered.rowWeights());
    // one label value per row unless said otherwise
    assertEquals(1, new RowBlock(2, 1, new double[] {1, 2}, new double[] {0, 1},
        new double[] {1, 1}).labelsPerRow());
    assertThrows(IllegalArgumentException.class, () -> new RowBlock(Features.of(x, 2),
        new double[] {1, 2, 3}, 2, new double[] {1, 1, 1}, false));
    assertThrows(IllegalArgumentException.class, () -> new RowBlock(Features.of(x, 2),
        new double[0], 0, new double[] {1, 1, 1}, false));
  }

  @Test
  void aLossSumsOverItsOutputsAndReadsEachRowsOwnTargets() {
    // no hidden layer, identity: the outputs are the bias when all weights are zero
    Topology topology = new Topology(new int[] {1, 2}, Activation.IDENTITY,
        OutputLoss.squaredError());
    assertEquals(2, topology.labelsPerRow());
    double[] w = new double[topology.numParameters()];
    w[topology.biasOffset(0)] = 1;
    w[topology.biasOffset(0) + 1] = -1;
    RowBlock block = new RowBlock(Features.of(new double[] {0, 0}, 1),
        new double[] {3, -1, 1, 2}, 2, new double[] {1, 2}, false);
    // row 0: (1-3)^2/2 + 0 = 2; row 1 (weight 2): 2 * (0 + 9/2) = 9
    NetworkPasses passes = new NetworkPasses(topology);
    assertEquals(11, passes.loss(w, block, new Workspace(topology, 2)), 1e-12);
    double[] gradient = new double[w.length];
    assertEquals(9, passes.addGradient(w, block, 1, 1, gradient, new Workspace(topology, 1)),
        1e-12, "row 1 alone");
    // d/db of row 1: 2 * (1 - 1, -1 - 2) = (0, -6)
    assertArrayEquals(new double[] {0, 0, 0, -6}, gradient, 1e-12);
  }

  @Test
  void aBlockWithAnotherLabelWidthIsRefused() {
    Topology topology = new Topology(new int[] {2, 3}, Activation.RELU,
        OutputLoss.sigmoidCrossEntropy());
    RowBlock oneValuePerRow = new RowBlock(1, 2, new double[] {1, 2}, new double[] {1},
        new double[] {1});
    NetworkPasses passes = new NetworkPasses(topology);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> passes.loss(new double[topology.numParameters()], oneValuePerRow,
            new Workspace(topology, 1)));
    assertTrue(e.getMessage().contains("1 label values") && e.getMessage().contains("reads 3"),
        e.getMessage());
  }

  @Test
  void singlePrecisionPassesAgreeWithDoubleOnesForVectorTargets() {
    for (OutputLoss loss : new OutputLoss[] {OutputLoss.squaredError(), OutputLoss.huber(0.5),
        OutputLoss.sigmoidCrossEntropy()}) {
      Topology topology = new Topology(new int[] {6, 9, 4}, Activation.TANH, loss);
      Random random = new Random(3);
      int n = 40;
      double[] x = new double[n * 6];
      float[] xf = new float[x.length];
      for (int i = 0; i < x.length; i++) {
        xf[i] = (float) random.nextGaussian();
        x[i] = xf[i];
      }
      double[] labels = new double[n * 4];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = loss.name().equals("sigmoidCrossEntropy")
            ? random.nextInt(2) : random.nextGaussian();
      }
      double[] weights = new double[n];
      java.util.Arrays.fill(weights, 1.5);
      double[] w = WeightInitializer.initialize(topology, 5);
      NetworkPasses passes = new NetworkPasses(topology);
      double[] gd = new double[w.length];
      double[] gf = new double[w.length];
      double ld = passes.addGradient(w, new RowBlock(Features.of(x, 6), labels, 4, weights,
          false), 0, n, gd, new Workspace(topology, n));
      double lf = passes.addGradient(Precision.FLOAT.weights(w),
          new RowBlock(Features.ofFloats(xf, 6), labels, 4, weights, false), 0, n, gf,
          new Workspace(topology, n));
      assertEquals(ld, lf, 1e-4 * Math.abs(ld), loss.name());
      for (int i = 0; i < w.length; i++) {
        assertEquals(gd[i], gf[i], 1e-3 * (1 + Math.abs(gd[i])), loss + " gradient " + i);
      }
    }
  }

  @Test
  void sigmoidCrossEntropyStaysFiniteForHugeScores() {
    OutputLoss loss = OutputLoss.sigmoidCrossEntropy();
    double[] z = {1000, -1000, 1000, -1000, 0};
    double[] y = {1, 0, 0, 1, 1};
    // right with confidence: no loss; wrong with confidence: |z|; undecided: log 2
    assertEquals(2000 + Math.log(2), loss.loss(z.clone(), 5, 1, y, 0, null, 0), 1e-9);
    double[] delta = z.clone();
    assertEquals(2000 + Math.log(2), loss.lossAndDelta(delta, 5, 1, y, 0, null, 0), 1e-9);
    assertArrayEquals(new double[] {0, 0, 1, -1, -0.5}, delta, 1e-12);
    double[] p = {1000, -1000, 0, Math.log(3)};
    loss.toOutputSpace(p, 0, 4, 1);
    assertArrayEquals(new double[] {1, 0, 0.5, 0.75}, p, 1e-15);
    assertEquals(3, loss.labelsPerRow(3));
    assertEquals(1, OutputLoss.softmaxCrossEntropy().labelsPerRow(3));
  }

  @Test
  void labelsAboveTheirThresholdsArePredicted() {
    double[] labels = new double[4];
    double[] p = {0.9, 0.5, 0.2, 0.51, 0.7};
    // from offset 1: labels 0..3 are 0.5, 0.2, 0.51, 0.7; a probability equal to its threshold
    // does not pass it
    assertEquals(2, Predictions.labelsAbove(p, 1, 4, new double[] {0.5, 0.5, 0.5, 0.5},
        labels, 0));
    assertArrayEquals(new double[] {2, 3}, java.util.Arrays.copyOf(labels, 2));
    assertEquals(3, Predictions.labelsAbove(p, 1, 4, new double[] {0.4, 0.1, 0.9, 0.6},
        labels, 0));
    assertArrayEquals(new double[] {0, 1, 3}, java.util.Arrays.copyOf(labels, 3));
    assertEquals(0, Predictions.labelsAbove(p, 1, 4, new double[] {1, 1, 1, 1}, labels, 0));
  }
}
