package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NeuralNetworkRegressor} with a {@code Vector} label: one linear output per target,
 * the loss summed over the targets, a {@code Vector} prediction; a numeric label keeps its
 * double prediction.
 */
@Tag("slow")
class MultiOutputRegressionTest {

  private static Dataset<Row> train;
  private static Dataset<Row> test;
  private static NeuralNetworkRegressionModel model;

  @BeforeAll
  static void fit() {
    train = VectorTargetData.multiOutput(300, 1).repartition(2).cache();
    test = VectorTargetData.multiOutput(100, 2).cache();
    model = regressor().fit(train);
  }

  private static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor().setHiddenLayers(new int[] {16}).setActivation("tanh")
        .setMaxIter(60).setSeed(3L);
  }

  /** Root-mean-square error of target {@code j} of the model's predictions on {@code rows}. */
  private static double rmse(List<Row> scored, int j) {
    double sum = 0;
    for (Row r : scored) {
      double[] x = ((Vector) r.getAs("features")).toArray();
      double e = ((Vector) r.getAs("prediction")).apply(j) - VectorTargetData.targets(x)[j];
      sum += e * e;
    }
    return Math.sqrt(sum / scored.size());
  }

  @Test
  void aVectorLabelTrainsOneOutputPerTargetAndPredictsVectors() {
    assertArrayEquals(new int[] {3, 16, 3}, model.layers());
    assertEquals(3, model.numOutputs());
    assertTrue(model.predictsVector());
    assertTrue(model.hasSummary());
    double[] history = model.summary().objectiveHistory();
    assertTrue(history[history.length - 1] < 0.01 * history[0], "objective " + history[0]
        + " -> " + history[history.length - 1]);

    Dataset<Row> scored = model.transform(test);
    assertEquals(SQLDataTypes.VectorType(), scored.schema().apply("prediction").dataType());
    assertEquals(3, AttributeGroup.fromStructField(scored.schema().apply("prediction")).size(),
        "the prediction column declares its size");
    assertEquals(model.transformSchema(test.schema()), scored.schema());
    List<Row> rows = scored.collectAsList();
    for (int j = 0; j < 3; j++) {
      assertTrue(rmse(rows, j) < 0.1, "target " + j + ": RMSE " + rmse(rows, j));
    }
    // one row at a time gives what transform gives
    for (Row r : rows.subList(0, 10)) {
      Vector features = r.getAs("features");
      assertArrayEquals(((Vector) r.getAs("prediction")).toArray(),
          model.predictVector(features).toArray(), 1e-12);
    }
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> model.predict(Vectors.dense(0, 0, 0)));
    assertTrue(e.getMessage().contains("predictVector"), e.getMessage());
    assertTrue(model.toString().endsWith(", prediction=vector"), model.toString());
  }

  @Test
  void aNumericLabelKeepsADoublePrediction() {
    NeuralNetworkRegressionModel single = regressor().setMaxIter(20).setLabelCol("y1")
        .fit(train);
    assertFalse(single.predictsVector());
    assertEquals(1, single.numOutputs());
    Dataset<Row> scored = single.transform(test);
    assertEquals(DataTypes.DoubleType, scored.schema().apply("prediction").dataType());
    Row first = scored.first();
    Vector x = first.getAs("features");
    assertEquals(first.getDouble(first.fieldIndex("prediction")), single.predict(x), 1e-12);
    assertArrayEquals(new double[] {single.predict(x)}, single.predictVector(x).toArray(),
        1e-12);
    assertFalse(single.toString().contains("prediction="), single.toString());
  }

  @Test
  void aVectorOfOneTargetTrainsExactlyAsTheNumberItHolds() {
    Dataset<Row> oneTarget = train.withColumn("y1vec",
        org.apache.spark.ml.functions.array_to_vector(functions.array(functions.col("y1"))));
    NeuralNetworkRegressionModel asNumber = regressor().setMaxIter(8).setLabelCol("y1")
        .fit(oneTarget);
    NeuralNetworkRegressionModel asVector = regressor().setMaxIter(8).setLabelCol("y1vec")
        .fit(oneTarget);
    assertArrayEquals(asNumber.weights().toArray(), asVector.weights().toArray(), 0.0,
        "the same network, loss and rows: the same weights");
    assertTrue(asVector.predictsVector());
    Row r = asVector.transform(test).first();
    Vector predicted = r.getAs("prediction");
    assertEquals(1, predicted.size());
    assertEquals(asNumber.predict(r.getAs("features")), predicted.apply(0), 0.0);
  }

  @Test
  void aRowOfWeightTwoCountsAsTwoCopies() {
    Dataset<Row> base = train.limit(60).withColumn("weight",
        functions.when(functions.col("id").mod(5).equalTo(0), 2.0).otherwise(1.0));
    Dataset<Row> duplicated = base.union(base.filter(functions.col("weight").equalTo(2.0)))
        .drop("weight");
    NeuralNetworkRegressor nn = regressor().setMaxIter(5);
    Vector weighted = nn.copy(new org.apache.spark.ml.param.ParamMap())
        .setWeightCol("weight").fit(base.coalesce(1)).weights();
    Vector copied = nn.fit(duplicated.coalesce(1)).weights();
    assertArrayEquals(copied.toArray(), weighted.toArray(), 1e-8);
  }

  @Test
  void huberSumsOverTargetsAndResistsOutlyingTargets() {
    // every tenth row has a wild first target; the other targets are clean
    Column wild = functions.col("id").mod(10).equalTo(0);
    Dataset<Row> noisy = train.withColumn("label", org.apache.spark.ml.functions.array_to_vector(functions.array(
        functions.when(wild, functions.col("y0").plus(40)).otherwise(functions.col("y0")),
        functions.col("y1"), functions.col("y2"))));
    NeuralNetworkRegressionModel squared = regressor().fit(noisy);
    NeuralNetworkRegressionModel huber = regressor().setLoss("huber").setEpsilon(0.5)
        .fit(noisy);
    List<Row> bySquared = squared.transform(test).collectAsList();
    List<Row> byHuber = huber.transform(test).collectAsList();
    assertTrue(rmse(byHuber, 0) < 0.5 * rmse(bySquared, 0), "huber " + rmse(byHuber, 0)
        + " vs squared error " + rmse(bySquared, 0) + " on the outlying target");
    assertTrue(rmse(byHuber, 1) < 0.2, "a clean target stays learnt: " + rmse(byHuber, 1));
  }

  @Test
  void miniBatchSolversValidationAndSinglePrecisionTrainVectorTargets() {
    Dataset<Row> withValidation = train.withColumn("holdOut",
        functions.col("id").mod(5).equalTo(0));
    NeuralNetworkRegressionModel adam = regressor().setSolver("adam").setMaxIter(15)
        .setBatchSize(40).setStepSize(0.03).setPrecision("float")
        .setValidationIndicatorCol("holdOut").fit(withValidation);
    assertTrue(adam.predictsVector());
    double[] validation = adam.summary().validationHistory();
    assertTrue(validation.length > 1 && validation[validation.length - 1] < validation[0],
        java.util.Arrays.toString(validation));
    double rmse = rmse(adam.transform(test).collectAsList(), 0);
    assertTrue(rmse < 0.3, "target 0: RMSE " + rmse);
  }

  @Test
  void targetColumnsAssembledInAPipelineAndTheEvaluationIdiom(@TempDir Path tmp)
      throws Exception {
    // the README's idiom: assemble the targets, fit, then evaluate each target with
    // vector_to_array and average
    Dataset<Row> rows = train.drop("label");
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"y0", "y1", "y2"})
            .setOutputCol("targets"),
        regressor().setLabelCol("targets")}).fit(rows);
    Dataset<Row> scored = pipeline.transform(test.drop("label"))
        .withColumn("p", org.apache.spark.ml.functions.vector_to_array(
            functions.col("prediction"), "float64"));
    RegressionEvaluator evaluator = new RegressionEvaluator().setMetricName("rmse");
    double sum = 0;
    List<Row> collected = scored.collectAsList();
    for (int j = 0; j < 3; j++) {
      double perTarget = evaluator.setLabelCol("y" + j).setPredictionCol("p" + j)
          .evaluate(scored.withColumn("p" + j, functions.col("p").getItem(j)));
      double byHand = 0;
      for (Row r : collected) {
        double e = r.<Double>getList(r.fieldIndex("p")).get(j)
            - r.getDouble(r.fieldIndex("y" + j));
        byHand += e * e;
      }
      assertEquals(Math.sqrt(byHand / collected.size()), perTarget, 1e-9, "target " + j);
      sum += perTarget;
    }
    assertTrue(sum / 3 < 0.1, "mean RMSE " + sum / 3);

    String path = tmp.resolve("pipeline").toString();
    pipeline.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(pipeline.transform(test.drop("label")).select("prediction").collectAsList(),
        loaded.transform(test.drop("label")).select("prediction").collectAsList());
  }

  @Test
  void savedModelsKeepTheirPredictionTypeAndTheOldestFormatThatHoldsThem(@TempDir Path tmp)
      throws Exception {
    SparkSession spark = TestSpark.session();
    String vectorPath = tmp.resolve("vector").toString();
    model.write().overwrite().save(vectorPath);
    NeuralNetworkRegressionModel loaded = NeuralNetworkRegressionModel.load(vectorPath);
    assertTrue(loaded.predictsVector());
    assertEquals(model.transform(test).select("prediction").collectAsList(),
        loaded.transform(test).select("prediction").collectAsList());
    Row data = spark.read().parquet(vectorPath + "/data").first();
    assertEquals(2, data.getInt(data.fieldIndex("formatVersion")));
    assertTrue(data.getBoolean(data.fieldIndex("vectorLabel")));

    // a model of a numeric label is written as before (version 1), which older releases load
    NeuralNetworkRegressionModel single = regressor().setMaxIter(5).setLabelCol("y0")
        .fit(train);
    String singlePath = tmp.resolve("single").toString();
    single.write().save(singlePath);
    Dataset<Row> singleData = spark.read().parquet(singlePath + "/data");
    assertEquals(1, singleData.first().getInt(singleData.first().fieldIndex("formatVersion")));
    assertFalse(List.of(singleData.columns()).contains("vectorLabel"));
    assertFalse(NeuralNetworkRegressionModel.load(singlePath).predictsVector());

    // the estimator round-trips and fits the same model of the vector label
    String estimatorPath = tmp.resolve("estimator").toString();
    NeuralNetworkRegressor nn = regressor().setMaxIter(3);
    nn.write().save(estimatorPath);
    assertArrayEquals(nn.fit(train).weights().toArray(),
        NeuralNetworkRegressor.load(estimatorPath).fit(train).weights().toArray(), 0.0);
  }

  @Test
  void theVectorPredictionIsOnTheEstimatorsSchemaAndInUnfittedPipelines() {
    NeuralNetworkRegressor nn = regressor();
    assertEquals(SQLDataTypes.VectorType(),
        nn.transformSchema(train.schema()).apply("prediction").dataType());
    assertEquals(DataTypes.DoubleType,
        nn.setLabelCol("y0").transformSchema(train.schema()).apply("prediction").dataType());
    NeuralNetworkRegressionModel copy = model.copy(new org.apache.spark.ml.param.ParamMap());
    assertTrue(copy.predictsVector());
    assertEquals(3, copy.numOutputs());
  }
}
