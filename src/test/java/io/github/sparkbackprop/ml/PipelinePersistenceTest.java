package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
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
 * Save/load of both estimators and both models, alone and inside a {@link Pipeline} /
 * {@link PipelineModel}, in the style of SynapseML's serialization fuzzing: everything that goes
 * in (uid, params, network) must come out, and a loaded model must score every row exactly as
 * the original did.
 */
@Tag("slow")
@Tag("line")
class PipelinePersistenceTest {

  private static final String[] RAW_COLUMNS = {"x1", "x2", "x3", "x4"};

  private static Dataset<Row> data;
  private static PipelineModel fittedClassifierPipeline;
  private static PipelineModel fittedRegressorPipeline;

  @TempDir Path tmp;

  @BeforeAll
  static void createData() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("x1", DataTypes.DoubleType, false)
        .add("x2", DataTypes.DoubleType, false)
        .add("x3", DataTypes.DoubleType, false)
        .add("x4", DataTypes.DoubleType, false)
        .add("label", DataTypes.DoubleType, false)
        .add("y", DataTypes.DoubleType, false);
    Random random = new Random(20240611L);
    List<Row> rows = new ArrayList<>();
    for (long id = 0; id < 300; id++) {
      // Deliberately different scales and offsets so that the scaler matters.
      double x1 = 10 * random.nextGaussian();
      double x2 = 5 + random.nextGaussian();
      double x3 = random.nextGaussian();
      double x4 = 0.01 * random.nextGaussian() - 3;
      double z = 0.1 * x1 - 0.8 * (x2 - 5) + 0.5 * x3 * (x4 + 3) * 100 + 0.2 * random.nextGaussian();
      double label = z < -0.4 ? 0 : z < 0.4 ? 1 : 2;
      double y = Math.sin(x1 / 10) + 0.5 * (x2 - 5) - 0.3 * x3 + 0.05 * random.nextGaussian();
      rows.add(RowFactory.create(id, x1, x2, x3, x4, label, y));
    }
    // Two partitions (local[2]): several row blocks per partition with the block sizes below.
    data = TestSpark.session().createDataFrame(rows, schema).repartition(2).cache();
    data.count();
  }

  // ---------------------------------------------------------------------------------------------
  // Stage factories

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {5})
        .setActivation("tanh")
        .setMaxIter(10)
        .setBlockSize(32)
        .setRegParam(1e-4)
        .setSeed(3L);
  }

  private static NeuralNetworkRegressor regressor() {
    return new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {6, 3})
        .setActivation("sigmoid")
        .setMaxIter(8)
        .setBlockSize(40)
        .setLoss("huber")
        .setEpsilon(0.8)
        .setSeed(5L)
        .setLabelCol("y");
  }

  private static Pipeline pipeline(PipelineStage estimator) {
    VectorAssembler assembler =
        new VectorAssembler().setInputCols(RAW_COLUMNS).setOutputCol("rawFeatures");
    StandardScaler scaler = new StandardScaler()
        .setInputCol("rawFeatures").setOutputCol("features").setWithMean(true).setWithStd(true);
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, estimator});
  }

  /** The classifier pipeline fitted once and shared: fitting dominates the run time. */
  private static synchronized PipelineModel classifierPipelineModel() {
    if (fittedClassifierPipeline == null) {
      fittedClassifierPipeline = pipeline(classifier()).fit(data);
    }
    return fittedClassifierPipeline;
  }

  private static synchronized PipelineModel regressorPipelineModel() {
    if (fittedRegressorPipeline == null) {
      fittedRegressorPipeline = pipeline(regressor()).fit(data);
    }
    return fittedRegressorPipeline;
  }

  private static String[] outputColumns(PipelineStage stage) {
    return stage instanceof NeuralNetworkClassifier
        || stage instanceof NeuralNetworkClassificationModel
        ? new String[] {"prediction", "rawPrediction", "probability"}
        : new String[] {"prediction"};
  }

  // ---------------------------------------------------------------------------------------------
  // PipelineModel round trips

  @Test
  void classifierPipelineModelRoundTripScoresIdentically() throws IOException {
    pipelineModelRoundTrip(classifierPipelineModel(), classifier(),
        NeuralNetworkClassificationModel.class);
  }

  @Test
  void regressorPipelineModelRoundTripScoresIdentically() throws IOException {
    pipelineModelRoundTrip(regressorPipelineModel(), regressor(),
        NeuralNetworkRegressionModel.class);
  }

  private void pipelineModelRoundTrip(
      PipelineModel model, PipelineStage estimator, Class<?> modelClass) throws IOException {
    Transformer fitted = model.stages()[2];
    assertInstanceOf(modelClass, fitted);
    String path = tmp.resolve("pipelineModel").toString();
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);

    assertEquals(model.uid(), loaded.uid());
    assertEquals(3, loaded.stages().length);
    for (int i = 0; i < 3; i++) {
      assertEquals(model.stages()[i].getClass(), loaded.stages()[i].getClass());
      assertEquals(model.stages()[i].uid(), loaded.stages()[i].uid());
    }
    assertInstanceOf(modelClass, loaded.stages()[2]);
    assertSameNetwork(fitted, loaded.stages()[2]);
    assertSameParams(fitted, loaded.stages()[2]);

    String[] outputs = outputColumns(estimator);
    List<Row> before = scores(model.transform(data), outputs);
    List<Row> after = scores(loaded.transform(data), outputs);
    assertSameScores(before, after, outputs);
    // A vacuous comparison (e.g. a constant model) would prove little.
    assertTrue(before.stream().map(r -> r.getDouble(1)).distinct().count() > 1,
        "the model predicts one value for every row");
  }

  // ---------------------------------------------------------------------------------------------
  // Unfitted Pipeline round trips

  @Test
  void classifierPipelineRoundTripFitsTheSameModel() throws IOException {
    pipelineRoundTrip(classifier());
  }

  @Test
  void regressorPipelineRoundTripFitsTheSameModel() throws IOException {
    pipelineRoundTrip(regressor());
  }

  private void pipelineRoundTrip(PipelineStage estimator) throws IOException {
    Pipeline pipeline = pipeline(estimator);
    String path = tmp.resolve("pipeline").toString();
    pipeline.write().save(path);
    Pipeline loaded = Pipeline.load(path);

    assertEquals(pipeline.uid(), loaded.uid());
    assertEquals(3, loaded.getStages().length);
    PipelineStage loadedEstimator = loaded.getStages()[2];
    assertEquals(estimator.getClass(), loadedEstimator.getClass());
    assertSameParams(estimator, loadedEstimator);

    Transformer original = pipeline.fit(data).stages()[2];
    Transformer reloaded = loaded.fit(data).stages()[2];
    assertSameNetwork(original, reloaded);
    assertSameParams(original, reloaded);
  }

  // ---------------------------------------------------------------------------------------------
  // Estimators on their own

  @Test
  void classifierSavesAndLoadsAllParams() throws IOException {
    NeuralNetworkClassifier nn = classifier()
        .setSolver("gd")
        .setStepSize(0.25)
        .setTol(1e-3)
        .setElasticNetParam(0.4)
        .setAggregationDepth(3)
        .setWeightCol("w")
        .setInitialWeights(Vectors.dense(0.5, -0.25, 1.0))
        .setFeaturesCol("feat")
        .setPredictionCol("pred")
        .setRawPredictionCol("raw")
        .setProbabilityCol("prob")
        .setThresholds(new double[] {0.3, 0.3, 0.4});
    String path = tmp.resolve("classifier").toString();
    nn.save(path);
    NeuralNetworkClassifier loaded = NeuralNetworkClassifier.load(path);
    assertSameParams(nn, loaded);
    assertArrayEquals(new int[] {5}, loaded.getHiddenLayers());
    assertEquals("gd", loaded.getSolver());
    assertEquals(Vectors.dense(0.5, -0.25, 1.0), loaded.getInitialWeights());
    assertArrayEquals(new double[] {0.3, 0.3, 0.4}, loaded.getThresholds());
  }

  @Test
  void regressorSavesAndLoadsAllParams() throws IOException {
    NeuralNetworkRegressor nn = regressor()
        .setSolver("gd")
        .setStepSize(0.125)
        .setTol(0)
        .setElasticNetParam(1.0)
        .setAggregationDepth(4)
        .setWeightCol("w")
        .setInitialWeights(Vectors.dense(new double[] {1, 2, 3, 4}))
        .setFeaturesCol("feat")
        .setPredictionCol("pred");
    String path = tmp.resolve("regressor").toString();
    nn.save(path);
    NeuralNetworkRegressor loaded = NeuralNetworkRegressor.load(path);
    assertSameParams(nn, loaded);
    assertEquals("huber", loaded.getLoss());
    assertEquals(0.8, loaded.getEpsilon());
    assertArrayEquals(new int[] {6, 3}, loaded.getHiddenLayers());
  }

  @Test
  void estimatorsWithOnlyDefaultsSaveAndLoad() throws IOException {
    NeuralNetworkClassifier c = new NeuralNetworkClassifier();
    NeuralNetworkRegressor r = new NeuralNetworkRegressor();
    c.save(tmp.resolve("c").toString());
    r.save(tmp.resolve("r").toString());
    assertSameParams(c, NeuralNetworkClassifier.load(tmp.resolve("c").toString()));
    assertSameParams(r, NeuralNetworkRegressor.load(tmp.resolve("r").toString()));
  }

  // ---------------------------------------------------------------------------------------------
  // Models on their own

  @Test
  void classificationModelSavesAndLoadsAndScoresIdentically() throws IOException {
    PipelineModel pm = classifierPipelineModel();
    Dataset<Row> features = featuresOf(pm);
    // A copy, so that the thresholds set below do not leak into the shared pipeline model.
    NeuralNetworkClassificationModel model =
        ((NeuralNetworkClassificationModel) pm.stages()[2]).copy(ParamMap.empty());
    model.setThresholds(new double[] {0.5, 0.2, 0.3});
    String path = tmp.resolve("classificationModel").toString();
    model.save(path);
    NeuralNetworkClassificationModel loaded = NeuralNetworkClassificationModel.load(path);

    assertSameParams(model, loaded);
    assertSameNetwork(model, loaded);
    assertEquals(model.numClasses(), loaded.numClasses());
    assertEquals(model.numFeatures(), loaded.numFeatures());
    assertArrayEquals(new int[] {4, 5, 3}, loaded.layers());
    assertArrayEquals(new double[] {0.5, 0.2, 0.3}, loaded.getThresholds());
    String[] outputs = outputColumns(model);
    assertSameScores(scores(model.transform(features), outputs),
        scores(loaded.transform(features), outputs), outputs);
    // Row-at-a-time predictions agree with the block scorer of the loaded model, too.
    Vector v = features.select("features").head().getAs(0);
    assertArrayEquals(model.predictRaw(v).toArray(), loaded.predictRaw(v).toArray());
  }

  @Test
  void regressionModelSavesAndLoadsAndScoresIdentically() throws IOException {
    PipelineModel pm = regressorPipelineModel();
    Dataset<Row> features = featuresOf(pm);
    NeuralNetworkRegressionModel model = (NeuralNetworkRegressionModel) pm.stages()[2];
    String path = tmp.resolve("regressionModel").toString();
    model.save(path);
    NeuralNetworkRegressionModel loaded = NeuralNetworkRegressionModel.load(path);

    assertSameParams(model, loaded);
    assertSameNetwork(model, loaded);
    assertArrayEquals(new int[] {4, 6, 3, 1}, loaded.layers());
    assertEquals("huber", loaded.getLoss());
    String[] outputs = outputColumns(model);
    assertSameScores(scores(model.transform(features), outputs),
        scores(loaded.transform(features), outputs), outputs);
    Vector v = features.select("features").head().getAs(0);
    assertEquals(model.predict(v), loaded.predict(v));
  }

  private static Dataset<Row> featuresOf(PipelineModel pm) {
    return pm.stages()[1].transform(pm.stages()[0].transform(data));
  }

  @Test
  void networksWithoutHiddenLayersAndIndexedStringLabelsRoundTrip() throws IOException {
    Dataset<Row> named = data.withColumn("species",
        org.apache.spark.sql.functions.expr("CASE WHEN label = 0 THEN 'a' ELSE 'b' END"));
    StringIndexer indexer =
        new StringIndexer().setInputCol("species").setOutputCol("indexedLabel");
    VectorAssembler assembler =
        new VectorAssembler().setInputCols(RAW_COLUMNS).setOutputCol("features");
    NeuralNetworkClassifier logistic = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[0]).setLabelCol("indexedLabel").setMaxIter(3).setSeed(1L);
    NeuralNetworkRegressor linear = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[0]).setLabelCol("y").setMaxIter(3).setSeed(2L)
        .setPredictionCol("yHat");
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {indexer, assembler, logistic, linear}).fit(named);
    NeuralNetworkClassificationModel c = (NeuralNetworkClassificationModel) model.stages()[2];
    NeuralNetworkRegressionModel r = (NeuralNetworkRegressionModel) model.stages()[3];
    assertArrayEquals(new int[] {4, 2}, c.layers());
    assertArrayEquals(new int[] {4, 1}, r.layers());

    String path = tmp.resolve("shallow").toString();
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertSameNetwork(c, loaded.stages()[2]);
    assertSameNetwork(r, loaded.stages()[3]);
    assertSameParams(c, loaded.stages()[2]);
    assertSameParams(r, loaded.stages()[3]);
    String[] outputs = {"prediction", "rawPrediction", "probability", "yHat"};
    assertSameScores(scores(model.transform(named), outputs),
        scores(loaded.transform(named), outputs), outputs);
  }

  // ---------------------------------------------------------------------------------------------
  // Overwrite behaviour and staging directories

  @Test
  void modelSaveRefusesExistingPathUnlessOverwriteAndLeavesNoStagingDirectories()
      throws IOException {
    PipelineModel pm = regressorPipelineModel();
    NeuralNetworkRegressionModel first = (NeuralNetworkRegressionModel) pm.stages()[2];
    NeuralNetworkRegressionModel second = (NeuralNetworkRegressionModel)
        pipeline(regressor().setSeed(99L).setMaxIter(3)).fit(data).stages()[2];
    assertNotEquals(first.weights(), second.weights());

    Path parent = tmp.resolve("models");
    String path = parent.resolve("model").toString();
    first.write().save(path);

    IOException refused = assertThrows(IOException.class, () -> second.write().save(path));
    assertTrue(refused.getMessage().contains(path), refused.getMessage());
    assertThrows(IOException.class, () -> second.save(path));
    // The refused saves left the first model intact.
    assertEquals(first.weights(), NeuralNetworkRegressionModel.load(path).weights());
    assertNoHiddenEntries(parent);

    second.write().overwrite().save(path);
    NeuralNetworkRegressionModel reloaded = NeuralNetworkRegressionModel.load(path);
    assertEquals(second.weights(), reloaded.weights());
    assertEquals(second.uid(), reloaded.uid());
    assertNoHiddenEntries(parent);
    assertNoHiddenDirectoriesBelow(parent);

    // Overwriting again (the target exists and is replaced) still leaves nothing behind.
    first.write().overwrite().save(path);
    assertEquals(first.weights(), NeuralNetworkRegressionModel.load(path).weights());
    assertNoHiddenEntries(parent);
    assertNoHiddenDirectoriesBelow(parent);
  }

  @Test
  void estimatorSaveRefusesExistingPathUnlessOverwrite() throws IOException {
    Path parent = tmp.resolve("estimators");
    String path = parent.resolve("nn").toString();
    NeuralNetworkClassifier a = classifier().setMaxIter(7);
    NeuralNetworkClassifier b = classifier().setMaxIter(9);
    a.write().save(path);
    assertThrows(IOException.class, () -> b.write().save(path));
    assertEquals(7, NeuralNetworkClassifier.load(path).getMaxIter());
    b.write().overwrite().save(path);
    NeuralNetworkClassifier loaded = NeuralNetworkClassifier.load(path);
    assertEquals(9, loaded.getMaxIter());
    assertEquals(b.uid(), loaded.uid());
    assertNoHiddenEntries(parent);
    assertNoHiddenDirectoriesBelow(parent);
  }

  @Test
  void pipelineModelOverwriteLeavesNoStagingDirectories() throws IOException {
    PipelineModel a = classifierPipelineModel();
    PipelineModel b = pipeline(classifier().setSeed(77L).setMaxIter(3)).fit(data);
    Path parent = tmp.resolve("pipelines");
    String path = parent.resolve("pm").toString();
    a.write().save(path);
    assertThrows(IOException.class, () -> b.write().save(path));
    b.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertSameNetwork(b.stages()[2], loaded.stages()[2]);
    assertNoHiddenEntries(parent);
    assertNoHiddenDirectoriesBelow(parent);
  }

  @Test
  void loadingFromMissingOrIncompletePathFailsClearly() throws IOException {
    String missing = tmp.resolve("nothing-here").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetworkClassificationModel.load(missing));
    assertTrue(e.getMessage().contains(missing), e.getMessage());

    PipelineModel pm = classifierPipelineModel();
    Path saved = tmp.resolve("incomplete");
    ((NeuralNetworkClassificationModel) pm.stages()[2]).save(saved.toString());
    deleteRecursively(saved.resolve("data"));
    IllegalArgumentException noData = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetworkClassificationModel.load(saved.toString()));
    assertTrue(noData.getMessage().contains("data"), noData.getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static List<Row> scores(Dataset<Row> transformed, String[] outputs) {
    return transformed.select("id", outputs).orderBy("id").collectAsList();
  }

  private static void assertSameScores(List<Row> expected, List<Row> actual, String[] outputs) {
    assertEquals(data.count(), expected.size());
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      Row e = expected.get(i);
      Row a = actual.get(i);
      assertEquals(e.getLong(0), a.getLong(0));
      for (int c = 0; c < outputs.length; c++) {
        Object ev = e.get(c + 1);
        Object av = a.get(c + 1);
        String where = outputs[c] + " of row id " + e.getLong(0);
        if (ev instanceof Vector) {
          assertInstanceOf(Vector.class, av, where);
          assertArrayEquals(((Vector) ev).toArray(), ((Vector) av).toArray(), where);
        } else {
          assertEquals((Double) ev, (Double) av, where);
        }
      }
    }
  }

  /** Same layer sizes and bit-identical flat weights. */
  private static void assertSameNetwork(Object expected, Object actual) {
    assertEquals(expected.getClass(), actual.getClass());
    if (expected instanceof NeuralNetworkClassificationModel) {
      NeuralNetworkClassificationModel e = (NeuralNetworkClassificationModel) expected;
      NeuralNetworkClassificationModel a = (NeuralNetworkClassificationModel) actual;
      assertArrayEquals(e.layers(), a.layers());
      assertArrayEquals(e.weights().toArray(), a.weights().toArray());
    } else {
      NeuralNetworkRegressionModel e = (NeuralNetworkRegressionModel) expected;
      NeuralNetworkRegressionModel a = (NeuralNetworkRegressionModel) actual;
      assertArrayEquals(e.layers(), a.layers());
      assertArrayEquals(e.weights().toArray(), a.weights().toArray());
    }
  }

  /**
   * Same uid, same param names, same set/default status and, via {@code extractParamMap}, the
   * same effective value of every param.
   */
  static void assertSameParams(Params expected, Params actual) {
    assertEquals(expected.getClass(), actual.getClass());
    assertEquals(expected.uid(), actual.uid());
    List<String> names = Stream.of(expected.params()).map(Param::name).collect(Collectors.toList());
    assertEquals(names,
        Stream.of(actual.params()).map(Param::name).collect(Collectors.toList()));
    for (Param<?> p : expected.params()) {
      Param<?> q = actual.getParam(p.name());
      assertEquals(actual.uid(), q.parent(), p.name());
      assertEquals(expected.isSet(p), actual.isSet(q), "isSet(" + p.name() + ")");
      assertEquals(expected.hasDefault(p), actual.hasDefault(q), "hasDefault(" + p.name() + ")");
      if (expected.hasDefault(p)) {
        assertValueEquals(expected.getDefault(p).get(), actual.getDefault(q).get(),
            "default of " + p.name());
      }
    }
    ParamMap e = expected.extractParamMap();
    ParamMap a = actual.extractParamMap();
    assertEquals(e.size(), a.size());
    for (ParamPair<?> pair : SparkLine.current().toJava(e.toSeq())) {
      @SuppressWarnings("unchecked")
      Param<Object> q = (Param<Object>) actual.getParam(pair.param().name());
      assertTrue(a.contains(q), pair.param().name() + " missing after load");
      assertValueEquals(pair.value(), a.apply(q), pair.param().name());
    }
  }

  private static void assertValueEquals(Object expected, Object actual, String what) {
    assertTrue(Objects.deepEquals(expected, actual),
        what + ": expected " + render(expected) + " but was " + render(actual));
  }

  private static String render(Object o) {
    if (o instanceof int[]) {
      return java.util.Arrays.toString((int[]) o);
    }
    if (o instanceof double[]) {
      return java.util.Arrays.toString((double[]) o);
    }
    return String.valueOf(o);
  }

  private static void assertNoHiddenEntries(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> hidden = entries.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".")).collect(Collectors.toList());
      assertTrue(hidden.isEmpty(), "hidden entries left in " + dir + ": " + hidden);
    }
  }

  /** Checksum files ({@code .x.crc}) are fine; hidden directories are staging leftovers. */
  private static void assertNoHiddenDirectoriesBelow(Path dir) throws IOException {
    try (Stream<Path> entries = Files.walk(dir)) {
      List<Path> hidden = entries.filter(Files::isDirectory)
          .filter(p -> p.getFileName().toString().startsWith("."))
          .collect(Collectors.toList());
      assertTrue(hidden.isEmpty(), "hidden directories left below " + dir + ": " + hidden);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> entries = Files.walk(dir)) {
      entries.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile)
          .forEach(File::delete);
    }
  }
}
