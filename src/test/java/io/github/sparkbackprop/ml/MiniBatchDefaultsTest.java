package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a mini-batch solver does with the params left unset: it chooses them by
 * {@code MiniBatchPlan}'s rule, from the rows alone (so the partitioning does not change them),
 * reports them in the summary, and whatever the user sets wins.
 */
class MiniBatchDefaultsTest {

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

  @Test
  void unsetBatchRateAndCourseAreChosenAndReported() {
    NeuralNetworkClassifier adam = new NeuralNetworkClassifier().setSolver("adam")
        .setHiddenLayers(new int[] {16}).setMaxIter(3).setSeed(7);
    assertFalse(adam.isDefined(adam.batchSize()), "batchSize has no default: unset is chosen");
    assertEquals(0, adam.getBatchSize());
    NeuralNetworkTrainingSummary summary = adam.fit(data).summary();
    // 1000 rows: a 16th is 62, rounded down to a power of two; adam's base rate at 32 rows
    assertEquals(32, summary.batchSize());
    assertEquals(0.001, summary.stepSize(), 0);
    assertEquals("batchSize=32, stepSize=0.001, warmupSteps=30, learningRateSchedule=cosine,"
        + " minLearningRate=1.0E-5", summary.chosenParams());
    double[] rates = summary.learningRateHistory();
    assertEquals(3 * 32, rates.length); // ceil(1000 / 32) steps in each of 3 epochs
    assertEquals(0.001 / 30, rates[0], 1e-15); // warm-up from a 30th of the rate
    assertEquals(0.001, rates[29], 1e-15); // the rate at the end of the warm-up
    assertTrue(rates[95] < rates[50] && rates[50] < rates[30], "cosine decay after warm-up");
    assertTrue(rates[95] >= 1e-5, "never below the floor");
  }

  @Test
  void theChoiceAndTheWeightsDoNotDependOnThePartitioning() {
    NeuralNetworkClassifier adam = new NeuralNetworkClassifier().setSolver("adam")
        .setHiddenLayers(new int[] {8}).setMaxIter(2).setSeed(3);
    NeuralNetworkClassificationModel three = adam.fit(data);
    NeuralNetworkClassificationModel one = adam.fit(data.coalesce(1));
    assertEquals(three.summary().chosenParams(), one.summary().chosenParams());
    assertArrayEquals(three.weights().toArray(), one.weights().toArray(), 1e-9);
  }

  @Test
  void whatTheUserSetsWins() {
    NeuralNetworkTrainingSummary summary = new NeuralNetworkClassifier().setSolver("gd")
        .setHiddenLayers(new int[] {16}).setBatchSize(100).setStepSize(0.05).setMaxIter(2)
        .setSeed(7).fit(data).summary();
    assertEquals(100, summary.batchSize());
    assertEquals(0.05, summary.stepSize(), 0);
    assertEquals("", summary.chosenParams());
    // a rate set by the user: constant, no warm-up, as before the rule existed
    double[] rates = summary.learningRateHistory();
    assertEquals(2 * 10, rates.length);
    assertTrue(Arrays.stream(rates).allMatch(r -> r == 0.05), Arrays.toString(rates));
  }

  @Test
  void unsetEpochsAreChosenFromTheRowsAndLbfgsKeepsItsHundred() {
    NeuralNetworkClassifier adam = new NeuralNetworkClassifier().setSolver("adam")
        .setHiddenLayers(new int[] {4}).setBatchSize(500).setStepSize(0.01).setSeed(7);
    NeuralNetworkTrainingSummary summary = adam.fit(data).summary();
    // 1.2 million row visits of 1000 rows would be 1200 epochs: 100 at most
    assertEquals(100, summary.totalIterations());
    assertEquals("maxIter=100", summary.chosenParams());
    NeuralNetworkClassifier lbfgs = new NeuralNetworkClassifier().setHiddenLayers(new int[] {4});
    assertEquals(100, lbfgs.getMaxIter());
    assertEquals(0, lbfgs.setMaxIter(3).fit(data).summary().batchSize());
  }
}
