package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime scores every exported network as the model's own {@code transform} does: for
 * every hidden activation, both models, several layer shapes and both precisions. Tolerances
 * (those of issue 17): probabilities within 1e-5 for {@code double} networks and 1e-4 for
 * {@code float}; raw scores and regression values within the same bound relative to
 * {@code max(1, |value|)}; the same predicted class on every row.
 *
 * <p>The features are values a {@code float} holds exactly, so both sides see the same inputs
 * and every difference is the arithmetic's. Some rows are ten times larger than the rest, which
 * drives hidden units deep into the regions where a naive softplus or ELU would overflow or lose
 * precision.
 */
class OnnxExportTest {

  private static final int ROWS = 64;

  static Stream<Arguments> activationsAndPrecisions() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation a : Activation.values()) {
      for (String precision : Precision.paramNames()) {
        cases.add(Arguments.of(a, precision));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("activationsAndPrecisions")
  void classifierMatchesTransform(Activation activation, String precision) throws Exception {
    for (int[] layers : new int[][] {{6, 8, 3}, {5, 12, 7, 4}}) {
      NeuralNetworkClassificationModel model = classifier(layers, activation, precision, 7L);
      checkClassifier(model, features(layers[0], 11L));
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("activationsAndPrecisions")
  void regressorMatchesTransform(Activation activation, String precision) throws Exception {
    for (int[] layers : new int[][] {{6, 8, 1}, {5, 12, 7, 1}}) {
      NeuralNetworkRegressionModel model = regressor(layers, activation, precision, 13L);
      checkRegressor(model, features(layers[0], 17L));
    }
  }

  @Test
  void networksWithoutHiddenLayersAndWithWideOnesMatchTransform() throws Exception {
    for (String precision : Precision.paramNames()) {
      checkClassifier(classifier(new int[] {4, 2}, Activation.RELU, precision, 3L),
          features(4, 5L));
      checkClassifier(classifier(new int[] {30, 64, 10}, Activation.TANH, precision, 3L),
          features(30, 5L));
      checkRegressor(regressor(new int[] {4, 1}, Activation.RELU, precision, 3L),
          features(4, 5L));
      checkRegressor(regressor(new int[] {1, 40, 1}, Activation.SOFTPLUS, precision, 3L),
          features(1, 5L));
    }
  }

  @Test
  void thresholdsDecideTheExportedClassAsTheyDecideTransform() throws Exception {
    float[][] x = features(6, 23L);
    for (String precision : Precision.paramNames()) {
      NeuralNetworkClassificationModel plain =
          classifier(new int[] {6, 8, 3}, Activation.RELU, precision, 29L);
      long[] unthresholded = (long[]) OnnxRuntimeRun.run(plain.toOnnx(), "features", x)
          .get("prediction");
      for (double[] thresholds : new double[][] {{0.2, 0.5, 0.9}, {0.7, 0.0, 0.4}}) {
        NeuralNetworkClassificationModel model =
            plain.copy(new ParamMap()).setThresholds(thresholds);
        long[] onnx = checkClassifier(model, x);
        int changed = 0;
        for (int i = 0; i < onnx.length; i++) {
          changed += onnx[i] != unthresholded[i] ? 1 : 0;
        }
        // otherwise the thresholds would not be tested at all
        assertTrue(changed > 0, "thresholds " + java.util.Arrays.toString(thresholds)
            + " changed no prediction");
      }
    }
  }

  /**
   * {@code toOnnx(scaler)}: the graph reads the raw features and standardises them as the
   * pipeline's {@code StandardScalerModel} does (here one feature is constant, so its standard
   * deviation is 0), and scores as the whole {@code PipelineModel} does.
   */
  @Test
  void aStandardScalerBeforeTheNetworkIsBuiltIntoTheGraph() throws Exception {
    float[][] x = features(4, 31L);
    Random random = new Random(37L);
    List<Row> rows = new ArrayList<>();
    for (float[] r : x) {
      r[2] = 1.5f;
      double[] d = {r[0], r[1], r[2], r[3]};
      rows.add(RowFactory.create(Vectors.dense(d), (double) random.nextInt(3),
          10.0 * r[0] - r[3]));
    }
    Dataset<Row> data = TestSpark.session().createDataFrame(rows, new StructType()
        .add("raw", SQLDataTypes.VectorType()).add("label", "double").add("value", "double"));
    for (boolean withMean : new boolean[] {true, false}) {
      StandardScalerModel scaler = new StandardScaler().setInputCol("raw").setOutputCol("scaled")
          .setWithMean(withMean).setWithStd(true).fit(data);
      Dataset<Row> scaled = scaler.transform(data);
      NeuralNetworkClassificationModel c = new NeuralNetworkClassifier()
          .setFeaturesCol("scaled").setHiddenLayers(new int[] {6}).setActivation("tanh")
          .setMaxIter(20).setSeed(5L).fit(scaled);
      NeuralNetworkRegressionModel r = new NeuralNetworkRegressor().setFeaturesCol("scaled")
          .setLabelCol("value").setHiddenLayers(new int[] {6}).setMaxIter(20).setSeed(5L)
          .fit(scaled);
      for (String precision : Precision.paramNames()) {
        ParamMap single = new ParamMap().put(c.precision(), precision);
        NeuralNetworkClassificationModel cp = c.copy(single);
        NeuralNetworkRegressionModel rp = r.copy(new ParamMap().put(r.precision(), precision));
        double tol = Precision.FLOAT.paramName().equals(precision) ? 1e-4 : 1e-5;
        String what = "withMean " + withMean + ", " + precision;

        Map<String, Object> onnx = OnnxRuntimeRun.run(cp.toOnnx(scaler), "raw", x);
        List<Row> expected = cp.transform(scaled).select("probability", "prediction")
            .collectAsList();
        double[][] probability = asDoubles(onnx.get("probability"));
        long[] prediction = (long[]) onnx.get("prediction");
        for (int i = 0; i < expected.size(); i++) {
          assertArrayEquals(((Vector) expected.get(i).get(0)).toArray(), probability[i], tol,
              what + " row " + i);
          assertEquals((long) expected.get(i).getDouble(1), prediction[i], what + " row " + i);
        }

        double[] values = asDoubles(new Object[] {
            OnnxRuntimeRun.run(rp.toOnnx(scaler), "raw", x).get("prediction")})[0];
        List<Row> expectedValues = rp.transform(scaled).select("prediction").collectAsList();
        for (int i = 0; i < expectedValues.size(); i++) {
          assertClose(expectedValues.get(i).getDouble(0), values[i], tol, what + " row " + i);
        }
      }
      StandardScalerModel other = scaler.copy(new ParamMap()).setOutputCol("other");
      InputValidationTest.assertRejected(() -> c.toOnnx(other), "'other'", "featuresCol",
          "'scaled'");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Compares every output of the exported classifier with transform; returns its classes. */
  private static long[] checkClassifier(NeuralNetworkClassificationModel model, float[][] x)
      throws Exception {
    boolean single = Precision.FLOAT.paramName().equals(model.getPrecision());
    double tol = single ? 1e-4 : 1e-5;
    Map<String, Object> onnx = OnnxRuntimeRun.run(model.toOnnx(), "features", x);
    List<Row> rows = model.transform(frame(x))
        .select("rawPrediction", "probability", "prediction").collectAsList();
    double[][] raw = asDoubles(onnx.get("rawPrediction"));
    double[][] probability = asDoubles(onnx.get("probability"));
    long[] prediction = (long[]) onnx.get("prediction");
    String what = model.toString() + ", " + model.getPrecision();
    assertEquals(rows.size(), prediction.length);
    for (int i = 0; i < rows.size(); i++) {
      double[] expectedRaw = ((Vector) rows.get(i).get(0)).toArray();
      double[] expectedProbability = ((Vector) rows.get(i).get(1)).toArray();
      for (int j = 0; j < expectedRaw.length; j++) {
        assertClose(expectedRaw[j], raw[i][j], tol, what + " raw row " + i);
        assertEquals(expectedProbability[j], probability[i][j], tol,
            what + " probability row " + i + " class " + j);
      }
      assertEquals((long) rows.get(i).getDouble(2), prediction[i], what + " class of row " + i);
    }
    return prediction;
  }

  private static void checkRegressor(NeuralNetworkRegressionModel model, float[][] x)
      throws Exception {
    Map<String, Object> onnx = OnnxRuntimeRun.run(model.toOnnx(), "features", x);
    double[] values = asDoubles(new Object[] {onnx.get("prediction")})[0];
    List<Row> rows = model.transform(frame(x)).select("prediction").collectAsList();
    assertEquals(rows.size(), values.length);
    for (int i = 0; i < rows.size(); i++) {
      assertClose(rows.get(i).getDouble(0), values[i], 1e-5,
          model + ", " + model.getPrecision() + " row " + i);
    }
  }

  /** {@code |actual - expected| <= tol * max(1, |expected|)}. */
  static void assertClose(double expected, double actual, double tol, String what) {
    assertTrue(Math.abs(actual - expected) <= tol * Math.max(1.0, Math.abs(expected)),
        what + ": expected " + expected + " but ONNX gave " + actual);
  }

  /** A float[][] or double[][] (or a float[] or double[] wrapped in an Object[]) as doubles. */
  static double[][] asDoubles(Object value) {
    if (value instanceof double[][]) {
      return (double[][]) value;
    }
    if (value instanceof float[][]) {
      float[][] f = (float[][]) value;
      double[][] d = new double[f.length][];
      for (int i = 0; i < f.length; i++) {
        d[i] = new double[f[i].length];
        for (int j = 0; j < f[i].length; j++) {
          d[i][j] = f[i][j];
        }
      }
      return d;
    }
    Object[] wrapped = (Object[]) value;
    if (wrapped[0] instanceof double[]) {
      return new double[][] {(double[]) wrapped[0]};
    }
    float[] f = (float[]) wrapped[0];
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return new double[][] {d};
  }

  static NeuralNetworkClassificationModel classifier(int[] layers, Activation activation,
      String precision, long seed) {
    Topology topology = new Topology(layers, activation, OutputLoss.softmaxCrossEntropy());
    NeuralNetworkClassificationModel model = new NeuralNetworkClassificationModel(
        "nnc_onnx" + seed, topology, weights(topology, seed));
    model.set(model.precision(), precision);
    return model;
  }

  static NeuralNetworkRegressionModel regressor(int[] layers, Activation activation,
      String precision, long seed) {
    Topology topology = new Topology(layers, activation, OutputLoss.squaredError());
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressionModel(
        "nnr_onnx" + seed, topology, weights(topology, seed));
    model.set(model.precision(), precision);
    return model;
  }

  /**
   * Seeded weights of about the size training gives (standard deviation {@code 1.5 /
   * sqrt(fan-in)}, biases too), large enough for every unit to see both signs.
   */
  static double[] weights(Topology topology, long seed) {
    Random random = new Random(seed);
    double[] w = new double[topology.numParameters()];
    for (int l = 0; l < topology.numWeightLayers(); l++) {
      double scale = 1.5 / Math.sqrt(topology.layerSize(l));
      int end = topology.biasOffset(l) + topology.layerSize(l + 1);
      for (int i = topology.weightOffset(l); i < end; i++) {
        w[i] = scale * random.nextGaussian();
      }
    }
    return w;
  }

  /** Rows of floats in [-3, 3]; every eighth row ten times larger. */
  static float[][] features(int d, long seed) {
    Random random = new Random(seed);
    float[][] x = new float[ROWS][d];
    for (int i = 0; i < ROWS; i++) {
      float scale = i % 8 == 7 ? 30f : 3f;
      for (int j = 0; j < d; j++) {
        x[i][j] = scale * (2 * random.nextFloat() - 1);
      }
    }
    return x;
  }

  /** A DataFrame of the rows in a {@code features} column (the floats widened exactly). */
  static Dataset<Row> frame(float[][] x) {
    List<Row> rows = new ArrayList<>();
    for (float[] r : x) {
      double[] d = new double[r.length];
      for (int j = 0; j < r.length; j++) {
        d[j] = r[j];
      }
      rows.add(RowFactory.create(Vectors.dense(d)));
    }
    return TestSpark.session().createDataFrame(rows,
        new StructType().add("features", SQLDataTypes.VectorType()));
  }
}
