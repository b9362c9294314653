package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.checkpoint.CheckpointStore;
import io.github.sparkbackprop.ml.internal.line.SparkLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MultilabelClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NeuralNetworkMultiLabelClassifier}: one sigmoid per label learns labels that depend on
 * different features; its outputs follow Spark's multi-label convention, and it works in a
 * {@code Pipeline}, in {@code CrossValidator} with {@code MultilabelClassificationEvaluator},
 * through save and load, in a streaming {@code transform} and with checkpoints.
 */
@Tag("slow")
class MultiLabelClassifierTest {

  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static NeuralNetworkMultiLabelClassificationModel model;

  @BeforeAll
  static void fit() {
    train = VectorTargetData.multiLabel(600, 1).repartition(2).cache();
    test = VectorTargetData.multiLabel(200, 2).cache();
    model = classifier().fit(train);
  }

  @AfterEach
  void noFaults() {
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
  }

  private static NeuralNetworkMultiLabelClassifier classifier() {
    return new NeuralNetworkMultiLabelClassifier().setLabelCol("labels")
        .setHiddenLayers(new int[] {12}).setActivation("tanh").setMaxIter(60).setSeed(5L);
  }

  private static MultilabelClassificationEvaluator evaluator(String metric) {
    return new MultilabelClassificationEvaluator().setLabelCol("labels")
        .setMetricName(metric);
  }

  private static double[] doubles(Row row, String column) {
    return row.<Double>getList(row.fieldIndex(column)).stream()
        .mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void oneSigmoidPerLabelLearnsLabelsOfDifferentFeatures() {
    assertArrayEquals(new int[] {4, 12, 3}, model.layers());
    assertEquals(3, model.numLabels(), "the largest label index + 1");
    assertEquals(4, model.numFeatures());
    assertTrue(model.hasSummary());
    Dataset<Row> scored = model.transform(test);
    assertEquals(model.transformSchema(test.schema()), scored.schema());
    List<String> columns = List.of(scored.columns());
    assertEquals(List.of("prediction", "rawPrediction", "probability"),
        columns.subList(columns.size() - 3, columns.size()), "Spark's order");
    ArrayType arrayOfDoubles = (ArrayType) scored.schema().apply("prediction").dataType();
    assertEquals(DataTypes.DoubleType, arrayOfDoubles.elementType());
    assertEquals(SQLDataTypes.VectorType(), scored.schema().apply("probability").dataType());

    double hamming = evaluator("hammingLoss").evaluate(scored);
    double subset = evaluator("subsetAccuracy").evaluate(scored);
    double microF1 = evaluator("microF1Measure").evaluate(scored);
    assertTrue(hamming < 0.08, "Hamming loss " + hamming);
    assertTrue(subset > 0.8, "subset accuracy " + subset);
    assertTrue(microF1 > 0.9, "micro F1 " + microF1);

    for (Row r : scored.limit(20).collectAsList()) {
      Vector features = r.getAs("features");
      double[] raw = ((Vector) r.getAs("rawPrediction")).toArray();
      double[] p = ((Vector) r.getAs("probability")).toArray();
      List<Double> expected = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        assertEquals(1 / (1 + Math.exp(-raw[j])), p[j], 1e-12, "probability = sigmoid(raw)");
        if (p[j] > 0.5) {
          expected.add((double) j);
        }
      }
      assertArrayEquals(expected.stream().mapToDouble(Double::doubleValue).toArray(),
          doubles(r, "prediction"));
      assertArrayEquals(raw, model.predictRaw(features).toArray(), 1e-12);
      assertArrayEquals(p, model.predictProbability(features).toArray(), 1e-12);
      assertArrayEquals(doubles(r, "prediction"), model.predict(features));
    }
  }

