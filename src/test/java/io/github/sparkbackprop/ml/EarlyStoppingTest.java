package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validation rows and early stopping: a network that can memorise noisy labels stops before
 * maxIter and keeps the weights of its best validation loss, and validation costs no extra
 * Spark job per epoch.
 */
@Tag("slow")
class EarlyStoppingTest {

  private static Dataset<Row> data;

  /** Overlapping blobs with a third of the labels flipped: easy to overfit. */
  @BeforeAll
  static void data() {
    Random random = new Random(5);
    data = TestData.blobs(400, 8, 2, 9)
        .withColumn("label", functions.when(functions.rand(3).lt(0.3),
            functions.lit(1.0).minus(functions.col("label"))).otherwise(functions.col("label")))
        .withColumn("isVal", functions.rand(random.nextLong()).lt(0.3))
        .repartition(2)
        .cache();
    data.count();
  }

  @AfterAll
  static void release() {
    data.unpersist();
  }

  private static NeuralNetworkClassifier overfitting(String solver) {
    return new NeuralNetworkClassifier()
        .setSolver(solver)
        .setHiddenLayers(new int[] {64, 64})
        .setStepSize(0.01)
        .setBatchSize(32)
        .setMaxIter(solver.equals("l-bfgs") ? 300 : 100)
        .setTol(0)
        .setValidationIndicatorCol("isVal")
        .setEarlyStoppingPatience(4)
        .setSeed(11);
  }

  /** The weighted mean cross-entropy of a model on the validation rows, computed here. */
  private static double validationLoss(NeuralNetworkClassificationModel model) {
    List<Row> rows = model.transform(data.filter("isVal")).select("probability", "label")
        .collectAsList();
    double sum = 0;
    for (Row r : rows) {
      Vector p = r.getAs(0);
      sum -= Math.log(p.apply((int) r.getDouble(1)));
    }
    return sum / rows.size();
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "l-bfgs"})
  void stopsBeforeMaxIterAndKeepsTheBestValidationWeights(String solver) {
    NeuralNetworkClassificationModel model = overfitting(solver).fit(data);
    NeuralNetworkTrainingSummary s = model.summary();
    int maxIter = overfitting(solver).getMaxIter();
    assertTrue(s.totalIterations() < maxIter,
        solver + " ran all " + s.totalIterations() + " iterations: " + s.stopReason());
    double[] v = s.validationHistory();
    assertEquals(s.totalIterations() + 1, v.length);
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] < v[best]) {
        best = i;
      }
    }
    assertEquals(best, s.bestIteration());
    assertTrue(best < s.totalIterations(), "the best epoch is not the last one");
    assertTrue(v[v.length - 1] > v[best], "validation loss rose after the best epoch");
    assertEquals(v[best], validationLoss(model), 1e-9, "the model holds the best weights");
    assertTrue(s.numValidationRows() > 80 && s.numRows() > 200);
  }

  @Test
  void validationCostsNoExtraJobPerEpoch() {
    // one Spark job per step: a barrier stage runs the epochs with validation rows one at a
    // time, and those without in spans of several
    NeuralNetworkClassifier base = overfitting("adam").setBatchSize(100)
        .setMaxIter(6).setEarlyStoppingPatience(100).setExecutionMode("perStep");
    int withValidation;
    int without;
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      NeuralNetworkClassificationModel m = base.fit(data);
      assertEquals(6, m.summary().totalIterations());
      assertEquals(7, m.summary().validationHistory().length);
      withValidation = jobs.jobs().size();
    }
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      // the same training rows, no validation: drop the validation rows instead
      NeuralNetworkClassifier noValidation = base.copy(new org.apache.spark.ml.param.ParamMap());
      noValidation.clear(noValidation.validationIndicatorCol());
      noValidation.fit(data.filter("not isVal"));
      without = jobs.jobs().size();
    }
    // One extra pass in all, for the last epoch's weights; every other validation loss rides
    // along with a training step.
    assertEquals(without + 1, withValidation);
  }
}
