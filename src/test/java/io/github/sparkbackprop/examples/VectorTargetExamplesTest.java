package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.cluster.ChildProcess;
import io.github.sparkbackprop.ml.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector-target examples end to end through their {@code run} methods, on the committed
 * data with fewer iterations than their defaults; each saved pipeline is loaded back and must
 * score like the one in memory.
 */
@Tag("slow")
class VectorTargetExamplesTest {

  private static String data(String file) {
    return ChildProcess.basedir().resolve("examples/data").resolve(file).toString();
  }

  private static Dataset<Row> csv(SparkSession spark, String file) {
    return spark.read().option("header", "true").option("inferSchema", "true").csv(file);
  }

  @Test
  void multiOutputRegressionLearnsEveryTargetBetterThanLinearModels(@TempDir Path tmp) {
    SparkSession spark = TestSpark.session();
    Path output = tmp.resolve("model");
    Path metrics = tmp.resolve("metrics.json");
    MultiOutputRegression.Result result = MultiOutputRegression.run(spark,
        new MultiOutputRegression.Options()
            .input(data("multi-target.csv"))
            .maxIter(80)
            .output(output.toString())
            .metricsOut(metrics));

    System.out.print("VectorTargetExamplesTest: " + result.toJson());
    assertEquals(2000, result.trainRows() + result.testRows());
    assertArrayEquals(new int[] {8, 32, 3}, result.network().layers());
    // the noise (standard deviation 1) caps each R² near 0.95 to 0.97
    assertTrue(result.meanR2() > 0.85, "mean R² " + result.meanR2());
    for (int j = 0; j < 3; j++) {
      assertTrue(result.r2()[j] > result.linearR2()[j] + 0.05, "target " + j + ": network R² "
          + result.r2()[j] + " vs linear " + result.linearR2()[j]);
    }
    assertTrue(Files.exists(metrics));

    PipelineModel loaded = PipelineModel.load(output.toString());
    Dataset<Row> rows = csv(spark, data("multi-target.csv")).limit(40);
    assertEquals(result.model().transform(rows).select("prediction").collectAsList(),
        loaded.transform(rows).select("prediction").collectAsList());
  }

  @Test
  void multiLabelExampleBeatsTheMajorityAnswerAndSavesItsPipeline(@TempDir Path tmp) {
    SparkSession spark = TestSpark.session();
    Path output = tmp.resolve("model");
    MultiLabelSubscriptions.Result result = MultiLabelSubscriptions.run(spark,
        new MultiLabelSubscriptions.Options()
            .input(data("subscriptions.csv"))
            .maxIter(60)
            .output(output.toString()));

    System.out.print("VectorTargetExamplesTest: " + result.toJson());
    assertEquals(3000, result.trainRows() + result.testRows());
    assertArrayEquals(new int[] {5, 16, 5}, result.network().layers());
    assertTrue(result.hammingLoss() < result.majorityHammingLoss() - 0.03, "Hamming loss "
        + result.hammingLoss() + " vs " + result.majorityHammingLoss() + " for the majority");
    // the labels are drawn at random from the features: even the true model scores about 0.76
    assertTrue(result.microF1() > 0.65, "micro F1 " + result.microF1());
    assertEquals(5, result.f1ByLabel().length);

    PipelineModel loaded = PipelineModel.load(output.toString());
    Dataset<Row> rows = csv(spark, data("subscriptions.csv")).limit(40);
    List<Row> expected = result.model().transform(rows).select("prediction", "probability")
        .collectAsList();
    assertEquals(expected, loaded.transform(rows).select("prediction", "probability")
        .collectAsList());
  }

  @Test
  void indicatorColumnsBecomeArraysOfLabelIndices() {
    Dataset<Row> rows = TestSpark.session().sql(
        "SELECT 1 AS a, 0 AS b, 1 AS c UNION ALL SELECT 0, 0, 0 UNION ALL SELECT 0, 1, 0");
    List<Row> labels = rows.select(MultiLabelSubscriptions.labelIndices("a", "b", "c"))
        .collectAsList();
    assertEquals(List.of(0.0, 2.0), labels.get(0).getList(0));
    assertEquals(List.of(), labels.get(1).getList(0));
    assertEquals(List.of(1.0), labels.get(2).getList(0));
  }

  @Test
  void missingTargetAndLabelColumnsAreReportedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MultiOutputRegression.run(TestSpark.session(), new MultiOutputRegression.Options()
            .input(data("multi-target.csv")).targets("y1", "price")));
    assertTrue(e.getMessage().contains("'price'") && e.getMessage().contains("--targets"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MultiLabelSubscriptions.run(TestSpark.session(),
            new MultiLabelSubscriptions.Options().input(data("subscriptions.csv"))
                .labels("streaming", "golf")));
    assertTrue(e.getMessage().contains("'golf'") && e.getMessage().contains("--labels"),
        e.getMessage());
  }
}
