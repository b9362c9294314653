package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.exchange.PeerGroup;
import io.github.sparkbackprop.ml.internal.pass.BarrierMiniBatchLoss;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code executionMode}: barrier stages, each a span of epochs, train, bit for bit, the model one
 * Spark job per step trains, in every configuration of the mini-batch solvers, with one Spark job
 * per span; {@code auto} picks it where an epoch has several steps and Spark can run it, and says
 * why not elsewhere; {@code barrier} fails at once where it cannot run.
 */
@Tag("slow")
@Tag("line")
class BarrierExecutionTest {

  private static Dataset<Row> data;
  private static Dataset<Row> regression;

  @BeforeAll
  static void data() {
    // two partitions: one task slot each on local[2]
    data = TestData.blobs(900, 6, 3, 41).repartition(2)
        .withColumn("weight", functions.rand(5).plus(0.25))
        .withColumn("holdOut", functions.rand(9).lt(0.2)).cache();
    data.count();
    regression = TestData.smoothRegression(700, 0.1, 43).repartition(2).cache();
    regression.count();
  }

  @AfterAll
  static void release() {
    data.unpersist();
    regression.unpersist();
  }

  private static NeuralNetworkClassifier classifier(String solver) {
    return new NeuralNetworkClassifier().setSolver(solver).setHiddenLayers(new int[] {12, 8})
        .setBatchSize(64).setStepSize(0.01).setMaxIter(3).setTol(0).setSeed(17);
  }

  /**
   * Fits {@code estimator} in both modes, checks that they trained the same model and returns
   * the barrier one.
   */
  private static <M extends PredictionModel<Vector, M>> M sameModel(String what,
      Supplier<? extends Predictor<Vector, ?, M>> estimator, Dataset<Row> rows) {
    M perStep = fitIn("perStep", estimator.get(), rows);
    M barrier = fitIn("barrier", estimator.get(), rows);
    NeuralNetworkTrainingSummary a = summary(perStep);
    NeuralNetworkTrainingSummary b = summary(barrier);
    assertEquals("perStep", a.executionMode(), what);
    assertEquals("barrier", b.executionMode(), what);
    assertBitwiseEqual(weights(perStep), weights(barrier), what + ": weights");
    assertBitwiseEqual(a.objectiveHistory(), b.objectiveHistory(), what + ": objectives");
    assertBitwiseEqual(a.validationHistory(), b.validationHistory(), what + ": validation");
    assertBitwiseEqual(a.learningRateHistory(), b.learningRateHistory(), what + ": rates");
    assertEquals(a.totalIterations(), b.totalIterations(), what + ": epochs");
    assertEquals(a.bestIteration(), b.bestIteration(), what + ": best epoch");
    assertEquals(a.stopReason(), b.stopReason(), what + ": stop reason");
    return barrier;
  }

  private static <M extends PredictionModel<Vector, M>> M fitIn(String mode,
      Predictor<Vector, ?, M> estimator, Dataset<Row> rows) {
    estimator.set(estimator.getParam("executionMode"), mode);
    return estimator.fit(rows);
  }

