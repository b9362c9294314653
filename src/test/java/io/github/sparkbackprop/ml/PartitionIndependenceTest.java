package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The objective is {@code sum w_i loss_i / sum w_i} over all rows, however they are split: the
 * same data in 1 or 7 partitions, or in blocks of any size, trains the same model.
 */
class PartitionIndependenceTest {

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {7, 5})
        .setActivation("tanh")
        .setMaxIter(25)
        .setTol(0)
        .setSeed(17);
  }

  @Test
  void onePartitionAndSevenGiveTheSameObjectiveAndWeights() {
    Dataset<Row> data = TestData.blobs(500, 4, 3, 5).cache();
    NeuralNetworkClassificationModel one = classifier().fit(data.coalesce(1));
    NeuralNetworkClassificationModel seven = classifier().fit(data.repartition(7));
    assertEquals(1, data.coalesce(1).javaRDD().getNumPartitions());
    assertEquals(7, data.repartition(7).javaRDD().getNumPartitions());
    double[] h1 = one.summary().objectiveHistory();
    double[] h7 = seven.summary().objectiveHistory();
    assertEquals(h1.length, h7.length);
    for (int i = 0; i < h1.length; i++) {
      assertEquals(h1[i], h7[i], 1e-9 * Math.max(1, Math.abs(h1[i])), "objective at " + i);
    }
    double diff = TestData.maxAbsDiff(one.weights().toArray(), seven.weights().toArray());
    assertTrue(diff < 1e-6, "weights differ by " + diff);
    data.unpersist();
  }

  @Test
  void blockSizeDoesNotChangeTheModel() {
    Dataset<Row> data = TestData.blobs(300, 4, 3, 6).coalesce(2).cache();
    NeuralNetworkClassificationModel small = classifier().setBlockSize(7).fit(data);
    NeuralNetworkClassificationModel large = classifier().setBlockSize(4096).fit(data);
    double[] hs = small.summary().objectiveHistory();
    double[] hl = large.summary().objectiveHistory();
    assertEquals(hs[0], hl[0], 1e-12 * Math.abs(hs[0]));
    double diff = TestData.maxAbsDiff(small.weights().toArray(), large.weights().toArray());
    assertTrue(diff < 1e-6, "weights differ by " + diff);
    data.unpersist();
  }

  @Test
  void sameSeedGivesIdenticalWeightsAndOtherSeedsDiffer() {
    Dataset<Row> data = TestData.blobs(200, 3, 2, 8).coalesce(3).cache();
    double[] a = classifier().fit(data).weights().toArray();
    double[] b = classifier().fit(data).weights().toArray();
    double[] c = classifier().setSeed(18).fit(data).weights().toArray();
    assertArrayEquals(a, b, 0.0);
    assertTrue(TestData.maxAbsDiff(a, c) > 1e-3);
    data.unpersist();
  }
}
