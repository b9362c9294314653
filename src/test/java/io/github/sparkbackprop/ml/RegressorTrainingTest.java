package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The regressor fits smooth functions, and Huber resists outlying labels. */
@Tag("line")
class RegressorTrainingTest {

  @Test
  void fitsSmoothFunctionToRSquaredAbove099() {
    Dataset<Row> data = TestData.smoothRegression(800, 0.02, 21);
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {20, 20})
        .setActivation("tanh")
        .setMaxIter(300)
        .setSeed(4)
        .fit(data);
    Dataset<Row> scored = model.transform(data);
    double r2 = new RegressionEvaluator().setMetricName("r2").evaluate(scored);
    assertTrue(r2 > 0.99, "R^2 = " + r2);
    Dataset<Row> heldOut = TestData.smoothRegression(300, 0.0, 99);
    double r2HeldOut =
        new RegressionEvaluator().setMetricName("r2").evaluate(model.transform(heldOut));
    assertTrue(r2HeldOut > 0.98, "held-out R^2 = " + r2HeldOut);
    assertArrayEquals(new int[] {2, 20, 20, 1}, model.layers());
    for (Row row : scored.select("features", "prediction").collectAsList()) {
      Vector features = row.getAs(0);
      assertEquals(model.predict(features), row.getDouble(1), 1e-12);
    }
  }

  @Test
  void huberIgnoresOutliersThatPullSquaredError() {
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x = 4 * random.nextDouble() - 2;
      double y = 2 * x + 1 + 0.05 * random.nextGaussian();
      if (i % 10 == 0) {
        y += 40; // a tenth of the labels are gross outliers
      }
      rows.add(RowFactory.create(Vectors.dense(x), y));
    }
    Dataset<Row> data = TestSpark.session().createDataFrame(rows, TestData.SCHEMA);
    NeuralNetworkRegressor base = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[0]).setMaxIter(200).setSeed(1);
    NeuralNetworkRegressionModel squared = base.copy(new org.apache.spark.ml.param.ParamMap())
        .setLoss("squaredError").fit(data);
    NeuralNetworkRegressionModel huber = base.copy(new org.apache.spark.ml.param.ParamMap())
        .setLoss("huber").setEpsilon(0.5).fit(data);
    // a linear model: weights are [slope, intercept]
    double[] h = huber.weights().toArray();
    double[] s = squared.weights().toArray();
    assertEquals(2.0, h[0], 0.1);
    assertEquals(1.0, h[1], 0.3);
    assertTrue(Math.abs(s[1] - 1.0) > 3, "squared error intercept " + s[1]);
  }
}
