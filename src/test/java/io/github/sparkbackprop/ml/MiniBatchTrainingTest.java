package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.optim.DivergenceException;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mini-batch solvers: they learn, they repeat exactly, they follow their schedule. */
@Tag("slow")
class MiniBatchTrainingTest {

  private static Dataset<Row> data;
  /** Rows of the same blobs the models do not train on. */
  private static Dataset<Row> heldOut;

  @BeforeAll
  static void data() {
    data = TestData.blobs(1000, 6, 4, 31).repartition(3).cache();
    data.count();
    heldOut = TestData.heldOutBlobs(1000, 200, 6, 4, 31);
  }

  @AfterAll
  static void release() {
    data.unpersist();
  }

  private static NeuralNetworkClassifier miniBatch(String solver) {
    return new NeuralNetworkClassifier()
        .setSolver(solver)
        .setHiddenLayers(new int[] {16})
        .setBatchSize(50)
        .setMaxIter(4)
        .setTol(0)
        .setSeed(7);
  }

  private static double finalObjective(NeuralNetworkClassificationModel m) {
    double[] h = m.summary().objectiveHistory();
    return h[h.length - 1];
  }

  @Test
  void adamAndMomentumReachALowerLossThanPlainDescentInTheSameEpochs() {
    double plain = finalObjective(miniBatch("gd").setStepSize(0.01).fit(data));
    double momentum = finalObjective(
        miniBatch("gd").setStepSize(0.01).setMomentum(0.9).setNesterov(true).fit(data));
    double adam = finalObjective(miniBatch("adam").setStepSize(0.01).fit(data));
    assertTrue(momentum < 0.8 * plain, "momentum " + momentum + " vs gd " + plain);
    assertTrue(adam < 0.8 * plain, "adam " + adam + " vs gd " + plain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "adam", "adamw"})
  void learnsTheBlobs(String solver) {
    NeuralNetworkClassificationModel model = miniBatch(solver)
        .setStepSize(solver.equals("gd") ? 0.1 : 0.01).setMomentum(0.9).setMaxIter(8).fit(data);
    TestData.assertLearned(model, heldOut, 0.8, solver);
    assertEquals(solver, model.summary().solver());
  }

  @Test
  void maxIterCountsEpochsOfCeilRowsOverBatchSizeSteps() {
    NeuralNetworkClassificationModel model = miniBatch("adam").setBatchSize(300).fit(data);
    NeuralNetworkTrainingSummary s = model.summary();
    assertEquals(4, s.totalIterations());
    assertEquals(5, s.objectiveHistory().length);
    assertEquals(4 * 4, s.learningRateHistory().length); // ceil(1000 / 300) = 4 steps
  }

  @Test
  void seededRunsAreIdenticalAndIndependentOfThePartitioning() {
    double[] a = miniBatch("adam").fit(data).weights().toArray();
    double[] b = miniBatch("adam").fit(data).weights().toArray();
    double[] c = miniBatch("adam").setSeed(8).fit(data).weights().toArray();
    assertArrayEquals(a, b, 0.0);
    assertTrue(TestData.maxAbsDiff(a, c) > 1e-3);
    // The batches are drawn from one global shuffle, so the same rows in the same order give
    // the same batches however they are partitioned.
    Dataset<Row> one = data.coalesce(1);
    double[] d = miniBatch("adam").fit(one).weights().toArray();
    double[] e = miniBatch("adam").fit(one).weights().toArray();
    assertArrayEquals(d, e, 0.0);
    // Only the rounding of the partial sums differs between 1 and 3 partitions.
    double partitioningDiff = TestData.maxAbsDiff(a, d);
    assertTrue(partitioningDiff < 1e-6, "1 vs 3 partitions: " + partitioningDiff);
  }

  @Test
  void batchCoveringAllRowsIsFullBatchGradientDescent() {
    NeuralNetworkClassificationModel mini = miniBatch("gd").setBatchSize(5000).setStepSize(0.3)
        .setMaxIter(3).fit(data);
    assertEquals(3, mini.summary().learningRateHistory().length);
    double[] h = mini.summary().objectiveHistory();
    // full batch: epoch e's "mean batch loss" is the exact loss at the weights after e-1 steps
    NeuralNetworkClassificationModel twoSteps = miniBatch("gd").setBatchSize(5000)
        .setStepSize(0.3).setMaxIter(2).fit(data);
    NeuralNetworkClassificationModel evaluated = miniBatch("gd").setBatchSize(5000)
        .setMaxIter(0).setInitialWeights(twoSteps.weights()).fit(data);
    assertEquals(h[3], evaluated.summary().objectiveHistory()[0], 1e-12);
  }

