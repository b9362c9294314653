package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.OnnxExportTest.asDoubles;
import static io.github.sparkbackprop.ml.OnnxExportTest.assertClose;
import static io.github.sparkbackprop.ml.OnnxExportTest.features;
import static io.github.sparkbackprop.ml.OnnxExportTest.frame;
import static io.github.sparkbackprop.ml.OnnxExportTest.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.TensorInfo;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.NetworkOnnxExporter;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime scores the exported regressors of vector labels and multi-label classifiers as
 * their own {@code transform} does, for every activation and both precisions, with the
 * tolerances of {@link OnnxExportTest}: a regressor's prediction is {@code [N, k]}; a
 * multi-label model's raw scores and probabilities are {@code [N, numLabels]}, and its
 * prediction the {@code int64 [N, numLabels]} indicator of the labels {@code transform} lists.
 */
class VectorTargetOnnxTest {

  static Stream<org.junit.jupiter.params.provider.Arguments> activationsAndPrecisions() {
    return OnnxExportTest.activationsAndPrecisions();
  }

  static NeuralNetworkRegressionModel vectorRegressor(int[] layers, Activation activation,
      String precision, long seed) {
    Topology topology = new Topology(layers, activation, OutputLoss.squaredError());
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressionModel(
        "nnr_vector" + seed, topology, weights(topology, seed), true);
    model.set(model.precision(), precision);
    return model;
  }

