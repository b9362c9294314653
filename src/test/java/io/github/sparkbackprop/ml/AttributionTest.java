package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attribution column of every model: its shape, completeness (the attributions add up to
 * the explained output at the row minus at the baseline: to rounding without hidden layers,
 * within 1% on average with them), the default baseline (the training means, kept through save
 * and load), a baseline set, clear errors, {@code featureImportances}, float precision, and
 * streaming input.
 */
@Tag("slow")
class AttributionTest {

  private static final SparkSession SPARK = TestSpark.session();

  private static Dataset<Row> blobs;
  private static NeuralNetworkClassificationModel classifier;

  @BeforeAll
  static void fit() {
    blobs = TestData.blobs(300, 4, 3, 7).cache();
    classifier = new NeuralNetworkClassifier().setHiddenLayers(new int[] {8}).setActivation("tanh")
        .setMaxIter(40).setSeed(3).setBlockSize(32).fit(blobs);
  }

  /** Mean of each feature of {@code dataset}'s column {@code features}. */
  private static double[] means(Dataset<Row> dataset) {
    List<Row> rows = dataset.select("features").collectAsList();
    double[] sum = new double[((Vector) rows.get(0).get(0)).size()];
    for (Row row : rows) {
      double[] x = ((Vector) row.get(0)).toArray();
      for (int j = 0; j < sum.length; j++) {
        sum[j] += x[j];
      }
    }
    for (int j = 0; j < sum.length; j++) {
      sum[j] /= rows.size();
    }
    return sum;
  }

  /** What each row's attributions explain, given its raw outputs and predicted labels. */
  @FunctionalInterface
  private interface Explained {
    double of(double[] raw, Row row);
  }

  /**
   * Checks completeness over the rows of {@code scored}: {@code sum_j a_j} against
   * {@code g(x) - g(b)}; returns the mean absolute error divided by the mean of
   * {@code |g(x) - g(b)|}.
   *
   * @param rawAtBaseline the raw outputs at the baseline
   */
  private static double completenessError(Dataset<Row> scored, String rawCol,
      double[] rawAtBaseline, Explained explained) {
    double error = 0;
    double size = 0;
    List<Row> rows = scored.collectAsList();
    for (Row row : rows) {
      double[] a = ((Vector) row.getAs("attributions")).toArray();
      double sum = 0;
      for (double v : a) {
        sum += v;
      }
      double[] raw = rawCol.equals("prediction") && row.getAs(rawCol) instanceof Double
          ? new double[] {row.getAs(rawCol)} : ((Vector) row.getAs(rawCol)).toArray();
      double difference = explained.of(raw, row) - explained.of(rawAtBaseline, row);
      error += Math.abs(sum - difference);
      size += Math.abs(difference);
    }
    return error / size;
  }

  private static double predictedClassScore(double[] raw, Row row) {
    return raw[(int) (double) row.<Double>getAs("prediction")];
  }

  @Test
  void theClassifiersColumnExplainsThePredictedClassFromTheTrainingMeans() {
    NeuralNetworkClassificationModel model = classifier.copy(
        new org.apache.spark.ml.param.ParamMap()).setAttributionCol("attributions");
    Dataset<Row> scored = model.transform(blobs);
    assertEquals("attributions", scored.columns()[scored.columns().length - 1]);
    assertEquals(4, AttributeGroup.fromStructField(scored.schema().apply("attributions"))
        .size());
    assertArrayEquals(means(blobs), model.featureMeans(), 1e-12);
    assertTrue(model.explainParams().contains("attributionSteps"));
    double[] rawAtMeans = model.predictRaw(Vectors.dense(means(blobs))).toArray();
    double error = completenessError(scored, "rawPrediction", rawAtMeans,
        AttributionTest::predictedClassScore);
    assertTrue(error < 0.01, "completeness error " + error);
  }

