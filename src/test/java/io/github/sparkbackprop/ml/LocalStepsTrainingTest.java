package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code localSteps > 1}, parameter averaging: every Spark job is a round of several steps that
 * each partition takes on its own rows, the weights and the rule's state averaged after it. It
 * learns, it runs one job per round, it is the exact mode when there is one partition, and (the
 * trade-off its doc states) its model depends on the partitioning.
 */
class LocalStepsTrainingTest {

  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    data = TestData.blobs(1000, 6, 4, 31).repartition(3).cache();
    data.count();
  }

  @AfterAll
  static void release() {
    data.unpersist();
  }

  private static NeuralNetworkClassifier adam(int localSteps) {
    return new NeuralNetworkClassifier().setSolver("adam").setHiddenLayers(new int[] {16})
        .setBatchSize(50).setStepSize(0.01).setMaxIter(4).setTol(0).setSeed(7)
        .setLocalSteps(localSteps);
  }

  @Test
  void roundsOfLocalStepsLearnWithOneJobPerRound() {
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      NeuralNetworkClassificationModel model = adam(5).setMaxIter(8).fit(data);
      TestData.assertLearned(model, TestData.heldOutBlobs(1000, 200, 6, 4, 31), 0.8,
          "adam with 5 local steps");
      NeuralNetworkTrainingSummary s = model.summary();
      assertEquals(8, s.totalIterations());
      // the histories are those of the exact mode: one rate per step, one objective per epoch
      assertEquals(8 * 20, s.learningRateHistory().length);
      assertEquals(9, s.objectiveHistory().length);
      List<String> descriptions = jobs.jobs();
      for (int epoch = 1; epoch <= 8; epoch++) {
        String expected = "spark-backprop: epoch " + epoch + " of 8";
        // 20 batches of 50 rows per epoch, in rounds of 5 steps
        assertEquals(4, descriptions.stream().filter(expected::equals).count(),
            "four rounds in epoch " + epoch + ": " + descriptions);
      }
    }
  }

  @Test
  void aRoundThatDoesNotDivideTheEpochEndsWithIt() {
    NeuralNetworkTrainingSummary s = adam(6).setMaxIter(2).fit(data).summary();
    assertEquals(2 * 20, s.learningRateHistory().length); // rounds of 6, 6, 6 and 2 steps
    assertEquals(3, s.objectiveHistory().length);
  }

  @Test
  void onOnePartitionTheRoundsAreTheExactSteps() {
    Dataset<Row> one = data.coalesce(1);
    NeuralNetworkClassificationModel exact = adam(1).fit(one);
    NeuralNetworkClassificationModel local = adam(4).fit(one);
    // one partition holds each whole batch: only the rounding of the averaging (x * w / w)
    assertTrue(TestData.maxAbsDiff(exact.weights().toArray(), local.weights().toArray()) < 1e-9);
    assertArrayEquals(exact.summary().objectiveHistory(), local.summary().objectiveHistory(),
        1e-9);
    assertArrayEquals(exact.summary().learningRateHistory(),
        local.summary().learningRateHistory(), 0.0);
  }

  @Test
  void theModelRepeatsButDependsOnThePartitioning() {
    double[] a = adam(5).fit(data).weights().toArray();
    double[] b = adam(5).fit(data).weights().toArray();
    assertArrayEquals(a, b, 0.0);
    double[] exact = adam(1).fit(data).weights().toArray();
    assertTrue(TestData.maxAbsDiff(a, exact) > 1e-4, "localSteps=5 is not the exact mode");
    double[] twoPartitions = adam(5).fit(data.coalesce(2)).weights().toArray();
    assertTrue(TestData.maxAbsDiff(a, twoPartitions) > 1e-4,
        "3 and 2 partitions train different models with localSteps=5");
  }

  @Test
  void validationEarlyStoppingWorksPerEpoch() {
    Dataset<Row> withHoldOut = data.withColumn("holdOut", functions.rand(3).lt(0.25));
    NeuralNetworkTrainingSummary s = adam(5).setStepSize(0.05).setHiddenLayers(new int[] {32})
        .setMaxIter(40).setValidationIndicatorCol("holdOut").setEarlyStoppingPatience(2)
        .setValidationTol(0.02).fit(withHoldOut).summary();
    assertTrue(s.stopReason().startsWith("validation loss did not improve"), s.stopReason());
    assertEquals(s.totalIterations() + 1, s.validationHistory().length);
    assertTrue(s.bestIteration() < s.totalIterations());
  }

  @Test
  void localStepsBelowOneIsRefusedNamingTheParam() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NeuralNetworkClassifier().setLocalSteps(0));
    assertTrue(e.getMessage().contains("localSteps"), e.getMessage());
  }
}