  static NeuralNetworkMultiLabelClassificationModel multiLabel(int[] layers,
      Activation activation, String precision, long seed) {
    Topology topology = new Topology(layers, activation, OutputLoss.sigmoidCrossEntropy());
    NeuralNetworkMultiLabelClassificationModel model =
        new NeuralNetworkMultiLabelClassificationModel("nnml_onnx" + seed, topology,
            weights(topology, seed));
    model.set(model.precision(), precision);
    return model;
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("activationsAndPrecisions")
  void vectorRegressorMatchesTransform(Activation activation, String precision)
      throws Exception {
    for (int[] layers : new int[][] {{6, 8, 3}, {5, 12, 7, 2}, {4, 1}}) {
      NeuralNetworkRegressionModel model = vectorRegressor(layers, activation, precision, 13L);
      float[][] x = features(layers[0], 17L);
      double tol = Precision.FLOAT.paramName().equals(precision) ? 1e-4 : 1e-5;
      double[][] onnx = asDoubles(OnnxRuntimeRun.run(model.toOnnx(), "features", x)
          .get("prediction"));
      List<Row> rows = model.transform(frame(x)).select("prediction").collectAsList();
      assertEquals(rows.size(), onnx.length);
      for (int i = 0; i < rows.size(); i++) {
        double[] expected = ((Vector) rows.get(i).get(0)).toArray();
        assertEquals(layers[layers.length - 1], onnx[i].length);
        for (int j = 0; j < expected.length; j++) {
          assertClose(expected[j], onnx[i][j], tol, model + " row " + i + " target " + j);
        }
      }
      TensorInfo declared = (TensorInfo) OnnxRuntimeRun.info(model.toOnnx(), false)
          .get("prediction").getInfo();
      assertArrayEquals(new long[] {-1, layers[layers.length - 1]}, declared.getShape(),
          "declared [N, k]");
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("activationsAndPrecisions")
  void multiLabelModelMatchesTransform(Activation activation, String precision)
      throws Exception {
    for (int[] layers : new int[][] {{6, 8, 3}, {5, 12, 7, 4}}) {
      NeuralNetworkMultiLabelClassificationModel model =
          multiLabel(layers, activation, precision, 7L);
      checkMultiLabel(model, features(layers[0], 11L));
      int k = layers[layers.length - 1];
      double[] thresholds = new double[k];
      for (int j = 0; j < k; j++) {
        thresholds[j] = 0.2 + 0.6 * j / k;
      }
      checkMultiLabel(model.setThresholds(thresholds), features(layers[0], 11L));
    }
  }

  /** Compares every output with transform; rows within the tolerance of a threshold aside. */
  private static void checkMultiLabel(NeuralNetworkMultiLabelClassificationModel model,
      float[][] x) throws Exception {
    boolean single = Precision.FLOAT.paramName().equals(model.getPrecision());
    double tol = single ? 1e-4 : 1e-5;
    Map<String, Object> onnx = OnnxRuntimeRun.run(model.toOnnx(), "features", x);
    double[][] raw = asDoubles(onnx.get("rawPrediction"));
    double[][] probability = asDoubles(onnx.get("probability"));
    long[][] prediction = (long[][]) onnx.get("prediction");
    List<Row> rows = model.transform(frame(x))
        .select("rawPrediction", "probability", "prediction").collectAsList();
    double[] thresholds = model.labelThresholds(model.numLabels());
    String what = model + ", " + model.getPrecision();
    int decided = 0;
    for (int i = 0; i < rows.size(); i++) {
      double[] expectedRaw = ((Vector) rows.get(i).get(0)).toArray();
      double[] expectedP = ((Vector) rows.get(i).get(1)).toArray();
      List<Double> labels = rows.get(i).getList(2);
      for (int j = 0; j < expectedRaw.length; j++) {
        assertClose(expectedRaw[j], raw[i][j], tol, what + " raw row " + i);
        assertEquals(expectedP[j], probability[i][j], tol, what + " probability row " + i);
        if (Math.abs(expectedP[j] - thresholds[j]) > tol) {
          assertEquals(labels.contains((double) j) ? 1L : 0L, prediction[i][j],
              what + " label " + j + " of row " + i);
          decided++;
        }
      }
    }
    assertTrue(decided > 0.95 * rows.size() * model.numLabels(),
        "almost every decision is away from its threshold: " + decided);
  }

  @Test
  void theOnnxFormatWritesMultiLabelModelsAndSignaturesMustFitTheNetwork(@TempDir Path tmp)
      throws Exception {
    NeuralNetworkMultiLabelClassificationModel model =
        multiLabel(new int[] {3, 4, 2}, Activation.RELU, "double", 3L);
    Path file = tmp.resolve("model.onnx");
    model.write().format("onnx").save(file.toString());
    assertArrayEquals(model.toOnnx(), Files.readAllBytes(file), "the same bytes");
    assertEquals(java.util.Set.of("rawPrediction", "probability", "prediction"),
        OnnxRuntimeRun.outputNamesOfFile(file.toString()));
    model.setRawPredictionCol("").setProbabilityCol("");
    assertEquals(java.util.Set.of("prediction"), OnnxRuntimeRun.info(model.toOnnx(), false)
        .keySet());

    Topology regression = new Topology(new int[] {3, 2}, Activation.RELU,
        OutputLoss.squaredError());
    InputValidationTest.assertRejected(() -> NetworkOnnxExporter.export(regression,
        new double[regression.numParameters()], Precision.DOUBLE,
        OnnxSignature.multiLabel("f", "r", "p", "y", new double[] {0.5, 0.5}), "g", "",
        Map.of()), "multi-label classifier's", "squaredError");
    InputValidationTest.assertRejected(() -> NetworkOnnxExporter.export(regression,
        new double[regression.numParameters()], Precision.DOUBLE,
        OnnxSignature.regressor("f", "y"), "g", "", Map.of()), "one output unit");
    Topology labels = new Topology(new int[] {3, 2}, Activation.RELU,
        OutputLoss.sigmoidCrossEntropy());
    InputValidationTest.assertRejected(() -> NetworkOnnxExporter.export(labels,
        new double[labels.numParameters()], Precision.DOUBLE,
        OnnxSignature.multiLabel("f", "r", "p", "y", new double[] {0.5}), "g", "", Map.of()),
        "thresholds has 1", "2 labels");
  }
}
