package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hyper-parameter tuning with Spark's {@link ParamGridBuilder}, {@link CrossValidator} and
 * {@link TrainValidationSplit}: the grid (including the {@code int[]} param {@code hiddenLayers})
 * reaches training, the chosen model is the best by the evaluator and is refit on all data, and
 * the tuned models save and load.
 */
@Tag("slow")
@Tag("line")
class TuningTest {

  private static final int NUM_GRID_POINTS = 8;

  private static Dataset<Row> data;

  @TempDir Path tmp;

  @BeforeAll
  static void createData() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false)
        .add("y", DataTypes.DoubleType, false);
    Random random = new Random(99L);
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 240; id++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      double c = random.nextGaussian();
      double z = a - 0.8 * b + 0.6 * a * c + 0.3 * random.nextGaussian();
      double label = z < -0.5 ? 0 : z < 0.5 ? 1 : 2;
      double y = Math.tanh(a) - 0.5 * b + 0.25 * b * c + 0.05 * random.nextGaussian();
      rows.add(RowFactory.create(id, Vectors.dense(a, b, c), label, y));
    }
    data = TestSpark.session().createDataFrame(rows, schema).repartition(2).cache();
    data.count();
  }

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setSolver("gd").setMaxIter(8).setActivation("tanh").setBlockSize(64).setSeed(11L);
  }

  private static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor()
        .setSolver("gd").setMaxIter(8).setActivation("tanh").setBlockSize(64).setSeed(12L)
        .setLabelCol("y");
  }

  /** hiddenLayers x regParam x stepSize: 2 x 2 x 2 points. */
  private static ParamMap[] grid(NeuralNetworkParams nn) {
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(nn.hiddenLayers(),
            SparkLine.current().toScala(Arrays.asList(new int[] {4}, new int[] {8})))
        .addGrid(nn.regParam(), new double[] {0.0, 0.05})
        .addGrid(nn.stepSize(), new double[] {0.05, 0.8})
        .build();
    assertEquals(NUM_GRID_POINTS, grid.length);
    return grid;
  }

  private static Evaluator classificationEvaluator() {
    return new MulticlassClassificationEvaluator().setMetricName("f1");
  }

  private static Evaluator regressionEvaluator() {
    return new RegressionEvaluator().setLabelCol("y").setMetricName("rmse");
  }

  // ---------------------------------------------------------------------------------------------
  // CrossValidator

  @Test
  void crossValidatorTunesClassifierAndSavesAndLoads() throws IOException {
    NeuralNetworkClassifier nn = classifier();
    crossValidate(nn, classificationEvaluator(), grid(nn),
        NeuralNetworkClassificationModel.class);
  }

  @Test
  void crossValidatorTunesRegressorAndSavesAndLoads() throws IOException {
    NeuralNetworkRegressor nn = regressor();
    crossValidate(nn, regressionEvaluator(), grid(nn), NeuralNetworkRegressionModel.class);
  }

  private void crossValidate(Estimator<?> nn, Evaluator evaluator, ParamMap[] grid,
      Class<?> modelClass) throws IOException {
    CrossValidator cv = new CrossValidator()
        .setEstimator(nn)
        .setEvaluator(evaluator)
        .setEstimatorParamMaps(grid)
        .setNumFolds(2)
        .setSeed(7L)
        .setParallelism(2) // fits of different grid points run concurrently
        .setCollectSubModels(true);
    CrossValidatorModel model = cv.fit(data);

    double[] metrics = model.avgMetrics();
    assertEquals(grid.length, metrics.length);
    assertEquals(grid.length, model.getEstimatorParamMaps().length);
    assertInstanceOf(modelClass, model.bestModel());
    assertBestIsConsistent(model.bestModel(), grid, metrics, evaluator.isLargerBetter());
    assertRefitOnAllData(nn, model.bestModel(), grid);

    // Every sub-model was trained with its grid point's params.
    Model<?>[][] subModels = model.subModels();
    assertEquals(2, subModels.length);
    for (Model<?>[] fold : subModels) {
      assertEquals(grid.length, fold.length);
      for (int i = 0; i < grid.length; i++) {
        assertInstanceOf(modelClass, fold[i]);
        assertTrainedWith(fold[i], grid[i]);
      }
    }

    String path = tmp.resolve("cv").toString();
    // Sub-models are not persisted: 16 more saves and loads would only exercise Spark's code.
    model.write().option("persistSubModels", "false").save(path);
    assertNoHiddenDirectoriesBelow(tmp);
    CrossValidatorModel loaded = CrossValidatorModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertArrayEquals(metrics, loaded.avgMetrics());
    assertSameGrid(grid, loaded.getEstimatorParamMaps());
    assertEquals(nn.uid(), loaded.getEstimator().uid());
    assertEquals(nn.getClass(), loaded.getEstimator().getClass());
    assertInstanceOf(modelClass, loaded.bestModel());
    assertEquals(model.bestModel().uid(), loaded.bestModel().uid());
    assertSameNetwork(model.bestModel(), loaded.bestModel());
    assertSamePredictions(model.bestModel(), loaded.bestModel());
    assertSamePredictions(model, loaded);
  }

  @Test
  void unfittedCrossValidatorWithIntArrayGridSavesAndLoads() throws IOException {
    NeuralNetworkClassifier nn = classifier();
    ParamMap[] grid = grid(nn);
    CrossValidator cv = new CrossValidator()
        .setEstimator(nn)
        .setEvaluator(classificationEvaluator())
        .setEstimatorParamMaps(grid)
        .setNumFolds(3)
        .setSeed(5L);
    String path = tmp.resolve("cvEstimator").toString();
    cv.write().save(path);
    CrossValidator loaded = CrossValidator.load(path);
    assertEquals(cv.uid(), loaded.uid());
    assertEquals(3, loaded.getNumFolds());
    assertInstanceOf(NeuralNetworkClassifier.class, loaded.getEstimator());
    assertEquals(nn.uid(), loaded.getEstimator().uid());
    assertEquals(8, ((NeuralNetworkClassifier) loaded.getEstimator()).getMaxIter());
    assertSameGrid(grid, loaded.getEstimatorParamMaps());
  }

  // ---------------------------------------------------------------------------------------------
  // TrainValidationSplit

  @Test
  void trainValidationSplitTunesClassifierAndSavesAndLoads() throws IOException {
    NeuralNetworkClassifier nn = classifier();
    trainValidationSplit(nn, classificationEvaluator(), grid(nn),
        NeuralNetworkClassificationModel.class);
  }

  @Test
  void trainValidationSplitTunesRegressorAndSavesAndLoads() throws IOException {
    NeuralNetworkRegressor nn = regressor();
    trainValidationSplit(nn, regressionEvaluator(), grid(nn),
        NeuralNetworkRegressionModel.class);
  }

  private void trainValidationSplit(Estimator<?> nn, Evaluator evaluator, ParamMap[] grid,
      Class<?> modelClass) throws IOException {
    TrainValidationSplit tvs = new TrainValidationSplit()
        .setEstimator(nn)
        .setEvaluator(evaluator)
        .setEstimatorParamMaps(grid)
        .setTrainRatio(0.7)
        .setSeed(3L);
    TrainValidationSplitModel model = tvs.fit(data);

    double[] metrics = model.validationMetrics();
    assertEquals(grid.length, metrics.length);
    assertInstanceOf(modelClass, model.bestModel());
    assertBestIsConsistent(model.bestModel(), grid, metrics, evaluator.isLargerBetter());
    assertRefitOnAllData(nn, model.bestModel(), grid);

    String path = tmp.resolve("tvs").toString();
    model.write().save(path);
    assertNoHiddenDirectoriesBelow(tmp);
    TrainValidationSplitModel loaded = TrainValidationSplitModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertArrayEquals(metrics, loaded.validationMetrics());
    assertSameGrid(grid, loaded.getEstimatorParamMaps());
    assertEquals(0.7, loaded.getTrainRatio());
    assertInstanceOf(modelClass, loaded.bestModel());
    assertEquals(model.bestModel().uid(), loaded.bestModel().uid());
    assertSameNetwork(model.bestModel(), loaded.bestModel());
    assertSamePredictions(model.bestModel(), loaded.bestModel());
    assertSamePredictions(model, loaded);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /**
   * The best model's params are those of a grid point whose metric is the best of all (ties
   * allowed), and the grid made a difference to the metric.
   */
  private static void assertBestIsConsistent(
      Model<?> best, ParamMap[] grid, double[] metrics, boolean largerIsBetter) {
    for (double m : metrics) {
      assertTrue(Double.isFinite(m), "metric " + m + " in " + Arrays.toString(metrics));
    }
    double bestMetric = largerIsBetter
        ? Arrays.stream(metrics).max().getAsDouble()
        : Arrays.stream(metrics).min().getAsDouble();
    int chosen = -1;
    for (int i = 0; i < grid.length; i++) {
      if (matches(best, grid[i])) {
        assertEquals(-1, chosen, "the best model matches two grid points");
        chosen = i;
      }
    }
    assertTrue(chosen >= 0, "the best model's params match no grid point");
    assertEquals(bestMetric, metrics[chosen],
        "the chosen grid point " + chosen + " is not the best in " + Arrays.toString(metrics));
    assertTrue(Arrays.stream(metrics).distinct().count() > 1,
        "every grid point scored the same, so the grid did not reach training: "
            + Arrays.toString(metrics));
  }

  /** The tuner refits the best grid point on all the data: same as fitting it directly. */
  private static void assertRefitOnAllData(Estimator<?> nn, Model<?> best, ParamMap[] grid) {
    int chosen = -1;
    for (int i = 0; i < grid.length; i++) {
      if (matches(best, grid[i])) {
        chosen = i;
      }
    }
    Model<?> direct = (Model<?>) nn.fit(data, grid[chosen]);
    assertSameNetwork(direct, best);
  }

  /** The model's params have the grid point's values and its hidden layer is that size. */
  private static void assertTrainedWith(Model<?> model, ParamMap point) {
    assertTrue(matches(model, point), "model " + model.uid() + " not trained with " + point);
    int[] hidden = ((NeuralNetworkParams) model).getHiddenLayers();
    int[] layers = layers(model);
    assertArrayEquals(hidden, Arrays.copyOfRange(layers, 1, layers.length - 1));
  }

  private static boolean matches(Params model, ParamMap point) {
    for (ParamPair<?> pair : SparkLine.current().toJava(point.toSeq())) {
      Object actual = model.getOrDefault(model.getParam(pair.param().name()));
      if (!Objects.deepEquals(pair.value(), actual)) {
        return false;
      }
    }
    return true;
  }

  private static void assertSameGrid(ParamMap[] expected, ParamMap[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].size(), actual[i].size());
      for (ParamPair<?> pair : SparkLine.current().toJava(expected[i].toSeq())) {
        Object found = null;
        for (ParamPair<?> other : SparkLine.current().toJava(actual[i].toSeq())) {
          if (other.param().name().equals(pair.param().name())) {
            assertEquals(pair.param().parent(), other.param().parent());
            found = other.value();
          }
        }
        assertTrue(Objects.deepEquals(pair.value(), found),
            "grid point " + i + ", " + pair.param().name());
      }
    }
  }

  /** Staging directories of the atomic writer ({@code .name.saving-*}) must be gone. */
  private static void assertNoHiddenDirectoriesBelow(Path dir) throws IOException {
    try (Stream<Path> entries = Files.walk(dir)) {
      List<Path> hidden = entries.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith("."))
          .collect(Collectors.toList());
      assertTrue(hidden.isEmpty(), "hidden directories left below " + dir + ": " + hidden);
    }
  }

  private static int[] layers(Object model) {
    return model instanceof NeuralNetworkClassificationModel
        ? ((NeuralNetworkClassificationModel) model).layers()
        : ((NeuralNetworkRegressionModel) model).layers();
  }

  private static Vector weights(Object model) {
    return model instanceof NeuralNetworkClassificationModel
        ? ((NeuralNetworkClassificationModel) model).weights()
        : ((NeuralNetworkRegressionModel) model).weights();
  }

  private static void assertSameNetwork(Object expected, Object actual) {
    assertEquals(expected.getClass(), actual.getClass());
    assertArrayEquals(layers(expected), layers(actual));
    assertArrayEquals(weights(expected).toArray(), weights(actual).toArray());
  }

  private static void assertSamePredictions(Model<?> expected, Model<?> actual) {
    boolean classifier = expected instanceof NeuralNetworkClassificationModel
        || expected instanceof CrossValidatorModel
            && ((CrossValidatorModel) expected).bestModel()
                instanceof NeuralNetworkClassificationModel
        || expected instanceof TrainValidationSplitModel
            && ((TrainValidationSplitModel) expected).bestModel()
                instanceof NeuralNetworkClassificationModel;
    String[] cols = classifier
        ? new String[] {"prediction", "rawPrediction", "probability"}
        : new String[] {"prediction"};
    List<Row> e = expected.transform(data).select("id", cols).orderBy("id").collectAsList();
    List<Row> a = actual.transform(data).select("id", cols).orderBy("id").collectAsList();
    assertEquals(data.count(), e.size());
    assertEquals(e.size(), a.size());
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i).getLong(0), a.get(i).getLong(0));
      assertEquals(e.get(i).getDouble(1), a.get(i).getDouble(1), "prediction of row " + i);
      for (int c = 2; c < cols.length + 1; c++) {
        assertArrayEquals(((Vector) e.get(i).get(c)).toArray(),
            ((Vector) a.get(i).get(c)).toArray(), cols[c - 1] + " of row " + i);
      }
    }
  }
}