  @Test
  void thresholdAndPerLabelThresholdsDecideThePrediction() {
    NeuralNetworkMultiLabelClassificationModel strict = model.copy(new ParamMap())
        .setThreshold(0.9);
    NeuralNetworkMultiLabelClassificationModel perLabel = model.copy(new ParamMap())
        .setThresholds(new double[] {1.0, 0.2, 0.7});
    List<Row> a = strict.transform(test).select("probability", "prediction").collectAsList();
    List<Row> b = perLabel.transform(test).select("probability", "prediction")
        .collectAsList();
    List<Row> atHalf = model.transform(test).select("prediction").collectAsList();
    int fewer = 0;
    for (int i = 0; i < a.size(); i++) {
      double[] p = ((Vector) a.get(i).get(0)).toArray();
      List<Double> above90 = new ArrayList<>();
      List<Double> perLabelChoice = new ArrayList<>();
      for (int j = 0; j < 3; j++) {
        if (p[j] > 0.9) {
          above90.add((double) j);
        }
        if (p[j] > new double[] {1.0, 0.2, 0.7}[j]) {
          perLabelChoice.add((double) j);
        }
      }
      assertEquals(above90, a.get(i).getList(1));
      assertEquals(perLabelChoice, b.get(i).getList(1));
      assertFalse(b.get(i).getList(1).contains(0.0), "a threshold of 1 is never exceeded");
      fewer += above90.size() < atHalf.get(i).getList(0).size() ? 1 : 0;
    }
    assertTrue(fewer > 0, "a higher threshold predicts fewer labels somewhere");
    NeuralNetworkMultiLabelClassificationModel wrong = model.copy(new ParamMap())
        .setThresholds(new double[] {0.5, 0.5});
    InputValidationTest.assertRejected(() -> wrong.transform(test), "thresholds has 2",
        "3 labels");
  }

  @Test
  void numLabelsSetKeepsOutputsForLabelsTheDataLacks() {
    NeuralNetworkMultiLabelClassificationModel five = classifier().setMaxIter(20)
        .setNumLabels(5).fit(train);
    assertEquals(5, five.numLabels());
    for (Row r : five.transform(test).limit(10).collectAsList()) {
      double[] p = ((Vector) r.getAs("probability")).toArray();
      assertTrue(p[3] < 0.2 && p[4] < 0.2, "labels no row has are unlikely: "
          + java.util.Arrays.toString(p));
    }
    InputValidationTest.assertRejected(() -> classifier().setNumLabels(2).fit(train),
        "'labels'", "2.0", "numLabels is 2", "at least 3");
  }

