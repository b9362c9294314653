package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The classifier learns: XOR exactly, Gaussian blobs well, with every solver and activation. */
@Tag("slow")
@Tag("line")
class ClassifierTrainingTest {

  @ParameterizedTest
  @ValueSource(strings = {"tanh", "relu", "sigmoid", "elu", "softplus", "leakyRelu"})
  void learnsXorToFullAccuracy(String activation) {
    Dataset<Row> xor = TestData.xor();
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {8})
        .setActivation(activation)
        .setMaxIter(200)
        .setSeed(3)
        .fit(xor);
    Dataset<Row> scored = model.transform(xor);
    assertEquals(4, scored.filter("prediction = label").count(),
        () -> "XOR not learned with " + activation + ": "
            + scored.select("label", "prediction", "probability").collectAsList());
  }

  @Test
  void learnsXorWithGradientDescent() {
    Dataset<Row> xor = TestData.xor();
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {8})
        .setActivation("tanh")
        .setSolver("gd")
        .setStepSize(1.0)
        .setMaxIter(400)
        .setTol(0)
        .setSeed(5)
        .fit(xor);
    assertEquals(4, model.transform(xor).filter("prediction = label").count());
    double[] history = model.summary().objectiveHistory();
    assertEquals(401, history.length);
    assertTrue(history[history.length - 1] < 0.1 * history[0]);
  }

  @Test
  void classifiesBlobsAndReportsConsistentColumns() {
    Dataset<Row> data = TestData.blobs(600, 5, 4, 11);
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {16, 8})
        .setMaxIter(100)
        .setBlockSize(64)
        .setSeed(2)
        .fit(data);
    assertArrayEquals(new int[] {5, 16, 8, 4}, model.layers());
    assertEquals(4, model.numClasses());
    assertEquals(5, model.numFeatures());
    assertEquals(5 * 16 + 16 + 16 * 8 + 8 + 8 * 4 + 4, model.weights().size());
    // 150 rows it has not seen; the majority class of these blobs is about 0.3 of them
    TestData.assertLearned(model, TestData.heldOutBlobs(600, 150, 5, 4, 11), 0.85,
        "l-bfgs on blobs");
    Dataset<Row> scored = model.transform(data);
    for (Row row : scored.select("features", "rawPrediction", "probability", "prediction")
        .collectAsList()) {
      Vector features = row.getAs(0);
      Vector raw = row.getAs(1);
      Vector probability = row.getAs(2);
      double prediction = row.getDouble(3);
      // block scoring must agree with the single-row path Spark uses in predict()
      assertArrayEquals(model.predictRaw(features).toArray(), raw.toArray(), 1e-12);
      assertEquals(model.predict(features), prediction);
      double sum = 0;
      for (double p : probability.toArray()) {
        assertTrue(p >= 0 && p <= 1);
        sum += p;
      }
      assertEquals(1.0, sum, 1e-12);
      assertEquals(raw.argmax(), (int) prediction);
      assertEquals(probability.argmax(), (int) prediction);
    }
  }

  @Test
  void thresholdsShiftPredictions() {
    Dataset<Row> data = TestData.blobs(300, 3, 2, 4);
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {4}).setMaxIter(50).setSeed(1).fit(data);
    long ones = model.transform(data).filter("prediction = 1").count();
    model.setThresholds(new double[] {1.0, 1e-9});
    long onesAfter = model.transform(data).filter("prediction = 1").count();
    assertTrue(onesAfter > ones, ones + " -> " + onesAfter);
    assertEquals(300, onesAfter);
  }

  @Test
  void summaryRecordsTheObjective() {
    Dataset<Row> data = TestData.blobs(200, 3, 3, 8);
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {6}).setMaxIter(15).setTol(0).setSeed(1).fit(data);
    NeuralNetworkTrainingSummary summary = model.summary();
    assertEquals(15, summary.totalIterations());
    assertEquals(16, summary.objectiveHistory().length);
    assertEquals(200, summary.numRows());
    double[] h = summary.objectiveHistory();
    for (int i = 1; i < h.length; i++) {
      assertTrue(h[i] <= h[i - 1], "l-bfgs objective must not increase");
    }
    assertTrue(h[h.length - 1] < h[0]);
  }
}
