package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@code aggregationDepth} shapes the {@code treeAggregate} of every training pass: on 16
 * partitions, depth 2 sums through one intermediate level (scale 4: 16 to 4 partials) and depth
 * 4 through two (scale 2: 16 to 8 to 4), one stage more per pass, for the same model.
 */
class AggregationDepthTest {

  private static final String PASS = "spark-backprop: l-bfgs iteration";

  private static double[] fit(Dataset<Row> data, int depth) {
    return new NeuralNetworkClassifier().setHiddenLayers(new int[] {6}).setMaxIter(3)
        .setTol(0).setSeed(2).setAggregationDepth(depth).fit(data).weights().toArray();
  }

  @Test
  void deeperTreesAddAStagePerPassAndGiveTheSameModel() {
    Dataset<Row> data = TestData.blobs(800, 4, 3, 9).repartition(16).cache();
    try {
      double[] shallow;
      List<Integer> shallowStages;
      try (JobRecorder jobs = new JobRecorder(data.sparkSession().sparkContext())) {
        shallow = fit(data, 2);
        shallowStages = jobs.stageCounts(PASS);
      }
      double[] deep;
      List<Integer> deepStages;
      try (JobRecorder jobs = new JobRecorder(data.sparkSession().sparkContext())) {
        deep = fit(data, 4);
        deepStages = jobs.stageCounts(PASS);
      }
      assertFalse(shallowStages.isEmpty(), "no training pass recorded");
      assertEquals(shallowStages.size(), deepStages.size());
      for (int i = 0; i < shallowStages.size(); i++) {
        assertEquals(shallowStages.get(i) + 1, (int) deepStages.get(i),
            "pass " + i + ": stages " + shallowStages + " at depth 2, " + deepStages
                + " at depth 4");
      }
      assertTrue(TestData.maxAbsDiff(shallow, deep) < 1e-9,
          "depth changed the model by " + TestData.maxAbsDiff(shallow, deep));
    } finally {
      data.unpersist();
    }
  }
}
