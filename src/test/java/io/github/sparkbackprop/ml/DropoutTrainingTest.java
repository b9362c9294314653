package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.BarrierExecutionTest.assertBitwiseEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code dropout} in a Spark fit: masks keyed on the seed, the step and the row's place in the
 * data repeat bit for bit and do not depend on the partitioning; a rate of 0 is training as it
 * was; {@code l-bfgs} refuses a rate above 0 before any Spark job. (The masked passes' gradients
 * are checked in {@code nn.GradientCheckTest}; resuming in {@code CheckpointResumeTest}; the
 * two execution modes in {@code BarrierExecutionTest}.)
 */
@Tag("slow")
class DropoutTrainingTest {

  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    data = TestData.blobs(600, 6, 3, 71).cache();
    data.count();
  }

  @AfterAll
  static void release() {
    data.unpersist();
  }

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier().setSolver("adam").setHiddenLayers(new int[] {16, 8})
        .setBatchSize(50).setStepSize(0.01).setMaxIter(4).setTol(0).setSeed(23)
        .setExecutionMode("perStep");
  }

  private static double[] fit(NeuralNetworkClassifier nn, Dataset<Row> rows) {
    return nn.fit(rows).weights().toArray();
  }

  @Test
  void aSeededFitRepeatsAndDoesNotDependOnThePartitioning() {
    // the same rows in the same order, split 2 and 3 ways
    Dataset<Row> two = TestData.inPartitions(data, 2);
    Dataset<Row> three = TestData.inPartitions(data, 3);
    assertEquals(2, two.javaRDD().getNumPartitions());
    assertEquals(3, three.javaRDD().getNumPartitions());
    NeuralNetworkClassificationModel a = classifier().setDropout(0.3).fit(two);
    NeuralNetworkClassificationModel b = classifier().setDropout(0.3).fit(two);
    assertBitwiseEqual(a.weights().toArray(), b.weights().toArray(), "repeated fit");
    double[] split3 = fit(classifier().setDropout(0.3), three);
    double diff = TestData.maxAbsDiff(a.weights().toArray(), split3);
    // the partitions' sums are added in another order: rounding only
    assertTrue(diff < 1e-9, "2 against 3 partitions: weights differ by " + diff);
    // and the masks changed the training
    double[] plain = fit(classifier(), two);
    assertTrue(TestData.maxAbsDiff(a.weights().toArray(), plain) > 1e-3,
        "dropout 0.3 trained what no dropout trains");
    assertEquals(4, a.summary().totalIterations());
  }

  @Test
  void aRateOfZeroTrainsWhatTrainingWithoutTheParamTrains() {
    Dataset<Row> rows = TestData.inPartitions(data, 2);
    NeuralNetworkClassificationModel unset = classifier().fit(rows);
    NeuralNetworkClassificationModel zero = classifier().setDropout(0.0).fit(rows);
    assertBitwiseEqual(unset.weights().toArray(), zero.weights().toArray(), "dropout 0");
    assertBitwiseEqual(unset.summary().objectiveHistory(), zero.summary().objectiveHistory(),
        "dropout 0: objectives");
  }

  @Test
  void dropoutRegularisesAWideNetworkOnFewRows() {
    // 60 rows with random labels, a wide network and many epochs: without dropout it memorises
    // the labels; with dropout its training loss stays well above, as regularisation does
    Dataset<Row> few = TestData.blobs(60, 6, 3, 5)
        .withColumn("label", org.apache.spark.sql.functions.floor(
            org.apache.spark.sql.functions.rand(3).multiply(3)).cast("double"))
        .coalesce(2).cache();
    try {
      NeuralNetworkClassifier wide = new NeuralNetworkClassifier().setSolver("adam")
          .setHiddenLayers(new int[] {128}).setBatchSize(60).setStepSize(0.01).setMaxIter(150)
          .setTol(0).setSeed(4).setExecutionMode("perStep");
      double[] plain = wide.fit(few).summary().objectiveHistory();
      double[] dropped = wide.copy(new org.apache.spark.ml.param.ParamMap())
          .setDropout(0.5).fit(few).summary().objectiveHistory();
      double lastPlain = plain[plain.length - 1];
      double lastDropped = dropped[dropped.length - 1];
      assertTrue(lastDropped > 3 * lastPlain, "final training objective with dropout "
          + lastDropped + ", without " + lastPlain);
      assertTrue(Double.isFinite(lastDropped) && lastDropped < dropped[0],
          "dropout still trains: " + dropped[0] + " -> " + lastDropped);
    } finally {
      few.unpersist();
    }
  }

  @Test
  void lbfgsRefusesDropoutBeforeAnySparkJobNamingTheFix() {
    try (JobRecorder jobs = new JobRecorder(data.sparkSession().sparkContext())) {
      IllegalArgumentException e = InputValidationTest.assertRejected(
          () -> classifier().setSolver("l-bfgs").setDropout(0.2).fit(data),
          "dropout", "0.2", "l-bfgs", "adam", "dropout to 0");
      assertEquals(List.of(), jobs.jobs(), "Spark jobs ran before the error: " + e);
    }
  }
}
