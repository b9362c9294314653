package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Single-precision passes agree with double precision to float accuracy. */
class SinglePrecisionTest {

  @ParameterizedTest
  @EnumSource(Activation.class)
  void floatBlocksGiveTheDoubleGradientToFloatAccuracy(Activation activation) {
    Topology topology = new Topology(new int[] {20, 16, 8, 5}, activation,
        OutputLoss.softmaxCrossEntropy());
    Random random = new Random(4);
    int n = 300;
    double[] x = new double[n * 20];
    float[] xf = new float[n * 20];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) random.nextGaussian();
      x[i] = xf[i]; // the same inputs, exactly representable in both
    }
    double[] labels = new double[n];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(5);
      weights[i] = 1 + random.nextInt(3);
    }
    double[] w = WeightInitializer.initialize(topology, 3);
    NetworkPasses bp = new NetworkPasses(topology);
    Workspace ws = new Workspace(topology, 64);
    double[] gd = new double[w.length];
    double[] gf = new double[w.length];
    double ld = bp.addGradient(w, new RowBlock(n, 20, x, labels, weights), 0, n, gd, ws);
    double lf = bp.addGradient(w, RowBlock.ofFloats(n, 20, xf, labels, weights, false), 0, n, gf,
        ws);
    assertEquals(ld, lf, 1e-5 * Math.abs(ld));
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < w.length; i++) {
      diff += (gd[i] - gf[i]) * (gd[i] - gf[i]);
      norm += gd[i] * gd[i];
    }
    assertTrue(Math.sqrt(diff / norm) < 1e-5, "relative difference " + Math.sqrt(diff / norm));
    assertEquals(ld, bp.loss(w, RowBlock.ofFloats(n, 20, xf, labels, weights, false), ws),
        1e-5 * ld);
    double[] rawD = new double[5 * n];
    double[] rawF = new double[5 * n];
    bp.predictRaw(Weights.of(w), Features.of(x, 20), 0, n, rawD, 0, ws);
    bp.predictRaw(Weights.singlePrecision(w), Features.ofFloats(xf, 20), 0, n, rawF, 0, ws);
    for (int i = 0; i < rawD.length; i++) {
      assertEquals(rawD[i], rawF[i], 1e-4 * Math.max(1, Math.abs(rawD[i])));
    }
  }
}