  @Test
  void withoutHiddenLayersTheyAddUpToRounding() {
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[0]).setMaxIter(20).setSeed(1).fit(blobs)
        .setAttributionCol("attributions").setAttributionSteps(3);
    double[] rawAtMeans = model.predictRaw(Vectors.dense(means(blobs))).toArray();
    double error = completenessError(model.transform(blobs), "rawPrediction", rawAtMeans,
        AttributionTest::predictedClassScore);
    assertTrue(error < 1e-12, "completeness error " + error);
  }

  @Test
  void aBaselineSetIsWhereThePathsStartAndFloatFollowsDouble() {
    double[] zeros = new double[4];
    NeuralNetworkClassificationModel model = classifier.copy(
        new org.apache.spark.ml.param.ParamMap()).setAttributionCol("attributions")
        .setAttributionBaseline(Vectors.dense(zeros)).setAttributionSteps(64);
    double[] rawAtZero = model.predictRaw(Vectors.dense(zeros)).toArray();
    double error = completenessError(model.transform(blobs), "rawPrediction", rawAtZero,
        AttributionTest::predictedClassScore);
    assertTrue(error < 0.01, "completeness error " + error);
    model.set(model.precision(), "float");
    double floatError = completenessError(model.transform(blobs), "rawPrediction", rawAtZero,
        AttributionTest::predictedClassScore);
    assertTrue(floatError < 0.01, "completeness error in float " + floatError);
  }

  @Test
  void theRegressorExplainsItsPredictionAndTheSumOfAVectorPrediction() {
    Dataset<Row> data = VectorTargetData.multiOutput(200, 4);
    NeuralNetworkRegressionModel vector = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {10}).setActivation("relu").setMaxIter(20).setSeed(2)
        .fit(data).setAttributionCol("attributions");
    double[] atMeans = vector.predictVector(Vectors.dense(means(data))).toArray();
    double error = completenessError(vector.transform(data), "prediction", atMeans,
        (raw, row) -> Arrays.stream(raw).sum());
    assertTrue(error < 0.01, "vector prediction: completeness error " + error);

    Dataset<Row> smooth = TestData.smoothRegression(200, 0.05, 8);
    NeuralNetworkRegressionModel single = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {6}).setActivation("softplus").setMaxIter(20).setSeed(2)
        .setAttributionCol("attributions").fit(smooth);
    assertEquals("attributions", single.getAttributionCol(), "the estimator passes it on");
    double[] atMean = {single.predict(Vectors.dense(means(smooth)))};
    error = completenessError(single.transform(smooth), "prediction", atMean,
        (raw, row) -> raw[0]);
    assertTrue(error < 0.01, "completeness error " + error);
  }

  @Test
  void theMultiLabelClassifierExplainsTheSumOfItsPredictedLabelsScores() {
    Dataset<Row> data = VectorTargetData.multiLabel(200, 5);
    NeuralNetworkMultiLabelClassificationModel model = new NeuralNetworkMultiLabelClassifier()
        .setHiddenLayers(new int[] {8}).setMaxIter(20).setSeed(3).setLabelCol("labels")
        .fit(data).setAttributionCol("attributions");
    double[] atMeans = model.predictRaw(Vectors.dense(means(data))).toArray();
    Dataset<Row> scored = model.transform(data);
    double error = completenessError(scored, "rawPrediction", atMeans, (raw, row) -> {
      double sum = 0;
      for (Object label : row.getList(row.fieldIndex("prediction"))) {
        sum += raw[(int) (double) (Double) label];
      }
      return sum;
    });
    assertTrue(error < 0.01, "completeness error " + error);
    // a row without a predicted label explains nothing
    for (Row row : scored.where(functions.size(functions.col("prediction")).equalTo(0))
        .collectAsList()) {
      assertArrayEquals(new double[4], ((Vector) row.getAs("attributions")).toArray(), 0.0);
    }
  }

  /**
   * Before fitting, each estimator's schema has the attribution column its model will add, as
   * a {@code Pipeline} checks it before it fits anything, and a name already taken fails there,
   * before any training.
   */
  @Test
  void theEstimatorsSchemasHaveTheColumnTheirModelsAdd() {
    NeuralNetworkClassifier classes = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {3}).setMaxIter(2).setSeed(1).setAttributionCol("a");
    assertSchemaBeforeFitIsTheModels(classes, blobs);
    Dataset<Row> vectors = VectorTargetData.multiOutput(60, 4);
    assertSchemaBeforeFitIsTheModels(new NeuralNetworkRegressor().setHiddenLayers(new int[] {3})
        .setMaxIter(2).setSeed(1).setAttributionCol("a"), vectors);
    assertSchemaBeforeFitIsTheModels(new NeuralNetworkMultiLabelClassifier()
        .setHiddenLayers(new int[] {3}).setMaxIter(2).setSeed(1).setLabelCol("labels")
        .setAttributionCol("a"), VectorTargetData.multiLabel(60, 5));
    List<String> withoutAttributions = new ArrayList<>(Arrays.asList(vectors.columns()));
    withoutAttributions.add("prediction");
    assertEquals(withoutAttributions, Arrays.asList(new NeuralNetworkRegressor()
        .transformSchema(vectors.schema()).fieldNames()), "no column without attributionCol");

    IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
        () -> classes.setAttributionCol("label").transformSchema(blobs.schema()));
    assertTrue(taken.getMessage().contains("attribution column 'label' already exists")
        && taken.getMessage().contains("setAttributionCol"), taken.getMessage());
  }

  private static void assertSchemaBeforeFitIsTheModels(Estimator<?> estimator,
      Dataset<Row> data) {
    StructType before = estimator.transformSchema(data.schema());
    Model<?> model = estimator.fit(data);
    assertEquals(Arrays.asList(model.transform(data).columns()),
        Arrays.asList(before.fieldNames()), estimator.getClass().getSimpleName());
    assertEquals(model.transformSchema(data.schema()).apply("a").dataType(),
        before.apply("a").dataType());
  }

  @Test
  void aBaselineOfTheWrongSizeFailsNamingTheParamSizesAndFix() {
    NeuralNetworkClassificationModel model = classifier.copy(
        new org.apache.spark.ml.param.ParamMap()).setAttributionCol("attributions")
        .setAttributionBaseline(Vectors.dense(1, 2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.transform(blobs));
    for (String mention : List.of("attributionBaseline", "3 values", "4 features", "'features'",
        "setAttributionBaseline")) {
      assertTrue(e.getMessage().contains(mention), e.getMessage());
    }
    IllegalArgumentException steps = assertThrows(IllegalArgumentException.class,
        () -> model.setAttributionSteps(0));
    assertTrue(steps.getMessage().contains("attributionSteps"), steps.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> model.setAttributionBaseline(Vectors.dense(1, Double.NaN, 3, 4)));
  }

  @Test
  void theMeansAreSavedAndAModelSavedWithoutThemAsksForABaseline(@TempDir Path tmp)
      throws Exception {
    String path = tmp.resolve("classifier").toString();
    classifier.write().save(path);
    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);
    assertArrayEquals(classifier.featureMeans(), loaded.featureMeans(), 0.0);
    Dataset<Row> rows = blobs.limit(20);
    List<Row> before = classifier.copy(new org.apache.spark.ml.param.ParamMap())
        .setAttributionCol("attributions").transform(rows).select("attributions")
        .collectAsList();
    List<Row> after = loaded.setAttributionCol("attributions").transform(rows)
        .select("attributions").collectAsList();
    assertEquals(before, after);

    // a model of format version 1, saved before the means were recorded
    SavedModelCheck check = new SavedModelCheck("/saved-models/v1", SPARK);
    NeuralNetworkClassificationModel old =
        NeuralNetworkClassificationModel.load(check.model("classifier"))
            .setAttributionCol("attributions");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> old.transform(check.inputFeatures));
    assertTrue(e.getMessage().contains("setAttributionBaseline")
        && e.getMessage().contains("attributionCol 'attributions'"), e.getMessage());
    old.setAttributionBaseline(Vectors.dense(0, 0, 0, 0));
    assertEquals(check.inputFeatures.count(),
        old.transform(check.inputFeatures).where("attributions is not null").count());
  }

  @Test
  void featureImportancesAreTheMeanAbsoluteAttributions() {
    NeuralNetworkClassificationModel model = classifier.copy(
        new org.apache.spark.ml.param.ParamMap()).setAttributionSteps(10);
    Vector importances = model.featureImportances(blobs.withColumn("prediction",
        functions.lit(1.0)));
    List<Row> rows = model.copy(new org.apache.spark.ml.param.ParamMap())
        .setAttributionCol("attributions").transform(blobs).select("attributions")
        .collectAsList();
    double[] expected = new double[4];
    for (Row row : rows) {
      double[] a = ((Vector) row.get(0)).toArray();
      for (int j = 0; j < 4; j++) {
        expected[j] += Math.abs(a[j]) / rows.size();
      }
    }
    assertArrayEquals(expected, importances.toArray(), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.featureImportances(blobs.limit(0)));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void aStreamGetsTheSameAttributionsAsABatch(@TempDir Path dir) throws TimeoutException {
    NeuralNetworkClassificationModel model = ScoringRows.classifier()
        .setAttributionCol("attributions").setAttributionSteps(8);
    Path source = dir.resolve("source");
    ScoringRows.addParquetFile(ScoringRows.rows(0, 40), source, "first");
    Dataset<Row> stream = SPARK.readStream().schema(ScoringRows.SCHEMA)
        .parquet(source.toString());
    StreamingQuery query = model.transform(stream).writeStream().format("memory")
        .queryName("attributions_stream").outputMode("append").start();
    try {
      query.processAllAvailable();
      ScoringRows.addParquetFile(ScoringRows.rows(40, 70), source, "second");
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    List<Row> streamed = SPARK.table("attributions_stream").orderBy("id").collectAsList();
    List<Row> batch = model.transform(ScoringRows.readBatch(SPARK, source)).orderBy("id")
        .collectAsList();
    ScoringRows.assertSameRows(batch, streamed);
    assertEquals(70, streamed.size());
  }
}
