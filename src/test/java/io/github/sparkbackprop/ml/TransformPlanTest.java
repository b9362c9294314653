package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.ScoringRows.addParquetFile;
import static io.github.sparkbackprop.ml.ScoringRows.assertSameRows;
import static io.github.sparkbackprop.ml.ScoringRows.readBatch;
import static io.github.sparkbackprop.ml.ScoringRows.rows;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transform} of a batch DataFrame is an ordinary, lazy plan over the input's plan: the
 * input's own scan stays in it, no RDD scan appears, Spark's optimizer works around it
 * ({@code select}, {@code filter}, {@code limit}), and it keeps the output schema with its
 * metadata.
 */
@Tag("line")
class TransformPlanTest {

  private static NeuralNetworkClassificationModel classifier;
  private static NeuralNetworkRegressionModel regressor;

  @BeforeAll
  static void fitModels() {
    classifier = ScoringRows.classifier();
    regressor = ScoringRows.regressor();
  }

  @Test
  void selectFilterLimitAndExplainWorkAndThePlanHasNoRddScan(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    addParquetFile(rows(0, 200), dir.resolve("input"), "rows");
    Dataset<Row> input = readBatch(spark, dir.resolve("input"));

    Dataset<Row> all = classifier.transform(input);
    Dataset<Row> picked = all.select("id", "c_prediction", "c_probability")
        .filter(col("c_prediction").equalTo(1.0)).limit(5);
    picked.explain(true);   // prints the plans; must not fail

    String plans = picked.queryExecution().toString();
    String physical = picked.queryExecution().executedPlan().toString();
    for (String rddNode : new String[] {"LogicalRDD", "ExistingRDD", "RDDScan"}) {
      assertFalse(plans.contains(rddNode), "no " + rddNode + " in\n" + plans);
    }
    assertTrue(physical.contains("FileScan parquet"),
        "the input's own scan is still in the plan:\n" + physical);
    assertTrue(physical.contains("MapPartitions") && physical.contains("scoring blocks of 16"),
        "explain names the scoring step:\n" + physical);

    List<Row> rows = picked.collectAsList();
    assertEquals(List.of("id", "c_prediction", "c_probability"),
        List.of(picked.schema().fieldNames()));
    Map<Long, Row> everyRow = new HashMap<>();
    for (Row row : all.select("id", "c_prediction", "c_probability").collectAsList()) {
      everyRow.put(row.getLong(0), row);
    }
    long ones = everyRow.values().stream().filter(r -> r.getDouble(1) == 1.0).count();
    assertTrue(ones >= 5, "the test needs at least 5 rows predicted as class 1, got " + ones);
    assertEquals(5, rows.size());
    for (Row row : rows) {
      assertEquals(1.0, row.getDouble(1));
      assertSameRows(List.of(everyRow.get(row.getLong(0))), List.of(row));
    }
  }

  @Test
  void aFilterOnAnInputColumnAboveTheModelKeepsTheScoresOfTheRowsItKeeps() {
    Dataset<Row> input = rows(0, 120);
    Dataset<Row> scored = regressor.transform(input);
    List<Row> even = scored.filter(col("id").mod(2).equalTo(0)).orderBy("id").collectAsList();
    List<Row> expected = scored.orderBy("id").collectAsList().stream()
        .filter(row -> row.getLong(0) % 2 == 0).toList();
    assertSameRows(expected, even);
  }

  @Test
  void theScoredRowsJoinWithThemselves() {
    Dataset<Row> scored = regressor.transform(rows(0, 60));
    Dataset<Row> pairs = scored.as("a").join(scored.as("b"), "id")
        .filter(col("a.r_prediction").equalTo(col("b.r_prediction")));
    assertEquals(60, pairs.count(), "each row meets itself, with the same score");
  }

  @Test
  void transformRunsNoSparkJobUntilAnAction() {
    Dataset<Row> input = rows(0, 50).repartition(2);
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      Dataset<Row> scored = regressor.transform(classifier.transform(input))
          .select("id", "c_prediction", "r_prediction");
      assertEquals(List.of(), jobs.jobs(), "transform and select are lazy");
      assertEquals(50, scored.count());
    }
  }

  /**
   * Spark runs the plan's steps without whole-stage code generation when it is off or when a
   * row has too many columns for it (more than {@code spark.sql.codegen.maxFields}, e.g. raw
   * pixels), and interprets expressions when code generation fails: every path scores alike.
   * Parquet input then reaches the model as columnar batches' row views, not UnsafeRows.
   */
  @Test
  void scoresTheSameWithoutCodeGeneration(@TempDir Path dir) {
    SparkSession spark = TestSpark.session();
    addParquetFile(rows(0, 90), dir.resolve("input"), "rows");
    Dataset<Row> input = readBatch(spark, dir.resolve("input"));
    List<Row> generated = classifier.transform(input).orderBy("id").collectAsList();
    String wholeStage = spark.conf().get("spark.sql.codegen.wholeStage");
    String factoryMode = spark.conf().get("spark.sql.codegen.factoryMode");
    try {
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      Dataset<Row> scored = classifier.transform(input);
      assertFalse(scored.queryExecution().executedPlan().toString().contains("*("),
          "no whole-stage code generation:\n" + scored.queryExecution().executedPlan());
      assertSameRows(generated, scored.orderBy("id").collectAsList());
      // and no generated code at all: every expression and projection interpreted
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      assertSameRows(generated, classifier.transform(input).orderBy("id").collectAsList());
    } finally {
      spark.conf().set("spark.sql.codegen.wholeStage", wholeStage);
      spark.conf().set("spark.sql.codegen.factoryMode", factoryMode);
    }
  }

  @Test
  void theOutputSchemaIsTransformSchemaWithItsMetadata() {
    Dataset<Row> input = rows(0, 10);
    assertEquals(classifier.transformSchema(input.schema()),
        classifier.transform(input).schema());
    assertEquals(regressor.transformSchema(input.schema()), regressor.transform(input).schema());
    assertArrayEquals(
        new String[] {"id", "x0", "x1", "x2", "features", "label", "y", "c_prediction",
            "c_rawPrediction", "c_probability"},
        classifier.transform(input).schema().fieldNames());
    assertTrue(classifier.transform(input).schema().apply("c_prediction").metadata()
        .contains("ml_attr"), "the prediction column carries Spark ML's attribute metadata");
  }
}