  @Test
  void scheduleIsFollowedAndRecordedStepByStep() {
    NeuralNetworkClassificationModel model = miniBatch("adam")
        .setBatchSize(100) // 10 steps per epoch
        .setStepSize(0.02)
        .setLearningRateSchedule("step")
        .setDecayRate(0.5)
        .setDecaySteps(15)
        .setWarmupSteps(5)
        .fit(data);
    double[] rates = model.summary().learningRateHistory();
    assertEquals(40, rates.length);
    assertEquals(0.02 / 5, rates[0], 1e-15);
    assertEquals(0.02, rates[4], 1e-15);
    assertEquals(0.02, rates[19], 1e-15); // schedule step 14
    assertEquals(0.01, rates[20], 1e-15); // schedule step 15
    assertEquals(0.005, rates[35], 1e-15); // schedule step 30
  }

  @Test
  void cosineWithoutDecayStepsSpansTheWholeRun() {
    double[] rates = miniBatch("gd").setBatchSize(250).setStepSize(0.1)
        .setLearningRateSchedule("cosine").setMinLearningRate(0.001).fit(data)
        .summary().learningRateHistory();
    assertEquals(16, rates.length);
    assertEquals(0.1, rates[0], 1e-15);
    assertEquals(0.001 + 0.099 * 0.5 * (1 + Math.cos(Math.PI * 15 / 16)), rates[15], 1e-12);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "adam"})
  void l1GivesExactZerosWithMiniBatches(String solver) {
    double[] w = miniBatch(solver).setStepSize(solver.equals("gd") ? 0.1 : 0.01)
        .setRegParam(0.05).setElasticNetParam(1.0).setMaxIter(6).fit(data)
        .weights().toArray();
    int zeros = 0;
    for (double v : w) {
      zeros += v == 0.0 ? 1 : 0;
    }
    assertTrue(zeros > w.length / 4, solver + ": " + zeros + " zeros of " + w.length);
  }

  @Test
  void divergenceIsAClearErrorNamingTheStepSize() {
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> miniBatch("gd").setStepSize(1e12).fit(data));
    assertTrue(e.getMessage().contains("stepSize=1.0E12"), e.getMessage());
  }

  @Test
  void eachEpochNamesItsSparkJobs() {
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      miniBatch("adam").setBatchSize(500).setMaxIter(3).fit(data);
      List<String> descriptions = jobs.jobs();
      for (int epoch = 1; epoch <= 3; epoch++) {
        String expected = "spark-backprop: epoch " + epoch + " of 3";
        assertEquals(2, descriptions.stream().filter(expected::equals).count(),
            "two steps per epoch in " + descriptions);
      }
    }
  }

  @Test
  void warmStartContinuesFromTheModel() {
    NeuralNetworkClassifier lbfgs = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {8}).setMaxIter(10).setTol(0).setSeed(3);
    NeuralNetworkClassificationModel first = lbfgs.fit(data);
    NeuralNetworkClassificationModel second =
        lbfgs.copy(new ParamMap()).setInitialModel(first).fit(data);
    double[] h1 = first.summary().objectiveHistory();
    double[] h2 = second.summary().objectiveHistory();
    assertEquals(h1[h1.length - 1], h2[0], 1e-12);
    assertTrue(h2[h2.length - 1] < h2[0]);

    IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
        () -> new NeuralNetworkClassifier().setHiddenLayers(new int[] {9})
            .setInitialModel(first));
    assertTrue(hidden.getMessage().contains("[8]") && hidden.getMessage().contains("[9]"),
        hidden.getMessage());
    IllegalArgumentException activation = assertThrows(IllegalArgumentException.class,
        () -> new NeuralNetworkClassifier().setHiddenLayers(new int[] {8}).setActivation("tanh")
            .setInitialModel(first));
    assertTrue(activation.getMessage().contains("relu"), activation.getMessage());
    IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
        () -> lbfgs.copy(new ParamMap()).setInitialModel(first)
            .fit(TestData.blobs(100, 5, 4, 1)));
    assertTrue(width.getMessage().contains("initialWeights has " + first.weights().size()),
        width.getMessage());
  }

  @Test
  void miniBatchSolversWarmStartFromAModelToo() {
    NeuralNetworkClassificationModel first = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {16}).setMaxIter(30).setTol(0).setSeed(3).fit(data);
    double[] trained = first.summary().objectiveHistory();
    double reached = trained[trained.length - 1];
    NeuralNetworkClassifier adam = miniBatch("adam").setStepSize(0.001).setMaxIter(1);
    double warm = adam.copy(new ParamMap()).setInitialModel(first).fit(data)
        .summary().objectiveHistory()[0];
    double cold = adam.fit(data).summary().objectiveHistory()[0];
    // adam starts where l-bfgs stopped, not from a fresh random network
    assertEquals(reached, warm, 1e-9, "warm start of adam");
    assertTrue(cold > 2 * reached, "cold " + cold + " vs reached " + reached);
  }

  @Test
  void stepsLeaveNoWeightsBroadcastOrCachedRddBehind() {
    // 30 inputs x 1000 hidden units: 32,000 weights, 256 KB per broadcast of the weights
    Dataset<Row> wide = TestData.blobs(600, 30, 3, 5).cache();
    wide.count(); // materialise the input's own cache before counting cached RDDs
    try {
      SparkContext sc = wide.sparkSession().sparkContext();
      int cachedBefore = sc.getPersistentRDDs().size();
      List<String> before = BroadcastBlocks.large(100_000);
      NeuralNetworkClassificationModel model = new NeuralNetworkClassifier().setSolver("adam")
          .setHiddenLayers(new int[] {1000}).setBatchSize(100).setMaxIter(3).setSeed(1)
          .fit(wide);
      assertEquals(18, model.summary().learningRateHistory().length); // 6 steps x 3 epochs
      // every step's weights broadcast was destroyed, not left for the garbage collector;
      // Broadcast.destroy() removes the blocks asynchronously, so the last step's may take a
      // moment to go (a leaked broadcast would stay for good and still fail here)
      assertEquals(before, BroadcastBlocks.largeOnceSettled(100_000, before, 10_000));
      // the training blocks were unpersisted; no RDD per step was cached
      assertEquals(cachedBefore, sc.getPersistentRDDs().size());
    } finally {
      wide.unpersist();
    }
  }

  @Test
  void adamsOwnParamsReachTheOptimiser() {
    NeuralNetworkClassifier adam = miniBatch("adam").setStepSize(0.01).setMaxIter(2);
    double[] base = adam.fit(data).weights().toArray();
    assertArrayEquals(base, adam.copy(new ParamMap()).fit(data).weights().toArray(), 0.0);
    for (ParamMap changed : List.of(
        new ParamMap().put(adam.beta1(), 0.5),
        new ParamMap().put(adam.beta2(), 0.9),
        new ParamMap().put(adam.adamEpsilon(), 1.0))) {
      double[] other = ((NeuralNetworkClassifier) adam.copy(changed)).fit(data).weights()
          .toArray();
      assertTrue(TestData.maxAbsDiff(base, other) > 1e-6, "no effect of " + changed);
    }
    // and gd's: plain, heavy-ball momentum and Nesterov's each give other weights
    NeuralNetworkClassifier gd = miniBatch("gd").setStepSize(0.05).setMaxIter(2);
    double[] plain = gd.fit(data).weights().toArray();
    double[] heavyBall = gd.copy(new ParamMap()).setMomentum(0.9).fit(data).weights().toArray();
    double[] nesterov = gd.copy(new ParamMap()).setMomentum(0.9).setNesterov(true).fit(data)
        .weights().toArray();
    assertTrue(TestData.maxAbsDiff(plain, heavyBall) > 1e-6, "momentum had no effect");
    assertTrue(TestData.maxAbsDiff(heavyBall, nesterov) > 1e-6, "nesterov had no effect");
  }
}
