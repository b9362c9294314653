package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** A row of weight 2 counts exactly as the row twice; weight 0 as no row. */
class InstanceWeightTest {

  private static List<Row> base() {
    return TestData.blobs(120, 3, 3, 12).collectAsList();
  }

  @Test
  void weightTwoEqualsTheRowDuplicated() {
    List<Row> rows = base();
    List<Row> weighted = new ArrayList<>();
    List<Row> duplicated = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double w = i % 3 == 0 ? 2.0 : 1.0;
      weighted.add(RowFactory.create(r.get(0), r.get(1), w));
      duplicated.add(RowFactory.create(r.get(0), r.get(1), 1.0));
      if (w == 2.0) {
        duplicated.add(RowFactory.create(r.get(0), r.get(1), 1.0));
      }
    }
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {5}).setMaxIter(30).setTol(0).setSeed(9);
    NeuralNetworkClassificationModel byWeight = nn.copy(new org.apache.spark.ml.param.ParamMap())
        .setWeightCol("weight")
        .fit(TestSpark.session().createDataFrame(weighted, TestData.WEIGHTED_SCHEMA));
    NeuralNetworkClassificationModel byCopies = nn.copy(new org.apache.spark.ml.param.ParamMap())
        .fit(TestSpark.session().createDataFrame(duplicated, TestData.WEIGHTED_SCHEMA));
    double[] hw = byWeight.summary().objectiveHistory();
    double[] hc = byCopies.summary().objectiveHistory();
    for (int i = 0; i < hw.length; i++) {
      assertEquals(hc[i], hw[i], 1e-9 * Math.abs(hc[i]), "objective at " + i);
    }
    double diff =
        TestData.maxAbsDiff(byWeight.weights().toArray(), byCopies.weights().toArray());
    assertTrue(diff < 1e-6, "weights differ by " + diff);
  }

  @Test
  void weightsChangeTheModelAndZeroWeightRowsAreIgnored() {
    List<Row> rows = base();
    List<Row> withJunk = new ArrayList<>();
    List<Row> plain = new ArrayList<>();
    for (Row r : rows) {
      withJunk.add(RowFactory.create(r.get(0), r.get(1), 1.0));
      plain.add(RowFactory.create(r.get(0), r.get(1), 1.0));
      // a mislabelled copy with weight 0 must change nothing
      withJunk.add(RowFactory.create(r.get(0), (r.getDouble(1) + 1) % 3, 0.0));
    }
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {5}).setMaxIter(20).setTol(0).setSeed(9)
        .setWeightCol("weight");
    double[] a = nn.fit(TestSpark.session().createDataFrame(withJunk, TestData.WEIGHTED_SCHEMA))
        .weights().toArray();
    double[] b = nn.fit(TestSpark.session().createDataFrame(plain, TestData.WEIGHTED_SCHEMA))
        .weights().toArray();
    assertTrue(TestData.maxAbsDiff(a, b) < 1e-6);
  }
}
