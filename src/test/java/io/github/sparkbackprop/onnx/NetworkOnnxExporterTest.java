package io.github.sparkbackprop.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.OnnxRuntimeRun;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exporter without Spark: each activation's ONNX form computes what {@link Activation}
 * computes, out to inputs of 1e4 where a naive softplus or ELU would overflow; and networks or
 * signatures that cannot be exported fail before anything is built.
 */
class NetworkOnnxExporterTest {

  private static final float[] EXTREMES = {-1e4f, -100f, -30f, -1f, -1e-3f, -0f, 0f, 1e-3f, 1f,
      30f, 88.8f, 100f, 1e4f};

  /**
   * A network 1-1-1 with unit weights and zero biases is the hidden activation itself: its ONNX
   * output must be {@code f(x)} for every input, in both precisions.
   */
  @Test
  void everyActivationMatchesTheLibrarysOwnFunctionEvenForHugeInputs() throws Exception {
    float[][] x = new float[EXTREMES.length][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[] {EXTREMES[i]};
    }
    for (Activation activation : Activation.values()) {
      Topology topology = new Topology(new int[] {1, 1, 1}, activation, OutputLoss.squaredError());
      double[] weights = {1, 0, 1, 0}; // W1, b1, W2, b2
      for (Precision precision : Precision.values()) {
        boolean single = precision == Precision.FLOAT;
        byte[] model = NetworkOnnxExporter.export(topology, weights, precision,
            OnnxSignature.regressor("x", "y"), "g", "", Map.of());
        Object y = OnnxRuntimeRun.run(model, "x", x).get("y");
        for (int i = 0; i < x.length; i++) {
          double[] expected = {x[i][0]};
          activation.applyInPlace(expected, 0, 1);
          double actual = single ? ((float[]) y)[i] : ((double[]) y)[i];
          double tol = (single ? 1e-6 : 1e-12) * Math.max(1, Math.abs(expected[0]));
          assertTrue(Double.isFinite(actual) && Math.abs(actual - expected[0]) <= tol,
              activation + (single ? " float" : " double") + " at " + x[i][0] + ": expected "
                  + expected[0] + ", ONNX gave " + actual);
        }
      }
    }
  }

  @Test
  void aModelOverTheProtobufLimitIsRefusedWithAdvice() {
    // 300 million weights: 2.4 GB in double, 1.2 GB in float
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkOnnxExporter.requireFitsInOneMessage(300_000_000L, false));
    assertTrue(e.getMessage().contains("2 GiB") && e.getMessage().contains("'float'"),
        e.getMessage());
    NetworkOnnxExporter.requireFitsInOneMessage(300_000_000L, true);
    e = assertThrows(IllegalArgumentException.class,
        () -> NetworkOnnxExporter.requireFitsInOneMessage(600_000_000L, true));
    assertTrue(e.getMessage().contains("smaller hidden layers"), e.getMessage());
  }

  @Test
  void aNetworkAndSignatureThatDoNotFitAreRefused() {
    Topology regression = new Topology(new int[] {2, 3, 1}, Activation.RELU,
        OutputLoss.squaredError());
    Topology classification = new Topology(new int[] {2, 3, 4}, Activation.RELU,
        OutputLoss.softmaxCrossEntropy());
    OnnxSignature classifier =
        OnnxSignature.classifier("features", "raw", "probability", "prediction", null);
    assertThrows(IllegalArgumentException.class, () -> NetworkOnnxExporter.export(regression,
        new double[regression.numParameters() - 1], Precision.DOUBLE,
        OnnxSignature.regressor("features", "prediction"), "g", "", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> NetworkOnnxExporter.export(regression,
        new double[regression.numParameters()], Precision.DOUBLE, classifier, "g", "",
        Map.of()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkOnnxExporter.export(classification,
            new double[classification.numParameters()], Precision.DOUBLE,
            OnnxSignature.classifier("features", "", "", "prediction", new double[] {1, 1}),
            "g", "", Map.of()));
    assertTrue(e.getMessage().contains("one threshold per class"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> OnnxSignature.classifier(
        "features", "", "", "prediction", new double[] {0.5, Double.NaN, 1, 1}));
  }
}