  static void assertBitwiseEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": lengths");
    for (int i = 0; i < expected.length; i++) {
      if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
        throw new AssertionError(what + " differ first at " + i + ": " + expected[i] + " vs "
            + actual[i]);
      }
    }
  }

  private static NeuralNetworkTrainingSummary summary(PredictionModel<?, ?> model) {
    return model instanceof NeuralNetworkClassificationModel
        ? ((NeuralNetworkClassificationModel) model).summary()
        : ((NeuralNetworkRegressionModel) model).summary();
  }

  private static double[] weights(PredictionModel<?, ?> model) {
    return model instanceof NeuralNetworkClassificationModel
        ? ((NeuralNetworkClassificationModel) model).weights().toArray()
        : ((NeuralNetworkRegressionModel) model).weights().toArray();
  }

  @Test
  void gdWithNesterovMomentumAndL2() {
    sameModel("gd, Nesterov momentum, L2", () -> classifier("gd").setStepSize(0.05)
        .setMomentum(0.9).setNesterov(true).setRegParam(1e-3), data);
  }

  @Test
  void adamWithL1() {
    sameModel("adam, L1", () -> classifier("adam").setRegParam(1e-3).setElasticNetParam(1.0),
        data);
  }

  @Test
  void adamwWithElasticNetAndInstanceWeights() {
    sameModel("adamw, elastic net, weights", () -> classifier("adamw").setRegParam(1e-3)
        .setElasticNetParam(0.5).setWeightCol("weight"), data);
  }

  @Test
  void dropoutWithWeightsAndValidation() {
    sameModel("adam, dropout, weights, validation", () -> classifier("adam").setDropout(0.3)
        .setWeightCol("weight").setValidationIndicatorCol("holdOut"), data);
  }

  @Test
  void singlePrecision() {
    sameModel("adam, float", () -> classifier("adam").setPrecision("float"), data);
  }

  @Test
  void validationWithEarlyStopping() {
    Supplier<NeuralNetworkClassifier> early = () -> classifier("adam").setStepSize(0.05)
        .setMaxIter(30).setValidationIndicatorCol("holdOut").setEarlyStoppingPatience(2)
        .setValidationTol(0.05);
    sameModel("adam, validation, early stopping", early, data);
    NeuralNetworkTrainingSummary s = early.get().fit(data).summary();
    assertTrue(s.stopReason().startsWith("validation loss did not improve"), s.stopReason());
  }

  @Test
  void warmStartAndTheDefaultsOfTheRegressor() {
    double[] start = classifier("adam").setMaxIter(1).setExecutionMode("perStep").fit(data)
        .weights().toArray();
    sameModel("adam, warm start", () -> classifier("adam")
        .setInitialWeights(org.apache.spark.ml.linalg.Vectors.dense(start)), data);
    sameModel("regressor, adam, chosen batch and rate", () -> new NeuralNetworkRegressor()
        .setSolver("adam").setHiddenLayers(new int[] {10}).setMaxIter(4).setSeed(3),
        regression);
  }

  @Test
  void roundsOfLocalSteps() {
    sameModel("adam, localSteps 3", () -> classifier("adam").setLocalSteps(3), data);
  }

  @Test
  void oneSparkJobPerSpanOfEpochs() {
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      NeuralNetworkClassificationModel model =
          classifier("adam").setMaxIter(6).setExecutionMode("barrier").fit(data);
      assertEquals(15, 900 / 64 + 1, "steps per epoch");
      List<String> descriptions = jobs.jobs();
      // 6 short epochs, far less than a span's 5 s: one barrier job runs them all
      assertEquals(List.of("spark-backprop: epochs from 1 to at most 6 of 6 (one barrier"
          + " stage)"), descriptions.stream().filter(d -> d.startsWith("spark-backprop: epoch"))
          .collect(java.util.stream.Collectors.toList()), "jobs: " + descriptions);
      assertEquals("barrier", model.summary().executionMode());
      assertEquals(6, model.summary().totalIterations());
    }
  }

  @Test
  void spansEndedByTheClockTrainTheSameModel() {
    // spanDuration 0 (a local property of the fitting thread): every span ends after its first
    // epoch, so each epoch is a barrier job of its own; the model is the per-step one
    SparkContext sc = TestSpark.session().sparkContext();
    sc.setLocalProperty(BarrierMiniBatchLoss.SPAN_CONF, "0s");
    try (JobRecorder jobs = new JobRecorder(sc)) {
      sameModel("adam, spans of one epoch by the clock",
          () -> classifier("adam").setMaxIter(4), data);
      List<String> spans = jobs.jobs().stream()
          .filter(d -> d.contains("(one barrier stage)"))
          .collect(java.util.stream.Collectors.toList());
      assertEquals(List.of("spark-backprop: epochs from 1 to at most 4 of 4 (one barrier stage)",
          "spark-backprop: epochs from 2 to at most 4 of 4 (one barrier stage)",
          "spark-backprop: epochs from 3 to at most 4 of 4 (one barrier stage)",
          "spark-backprop: epoch 4 of 4 (one barrier stage)"), spans);
    } finally {
      sc.setLocalProperty(BarrierMiniBatchLoss.SPAN_CONF, null);
    }
  }

  @Test
  void trainingEarlyStoppingInsideASpan() {
    // tol stops training after a few epochs of a span that would run to epoch 40: the tasks
    // stop where the driver does, with the same weights
    NeuralNetworkClassificationModel model = sameModel("adam, training early stopping",
        () -> classifier("adam").setMaxIter(40).setTol(0.05).setEarlyStoppingPatience(2), data);
    assertTrue(model.summary().totalIterations() < 40
        && model.summary().stopReason().startsWith("objective improved by less than tol"),
        model.summary().stopReason());
  }

  @Test
  void autoTakesTheBarrierWhereSparkCanRunItAndOneJobPerStepElsewhere() {
    assertEquals("barrier", classifier("adam").fit(data).summary().executionMode(),
        "2 partitions, 2 task slots");
    Dataset<Row> three = TestData.inPartitions(data, 3);
    assertEquals("perStep", classifier("adam").fit(three).summary().executionMode(),
        "3 partitions, 2 task slots");
    assertEquals("perStep", classifier("l-bfgs").setMaxIter(2).fit(data).summary()
        .executionMode(), "l-bfgs: a job per iteration");
    assertEquals("perStep", classifier("gd").setBatchSize(2000).fit(data).summary()
        .executionMode(), "one step per epoch: a barrier stage would save no job");
    assertEquals("barrier", classifier("gd").setBatchSize(2000).setExecutionMode("barrier")
        .fit(data).summary().executionMode(), "barrier asked for");
  }

  @Test
  void barrierWhereSparkCannotRunItFailsAtOnceNamingPartitionsSlotsAndTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier("adam").setExecutionMode("barrier").fit(TestData.inPartitions(data, 5)));
    assertTrue(e.getMessage().contains("5 partitions") && e.getMessage().contains("2 task slots")
        && e.getMessage().contains("df.repartition(2)")
        && e.getMessage().contains("\"perStep\""), e.getMessage());
    IllegalArgumentException union = assertThrows(IllegalArgumentException.class,
        () -> classifier("adam").setExecutionMode("barrier")
            .fit(data.sparkSession().createDataFrame(data.limit(300).javaRDD().coalesce(1)
                .union(data.limit(300).javaRDD().coalesce(1)), data.schema())));
    assertTrue(union.getMessage().contains("UnionRDD"), union.getMessage());
  }

  @Test
  void anUnknownModeIsRefusedNamingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NeuralNetworkClassifier().setExecutionMode("gang"));
    assertTrue(e.getMessage().contains("executionMode") && e.getMessage().contains("perStep"),
        e.getMessage());
  }

  @Test
  void nothingIsLeftBehind() throws InterruptedException {
    SparkContext sc = TestSpark.session().sparkContext();
    int cachedBefore = sc.getPersistentRDDs().size();
    // 6 x 300 x 200 x 3: 62,903 weights, so each epoch's start (weights and Adam's moments)
    // is a 1.5 MB broadcast; Spark's own task binaries (cleaned when garbage collected) are far
    // smaller
    List<String> before = BroadcastBlocks.large(1_000_000);
    classifier("adam").setHiddenLayers(new int[] {300, 200}).setExecutionMode("barrier")
        .fit(data);
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until
        && (PeerGroup.openSockets() != 0 || threadsInTheExchange() != 0)) {
      Thread.sleep(50);
    }
    assertEquals(0, PeerGroup.openSockets(), "sockets of the exchange");
    assertEquals(0, threadsInTheExchange(), "threads still in the exchange");
    assertEquals(before, BroadcastBlocks.largeOnceSettled(1_000_000, before, 10_000),
        "every epoch's start broadcast was destroyed");
    assertEquals(cachedBefore, sc.getPersistentRDDs().size(), "the training blocks were"
        + " unpersisted");
  }

  /** Threads running code of the exchange now: a task stuck waiting on its peers. */
  static int threadsInTheExchange() {
    int stuck = 0;
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().startsWith(PeerGroup.class.getPackageName())) {
          stuck++;
          break;
        }
      }
    }
    return stuck;
  }


  @Test
  void cancellingTheJobsEndsABarrierEpochPromptlyAndLeavesNothingBehind() throws Exception {
    SparkContext sc = TestSpark.session().sparkContext();
    // long epochs: 450 steps of a wide network (5 MB summed per step), far longer than the
    // test waits before it cancels
    NeuralNetworkClassifier slow = classifier("adam").setHiddenLayers(new int[] {800, 800})
        .setBatchSize(2).setMaxIter(50).setExecutionMode("barrier");
    ExecutorService fit = Executors.newSingleThreadExecutor();
    try {
      Future<?> training = fit.submit(() -> slow.fit(data));
      // the epochs' stages only: wait until the first epoch has been running for a while
      long until = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < until && !barrierStageRunning(sc)) {
        Thread.sleep(20);
      }
      assertTrue(barrierStageRunning(sc), "no barrier stage started");
      Thread.sleep(200);
      long cancelled = System.nanoTime();
      sc.cancelAllJobs();
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> training.get(60, TimeUnit.SECONDS));
      double seconds = (System.nanoTime() - cancelled) / 1e9;
      assertTrue(String.valueOf(e.getCause()).contains("cancel"), String.valueOf(e.getCause()));
      assertTrue(seconds < 15, "the fit ended " + seconds + " s after the cancellation");
      long settle = System.nanoTime() + 15_000_000_000L;
      while (System.nanoTime() < settle
          && (PeerGroup.openSockets() != 0 || threadsInTheExchange() != 0)) {
        Thread.sleep(50);
      }
      assertEquals(0, PeerGroup.openSockets(), "sockets of the exchange");
      assertEquals(0, threadsInTheExchange(), "threads still in the exchange");
    } finally {
      fit.shutdownNow();
    }
  }

  private static boolean barrierStageRunning(SparkContext sc) {
    for (int id : sc.statusTracker().getActiveStageIds()) {
      var stage = sc.statusTracker().getStageInfo(id);
      if (stage.isDefined() && stage.get().numActiveTasks() == 2
          && stage.get().name().contains("PassRunner")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void concurrentFitsAndAParallelCrossValidatorTrainWhatSequentialOnesTrain() throws Exception {
    NeuralNetworkClassifier first = classifier("adam");
    NeuralNetworkClassifier second = classifier("adamw").setRegParam(1e-3);
    double[] firstAlone = first.fit(data).weights().toArray();
    double[] secondAlone = second.fit(data).weights().toArray();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<NeuralNetworkClassificationModel> a = threads.submit(() -> first.fit(data));
      Future<NeuralNetworkClassificationModel> b = threads.submit(() -> second.fit(data));
      assertEquals("barrier", a.get().summary().executionMode());
      assertBitwiseEqual(firstAlone, a.get().weights().toArray(), "first, concurrently");
      assertBitwiseEqual(secondAlone, b.get().weights().toArray(), "second, concurrently");
    } finally {
      threads.shutdownNow();
    }
    NeuralNetworkClassifier tuned = classifier("adam");
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(tuned.stepSize(), new double[] {0.01, 0.003}).build();
    CrossValidator cv = new CrossValidator().setEstimator(tuned).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator()).setNumFolds(2).setSeed(4);
    CrossValidatorModel sequential = cv.setParallelism(1).fit(data);
    CrossValidatorModel parallel = cv.setParallelism(2).fit(data);
    assertArrayEquals(sequential.avgMetrics(), parallel.avgMetrics(), 0.0);
    assertBitwiseEqual(
        ((NeuralNetworkClassificationModel) sequential.bestModel()).weights().toArray(),
        ((NeuralNetworkClassificationModel) parallel.bestModel()).weights().toArray(),
        "the best model, tuned with parallelism 1 and 2");
  }

  @Test
  void theSummaryNamesTheBlasTheExecutorsTrainedWith() {
    String blas = classifier("adam").setMaxIter(1).fit(data).summary().blas();
    assertTrue(blas.startsWith(io.github.sparkbackprop.nn.Blas.implementationName()), blas);
    if (io.github.sparkbackprop.nn.Blas.isNative()) {
      // the tests' JVM runs with OPENBLAS_NUM_THREADS=1 (the pom)
      assertTrue(blas.contains("1 thread per call"), blas);
    }
  }

  @Test
  void theSameSeedRepeatsInBarrierMode() {
    double[] a = classifier("adam").setExecutionMode("barrier").fit(data).weights().toArray();
    double[] b = classifier("adam").setExecutionMode("barrier").fit(data).weights().toArray();
    assertArrayEquals(a, b, 0.0);
  }
}
