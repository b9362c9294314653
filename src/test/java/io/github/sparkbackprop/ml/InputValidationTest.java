package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.optim.Solver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every bad input named in the issue fails early with an {@link IllegalArgumentException} whose
 * message names the column, the value and the fix; and the inputs that are fine (sparse vectors,
 * fewer rows than partitions) train correctly.
 */
@Tag("slow")
class InputValidationTest {

  private static final SparkSession SPARK = TestSpark.session();

  // ---------------------------------------------------------------------------------------------
  // Data helpers

  /** Small separable two-class data: {@code n} rows of 2 features, labels alternating 0/1. */
  private static List<Row> goodRows(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double label = i % 2;
      rows.add(RowFactory.create(Vectors.dense(label * 2 - 1 + 0.1 * i / n, 0.3 * (i % 3)),
          label, 1.0));
    }
    return rows;
  }

  private static StructType schema(DataType features, DataType label, DataType weight) {
    return new StructType()
        .add("features", features)
        .add("label", label)
        .add("weight", weight);
  }

  private static final StructType WEIGHTED =
      schema(SQLDataTypes.VectorType(), DataTypes.DoubleType, DataTypes.DoubleType);

  private static Dataset<Row> frame(List<Row> rows) {
    return frame(rows, WEIGHTED, 1);
  }

  /** The rows in {@code partitions} contiguous slices, as {@code parallelize} cuts them. */
  private static Dataset<Row> frame(List<Row> rows, StructType schema, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SPARK.sparkContext());
    return SPARK.createDataFrame(jsc.parallelize(rows, partitions), schema);
  }

  /** {@code goodRows(8)} with row {@code i} replaced by {@code (features, label, weight)}. */
  private static Dataset<Row> withRow(int i, Object features, Object label, Object weight) {
    List<Row> rows = goodRows(8);
    rows.set(i, RowFactory.create(features, label, weight));
    return frame(rows);
  }

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier().setHiddenLayers(new int[] {3}).setMaxIter(3)
        .setSeed(1L);
  }

  private static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor().setHiddenLayers(new int[] {3}).setMaxIter(3)
        .setSeed(1L);
  }

  /** Asserts that {@code action} throws an IllegalArgumentException mentioning each string. */
  static IllegalArgumentException assertRejected(Executable action, String... mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
    assertMentions(e.getMessage(), mentions);
    return e;
  }

  static void assertMentions(String message, String... mentions) {
    assertTrue(message != null && !message.isEmpty(), "empty message");
    for (String m : mentions) {
      assertTrue(message.contains(m), "message does not mention '" + m + "': " + message);
    }
  }

  /** Asserts that {@code action} fails as {@link #assertRejected} before any Spark job runs. */
  private static void assertRejectedWithoutJobs(Executable action, String... mentions) {
    try (JobRecorder jobs = new JobRecorder(SPARK.sparkContext())) {
      assertRejected(action, mentions);
      assertEquals(List.of(), jobs.jobs(), "Spark jobs ran before the error");
    }
  }

  /**
   * Data errors are found while the rows are read and stacked into blocks, which is the first
   * pass over the data: no training pass (no {@code l-bfgs} iteration, no epoch) ever starts.
   */
  @Test
  void dataErrorsStopTheFitBeforeAnyTrainingPass() {
    List<Runnable> bad = List.of(
        () -> classifier().fit(withRow(3, Vectors.dense(0.5, Double.NaN), 1.0, 1.0)),
        () -> classifier().fit(withRow(3, Vectors.dense(0.5, 0.5), -1.0, 1.0)),
        () -> classifier().setWeightCol("weight")
            .fit(withRow(3, Vectors.dense(0.5, 0.5), 1.0, -2.0)),
        () -> classifier().setSolver("adam").fit(withRow(5, Vectors.dense(1, 2, 3), 1.0, 1.0)),
        () -> regressor().fit(withRow(2, Vectors.dense(0.5, 0.5), Double.NaN, 1.0)));
    for (Runnable fit : bad) {
      try (JobRecorder jobs = new JobRecorder(SPARK.sparkContext())) {
        assertThrows(IllegalArgumentException.class, fit::run);
        List<String> ran = jobs.jobs();
        assertTrue(ran.stream().noneMatch(d -> d.startsWith("spark-backprop: l-bfgs iteration")
            || d.startsWith("spark-backprop: epoch")), "a training pass ran: " + ran);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Features

  @Test
  void featuresOfTheWrongTypeAreRejectedBeforeAnyJob() {
    StructType arrays = schema(DataTypes.createArrayType(DataTypes.DoubleType),
        DataTypes.DoubleType, DataTypes.DoubleType);
    Dataset<Row> df = SPARK.createDataFrame(
        List.of(RowFactory.create(List.of(1.0, 2.0), 0.0, 1.0)), arrays);
    assertRejectedWithoutJobs(() -> classifier().fit(df),
        "'features'", "array<double>", "VectorAssembler");
    Dataset<Row> doubles = df.withColumn("features", functions.lit(1.0));
    assertRejectedWithoutJobs(() -> regressor().fit(doubles), "'features'", "double",
        "VectorAssembler");
  }

  @Test
  void vectorsOfDifferentSizesInOnePartitionAreRejected() {
    assertRejected(() -> classifier().fit(withRow(5, Vectors.dense(1, 2, 3), 1.0, 1.0)),
        "'features'", "different sizes", "2", "3");
  }

  @Test
  void vectorsOfDifferentSizesInDifferentPartitionsAreRejected() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, 1), (double) (i % 2), 1.0));
    }
    for (int i = 0; i < 4; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, 1, 2), (double) (i % 2), 1.0));
    }
    assertRejected(() -> classifier().fit(frame(rows, WEIGHTED, 2)),
        "'features'", "different sizes", "(2 and 3)");
  }

  @Test
  void nanOrInfiniteFeaturesNameTheColumnAndTheCleaningTools() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      assertRejected(() -> classifier().fit(withRow(3, Vectors.dense(0.5, bad), 1.0, 1.0)),
          "'features'", String.valueOf(bad), "index 1", "Imputer", "na.drop");
      assertRejected(() -> regressor().fit(withRow(3, Vectors.dense(0.5, bad), 1.0, 1.0)),
          "'features'", String.valueOf(bad), "Imputer", "na.drop");
    }
  }

  @Test
  void nanInASparseVectorIsReportedAtItsVectorIndex() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(RowFactory.create(Vectors.sparse(10, new int[] {i}, new double[] {1}),
          (double) (i % 2), 1.0));
    }
    rows.add(RowFactory.create(
        Vectors.sparse(10, new int[] {2, 7}, new double[] {1, Double.NaN}), 0.0, 1.0));
    assertRejected(() -> classifier().fit(frame(rows)), "'features'", "NaN", "index 7",
        "Imputer");
  }

  @Test
  void nullAndEmptyVectorsAreRejected() {
    assertRejected(() -> classifier().fit(withRow(2, null, 0.0, 1.0)), "'features'", "null",
        "na.drop");
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create(Vectors.dense(new double[0]), 0.0, 1.0));
    rows.add(RowFactory.create(Vectors.dense(new double[0]), 1.0, 1.0));
    assertRejected(() -> classifier().fit(frame(rows)), "'features'", "empty vectors");
  }

  @Test
  void sparseVectorsTrainExactlyLikeTheirDenseForm() {
    // Mostly zeros, so that the sparse form really is sparse; one row has no entry at all.
    List<Row> dense = new ArrayList<>();
    List<Row> sparse = new ArrayList<>();
    List<Row> mixed = new ArrayList<>();
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 40; i++) {
      double[] x = new double[8];
      int label = i % 3;
      x[label] = 1 + random.nextDouble();
      if (i % 4 == 0) {
        x[5 + random.nextInt(3)] = random.nextGaussian();
      }
      if (i == 7) {
        Arrays.fill(x, 0);
      }
      Vector d = Vectors.dense(x);
      dense.add(RowFactory.create(d, (double) label, 1.0));
      sparse.add(RowFactory.create(d.toSparse(), (double) label, 1.0));
      mixed.add(RowFactory.create(i % 2 == 0 ? d : d.toSparse(), (double) label, 1.0));
    }
    NeuralNetworkClassifier nn = classifier().setMaxIter(10).setBlockSize(7);
    NeuralNetworkClassificationModel fromDense = nn.fit(frame(dense, WEIGHTED, 2));
    NeuralNetworkClassificationModel fromSparse = nn.fit(frame(sparse, WEIGHTED, 2));
    NeuralNetworkClassificationModel fromMixed = nn.fit(frame(mixed, WEIGHTED, 2));
    assertArrayEquals(fromDense.weights().toArray(), fromSparse.weights().toArray());
    assertArrayEquals(fromDense.weights().toArray(), fromMixed.weights().toArray());
    assertEquals(3, fromSparse.numClasses());
    assertEquals(8, fromSparse.numFeatures());

    // Scoring sparse rows gives what scoring their dense form gives.
    List<Row> a = fromDense.transform(frame(dense, WEIGHTED, 2)).select("probability")
        .collectAsList();
    List<Row> b = fromDense.transform(frame(sparse, WEIGHTED, 2)).select("probability")
        .collectAsList();
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(((Vector) a.get(i).get(0)).toArray(), ((Vector) b.get(i).get(0)).toArray());
    }
    for (Row row : sparse) {
      assertArrayEquals(fromDense.predictRaw(((Vector) row.get(0)).toDense()).toArray(),
          fromDense.predictRaw((Vector) row.get(0)).toArray());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Labels

  @Test
  void badClassLabelsNameTheColumnTheValueAndTheFix() {
    assertRejected(() -> classifier().fit(withRow(1, Vectors.dense(0, 1), Double.NaN, 1.0)),
        "'label'", "NaN", "na.drop");
    assertRejected(() -> classifier().fit(withRow(1, Vectors.dense(0, 1), -1.0, 1.0)),
        "'label'", "-1.0", "class indices", "StringIndexer");
    assertRejected(() -> classifier().fit(withRow(1, Vectors.dense(0, 1), 1.5, 1.0)),
        "'label'", "1.5", "class indices", "StringIndexer");
    assertRejected(() -> classifier().fit(withRow(1, Vectors.dense(0, 1), null, 1.0)),
        "'label'", "null", "na.drop");
    assertRejected(() -> classifier().fit(withRow(1, Vectors.dense(0, 1), 1e7, 1.0)),
        "'label'", "1.0E7", "at most " + LabelKind.MAX_CLASSES);
  }

  @Test
  void aStringLabelIsRejectedBeforeAnyJobWithTheIndexer() {
    StructType strings = schema(SQLDataTypes.VectorType(), DataTypes.StringType,
        DataTypes.DoubleType);
    Dataset<Row> df = SPARK.createDataFrame(
        List.of(RowFactory.create(Vectors.dense(1, 2), "cat", 1.0)), strings);
    assertRejectedWithoutJobs(() -> classifier().fit(df), "'label'", "string",
        "StringIndexer");
  }

  @Test
  void moreClassesThanTheMetadataDeclaresAreRejected() {
    Metadata twoClasses = NominalAttribute.defaultAttr().withName("label").withNumValues(2)
        .toMetadata();
    Dataset<Row> df = withRow(4, Vectors.dense(0, 1), 2.0, 1.0)
        .withColumn("label", functions.col("label").as("label", twoClasses));
    assertRejected(() -> classifier().fit(df), "'label'", "2.0", "declares 2 classes",
        "StringIndexer");
  }

  @Test
  void declaredClassesThatDoNotOccurStillGetAnOutput() {
    Metadata fourClasses = NominalAttribute.defaultAttr().withName("label").withNumValues(4)
        .toMetadata();
    Dataset<Row> df = frame(goodRows(8))
        .withColumn("label", functions.col("label").as("label", fourClasses));
    NeuralNetworkClassificationModel model = classifier().fit(df);
    assertEquals(4, model.numClasses());
  }

  @Test
  void aSingleClassIsRejected() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(RowFactory.create(Vectors.dense(i, 1), 1.0, 1.0));
    }
    assertRejected(() -> classifier().fit(frame(rows)), "'label'", "single class",
        "at least two classes");
  }

  @Test
  void nanOrInfiniteRegressionLabelsAreRejected() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      assertRejected(() -> regressor().fit(withRow(6, Vectors.dense(0, 1), bad, 1.0)),
          "'label'", String.valueOf(bad), "finite");
    }
    // Any finite real is a fine regression label.
    NeuralNetworkRegressionModel model =
        regressor().fit(withRow(6, Vectors.dense(0, 1), -2.5e3, 1.0));
    assertTrue(Arrays.stream(model.weights().toArray()).allMatch(Double::isFinite));
  }

  // ---------------------------------------------------------------------------------------------
  // Weights

  @Test
  void badRowWeightsNameTheColumnAndTheValue() {
    for (double bad : new double[] {-1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertRejected(
          () -> classifier().setWeightCol("weight").fit(withRow(2, Vectors.dense(0, 1), 0.0,
              bad)), "'weight'", String.valueOf(bad), "finite and >= 0");
      assertRejected(
          () -> regressor().setWeightCol("weight").fit(withRow(2, Vectors.dense(0, 1), 0.0,
              bad)), "'weight'", String.valueOf(bad), "finite and >= 0");
    }
    assertRejected(() -> classifier().setWeightCol("weight").fit(
        withRow(2, Vectors.dense(0, 1), 0.0, null)), "'weight'", "null");
  }

  @Test
  void allZeroWeightsAreRejected() {
    Dataset<Row> zeros = frame(goodRows(8)).withColumn("weight", functions.lit(0.0));
    assertRejected(() -> classifier().setWeightCol("weight").fit(zeros), "'weight'",
        "all zero", "positive weight");
  }

  @Test
  void aStringWeightColumnIsRejectedBeforeAnyJob() {
    Dataset<Row> df = frame(goodRows(4)).withColumn("weight", functions.lit("heavy"));
    assertRejectedWithoutJobs(() -> regressor().setWeightCol("weight").fit(df), "'weight'",
        "string", "numeric");
  }

  @Test
  void zeroWeightRowsAreIgnoredNotRejected() {
    List<Row> rows = goodRows(8);
    rows.set(0, RowFactory.create(Vectors.dense(0.1, 0.2), 0.0, 0.0));
    NeuralNetworkClassificationModel model = classifier().setWeightCol("weight")
        .fit(frame(rows));
    assertTrue(Arrays.stream(model.weights().toArray()).allMatch(Double::isFinite));
  }

  // ---------------------------------------------------------------------------------------------
  // Datasets and columns

  @Test
  void anEmptyDatasetIsRejected() {
    Dataset<Row> noPartitions = SPARK.createDataFrame(new ArrayList<Row>(), WEIGHTED);
    assertRejected(() -> classifier().fit(noPartitions), "empty");
    Dataset<Row> filteredAway = frame(goodRows(8), WEIGHTED, 3).filter("label > 5");
    assertRejected(() -> regressor().fit(filteredAway), "empty");
  }

  @Test
  void everyRowHeldOutForValidationIsRejected() {
    Dataset<Row> df = frame(goodRows(8)).withColumn("v", functions.lit(true));
    assertRejected(() -> classifier().setValidationIndicatorCol("v").fit(df), "'v'",
        "validation");
  }

  @Test
  void aClassSeenOnlyInValidationRowsStillGetsAnOutput() {
    List<Row> rows = goodRows(8);
    rows.add(RowFactory.create(Vectors.dense(3, 3), 2.0, 1.0));
    Dataset<Row> df = frame(rows).withColumn("v", functions.col("label").equalTo(2.0));
    for (String solver : new String[] {"l-bfgs", "adam"}) {
      NeuralNetworkClassificationModel model =
          classifier().setSolver(solver).setValidationIndicatorCol("v").fit(df);
      assertEquals(3, model.numClasses(), solver);
      assertEquals(1, model.summary().numValidationRows());
    }
  }

  @Test
  void fewerRowsThanPartitionsTrainsWithEverySolver() {
    for (String solver : Solver.paramNames()) {
      Dataset<Row> twoRows = frame(goodRows(2), WEIGHTED, 8);
      assertEquals(8, twoRows.javaRDD().getNumPartitions());
      NeuralNetworkClassificationModel c = classifier().setSolver(solver).setBatchSize(1)
          .fit(twoRows);
      assertTrue(Arrays.stream(c.weights().toArray()).allMatch(Double::isFinite), solver);
      assertEquals(2, c.transform(twoRows).count());
    }
    Dataset<Row> oneRow = frame(goodRows(1), WEIGHTED, 4);
    NeuralNetworkRegressionModel r = regressor().setSolver("adam").fit(oneRow);
    assertTrue(Arrays.stream(r.weights().toArray()).allMatch(Double::isFinite));
  }

  @Test
  void missingColumnsAreNamedWithTheColumnsThereAre() {
    Dataset<Row> df = frame(goodRows(4));
    assertRejectedWithoutJobs(() -> classifier().setFeaturesCol("feats").fit(df),
        "features column 'feats' does not exist", "[features, label, weight]");
    assertRejectedWithoutJobs(() -> regressor().setLabelCol("y").fit(df),
        "label column 'y' does not exist", "[features, label, weight]");
    assertRejectedWithoutJobs(() -> classifier().setWeightCol("w").fit(df),
        "weight column 'w' does not exist");
    assertRejectedWithoutJobs(() -> classifier().setValidationIndicatorCol("isVal").fit(df),
        "column 'isVal' does not exist");
  }

  @Test
  void outputColumnsThatAlreadyExistAreRejected() {
    Dataset<Row> df = frame(goodRows(4));
    for (String column : new String[] {"prediction", "rawPrediction", "probability"}) {
      Dataset<Row> taken = df.withColumn(column, functions.lit(0.0));
      assertRejectedWithoutJobs(() -> classifier().fit(taken), "'" + column + "'",
          "already exists");
    }
    assertRejectedWithoutJobs(
        () -> regressor().fit(df.withColumn("prediction", functions.lit(0.0))),
        "'prediction'", "already exists", "setPredictionCol");
    // Naming an output column after an input column is the same mistake.
    assertRejectedWithoutJobs(() -> regressor().setPredictionCol("label").fit(df),
        "'label'", "already exists");
    NeuralNetworkClassificationModel model = classifier().fit(frame(goodRows(8)));
    assertRejected(() -> model.transform(df.withColumn("prediction", functions.lit(1.0))),
        "prediction", "already exists");
  }

  // ---------------------------------------------------------------------------------------------
  // Params

  @Test
  void invalidParamsAreRejectedWhenSetWithTheValidRange() {
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier();
    assertRejected(() -> nn.setHiddenLayers(new int[] {4, 0}), "hiddenLayers", ">= 1",
        "[4, 0]");
    assertRejected(() -> nn.setHiddenLayers(new int[] {-3}), "hiddenLayers", ">= 1", "[-3]");
    assertRejected(() -> nn.setStepSize(0), "stepSize", "> 0", "0.0");
    assertRejected(() -> nn.setStepSize(-0.1), "stepSize", "> 0", "-0.1");
    assertRejected(() -> nn.setActivation("swish"), "activation", "'swish'", "sigmoid",
        "tanh", "relu", "leakyRelu", "elu", "softplus", "identity");
    assertRejected(() -> nn.setSolver("sgd"), "solver", "'sgd'", "l-bfgs", "gd", "adam",
        "adamw");
    assertRejected(() -> nn.set(nn.maxIter(), -1), "maxIter", ">= 0");
    assertRejected(() -> new NeuralNetworkRegressor().setLoss("absolute"), "loss",
        "squaredError", "huber");
    assertArrayEquals(new int[] {100}, nn.getHiddenLayers(), "a rejected value was kept");
  }

  @Test
  void initialWeightsOfTheWrongLengthNameBothSizes() {
    // 2 features, hidden 3, 2 classes: 2*3 + 3 + 3*2 + 2 = 17 parameters.
    NeuralNetworkClassifier nn = classifier().setInitialWeights(Vectors.zeros(16));
    assertRejected(() -> nn.fit(frame(goodRows(8))), "initialWeights has 16 values",
        "17 parameters", "[2, 3, 2]");
    assertRejected(() -> regressor().setInitialWeights(Vectors.dense(1, Double.NaN))
        .fit(frame(goodRows(8))), "initialWeights");
  }

  @Test
  void scoringFeaturesOfTheWrongWidthNamesBothSizes() {
    NeuralNetworkClassificationModel c = classifier().fit(frame(goodRows(8)));
    NeuralNetworkRegressionModel r = regressor().fit(frame(goodRows(8)));
    List<Row> wide = List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.0, 1.0));
    Dataset<Row> threeFeatures = frame(wide);
    // Without metadata the width shows only in the rows: the job fails, caused by our error.
    for (Executable scoring : new Executable[] {
        () -> c.transform(threeFeatures).collectAsList(),
        () -> r.transform(threeFeatures).collectAsList()}) {
      Throwable e = assertThrows(Exception.class, scoring);
      Throwable root = rootCause(e);
      assertTrue(root instanceof IllegalArgumentException, "root cause: " + root);
      assertMentions(root.getMessage(), "'features'", "size 3", "trained on 2 features");
    }
    // With a declared width (as VectorAssembler writes it) transform fails at once.
    Metadata declared = new AttributeGroup("features", 3).toMetadata();
    Dataset<Row> withMetadata =
        threeFeatures.withColumn("features", functions.col("features").as("features", declared));
    assertRejectedWithoutJobs(() -> c.transform(withMetadata), "'features'", "size 3",
        "trained on 2 features");
    assertRejectedWithoutJobs(() -> r.transform(withMetadata), "'features'", "size 3",
        "trained on 2 features");
    assertRejected(() -> c.predictRaw(Vectors.dense(1, 2, 3)), "size 3", "2 features");
    assertRejected(() -> r.predict(Vectors.dense(1)), "size 1", "2 features");
  }

  static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