  @Test
  void pipelineCrossValidatorAndPersistence(@TempDir Path tmp) throws Exception {
    Dataset<Row> raw = train.withColumnRenamed("features", "raw");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("raw").setOutputCol("features"),
        classifier().setMaxIter(25)});
    NeuralNetworkMultiLabelClassifier nn =
        (NeuralNetworkMultiLabelClassifier) pipeline.getStages()[1];
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline)
        .setEstimatorParamMaps(new ParamGridBuilder()
            .addGrid(nn.hiddenLayers(),
                SparkLine.current().toScala(List.of(new int[] {2}, new int[] {12})))
            .build())
        // microF1Measure: f1Measure averages per row, and is NaN where a row has no label and
        // none is predicted
        .setEvaluator(evaluator("microF1Measure")).setNumFolds(2).setSeed(7L).fit(raw);
    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[1] > metrics[0], "12 hidden units fit better than 2: "
        + java.util.Arrays.toString(metrics));
    PipelineModel best = (PipelineModel) cv.bestModel();
    NeuralNetworkMultiLabelClassificationModel network =
        (NeuralNetworkMultiLabelClassificationModel) best.stages()[1];
    assertArrayEquals(new int[] {4, 12, 3}, network.layers());

    String path = tmp.resolve("pipeline").toString();
    best.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    Dataset<Row> rawTest = test.withColumnRenamed("features", "raw");
    assertEquals(best.transform(rawTest).select("prediction", "probability").collectAsList(),
        loaded.transform(rawTest).select("prediction", "probability").collectAsList());

    String modelPath = tmp.resolve("model").toString();
    model.setThreshold(0.3).write().save(modelPath);
    NeuralNetworkMultiLabelClassificationModel reloaded =
        NeuralNetworkMultiLabelClassificationModel.load(modelPath);
    model.setThreshold(0.5);
    assertEquals(0.3, reloaded.getThreshold());
    assertFalse(reloaded.hasSummary());
    assertArrayEquals(model.weights().toArray(), reloaded.weights().toArray(), 0.0);
    Row data = TestSpark.session().read().parquet(modelPath + "/data").first();
    assertEquals(2, data.getInt(data.fieldIndex("formatVersion")));
    assertEquals("sigmoidCrossEntropy", data.getString(data.fieldIndex("outputLoss")));
    InputValidationTest.assertRejected(() -> NeuralNetworkClassificationModel.load(modelPath),
        "NeuralNetworkMultiLabelClassificationModel");

    String estimatorPath = tmp.resolve("estimator").toString();
    nn.setNumLabels(4).setThresholds(new double[] {0.1, 0.2, 0.3, 0.4}).write()
        .save(estimatorPath);
    NeuralNetworkMultiLabelClassifier estimator =
        NeuralNetworkMultiLabelClassifier.load(estimatorPath);
    assertEquals(4, estimator.getNumLabels());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, estimator.getThresholds());
    assertEquals("labels", estimator.getLabelCol());
    assertEquals(nn.uid(), estimator.uid());
  }

  @Test
  void rowWeightsValidationRowsAndMiniBatchSolversTrain() {
    Dataset<Row> extended = train.withColumn("weight",
        functions.when(functions.col("id").mod(3).equalTo(0), 2.0).otherwise(1.0))
        .withColumn("holdOut", functions.col("id").mod(5).equalTo(0));
    NeuralNetworkMultiLabelClassificationModel adam = classifier().setSolver("adam")
        .setMaxIter(15).setBatchSize(50).setStepSize(0.03).setPrecision("float")
        .setWeightCol("weight").setValidationIndicatorCol("holdOut").fit(extended);
    double[] validation = adam.summary().validationHistory();
    assertTrue(validation.length > 1 && validation[validation.length - 1] < 0.7 * validation[0],
        java.util.Arrays.toString(validation));
    double f1 = evaluator("microF1Measure").evaluate(adam.transform(test));
    assertTrue(f1 > 0.8, "micro F1 " + f1);
  }

  @Test
  void aCheckpointedTrainingResumesExactly(@TempDir Path tmp) throws Exception {
    NeuralNetworkMultiLabelClassifier nn = classifier().setMaxIter(12);
    NeuralNetworkMultiLabelClassificationModel uninterrupted = nn.fit(train);
    Path dir = tmp.resolve("checkpoints");
    nn.setCheckpointDir(dir.toString()).setCheckpointInterval(4);
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterCheckpoint(int k) {
        if (k == 8) {
          throw new IllegalStateException("simulated crash after checkpoint 8");
        }
      }
    };
    assertThrows(IllegalStateException.class, () -> nn.fit(train));
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
    assertTrue(Files.exists(dir));
    NeuralNetworkMultiLabelClassificationModel resumed = nn.fit(train);
    assertEquals(8, resumed.summary().resumedFrom());
    assertArrayEquals(uninterrupted.weights().toArray(), resumed.weights().toArray(), 0.0);
    assertArrayEquals(uninterrupted.summary().objectiveHistory(),
        resumed.summary().objectiveHistory(), 0.0);
    assertFalse(Files.exists(dir), "checkpoints are removed once training succeeds");
  }

  @Test
  void aWarmStartContinuesFromAModel() {
    NeuralNetworkMultiLabelClassificationModel continued = classifier().setMaxIter(5)
        .setInitialModel(model).fit(train);
    double[] before = model.summary().objectiveHistory();
    double[] after = continued.summary().objectiveHistory();
    assertEquals(before[before.length - 1], after[0], 1e-9 * Math.abs(after[0]),
        "starts where the model ended");
    InputValidationTest.assertRejected(
        () -> classifier().setHiddenLayers(new int[] {3}).setInitialModel(model),
        "hidden layers", "[12]");
  }

  @Test
  void aStreamScoredIntoMemoryEqualsBatchScoring(@TempDir Path dir) throws TimeoutException {
    SparkSession spark = TestSpark.session();
    Path source = dir.resolve("source");
    test.limit(80).write().parquet(source.resolve("first").toString());
    Dataset<Row> stream = spark.readStream().schema(test.schema())
        .parquet(source.resolve("*").toString());
    StreamingQuery query = model.transform(stream).writeStream().format("memory")
        .queryName("multi_label_scored").outputMode("append").start();
    try {
      query.processAllAvailable();
    } finally {
      query.stop();
    }
    List<Row> streamed = spark.table("multi_label_scored").orderBy("id").collectAsList();
    List<Row> batch = model.transform(spark.read().parquet(source.resolve("*").toString()))
        .orderBy("id").collectAsList();
    assertEquals(80, streamed.size());
    assertEquals(batch, streamed);
  }
}
