package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.InputValidationTest.assertMentions;
import static io.github.sparkbackprop.ml.InputValidationTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.check.NetworkSizeCheck;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.Solver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * A network too large to broadcast, to return as a task result or to hold on the driver fails
 * before training with the parameter count, the bytes needed and the limit. The limits are
 * computed from arguments, so most of this runs without a large heap or Spark.
 */
class NetworkSizeTest {

  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;

  private static String problem(int[] layers, Solver solver, long maxMemory,
      long maxResultSize) {
    return NetworkSizeCheck.problem(layers, java.util.Arrays.toString(layers), false, solver,
        false, maxMemory, 0, maxResultSize, 1, 8);
  }

  @Test
  void driverMemoryLimitNamesTheParametersTheBytesAndTheLimit() {
    // 1000 x 10000 + 10000 + 10000 x 2 + 2 = 10,030,002 parameters; l-bfgs keeps 33 copies,
    // 2.6 GB, more than the 1.7 GiB a 2 GiB driver leaves; a 4 GiB driver has room.
    int[] layers = {1000, 10000, 2};
    String lbfgs = problem(layers, Solver.LBFGS, 2 * GIB, 0);
    assertMentions(lbfgs, "[1000, 10000, 2]", "10,030,002 parameters", "solver l-bfgs",
        "33 copies", "(2,647,920,528 bytes)", "1.7 GiB (1,832,910,848 bytes)",
        "smaller hiddenLayers", "spark.driver.memory");
    // Adam holds 12 copies (963 MB): that fits the same driver.
    assertNull(problem(layers, Solver.ADAM, 2 * GIB, 0));
    assertNull(problem(layers, Solver.LBFGS, 4 * GIB, 0));
  }

  @Test
  void theDriverLimitIsExactAtTheBoundary() {
    long maxMemory = 1 * GIB;
    int copies = NetworkSizeCheck.driverCopies(Solver.ADAM, false);
    long usable = maxMemory - NetworkSizeCheck.RESERVED_DRIVER_MEMORY;
    int fitting = (int) (usable / (copies * 8L)); // parameters of [fitting - 1, 1]
    assertNull(problem(new int[] {fitting - 1, 1}, Solver.ADAM, maxMemory, 0));
    assertMentions(problem(new int[] {fitting, 1}, Solver.ADAM, maxMemory, 0),
        String.format(java.util.Locale.ROOT, "%,d parameters", fitting + 1L));
  }

  @Test
  void solversDifferInWhatTheyHoldOnTheDriver() {
    int lbfgs = NetworkSizeCheck.driverCopies(Solver.LBFGS, false);
    int adam = NetworkSizeCheck.driverCopies(Solver.ADAM, false);
    int gd = NetworkSizeCheck.driverCopies(Solver.GD, false);
    // L-BFGS keeps 2 x 10 curvature vectors on top of what every solver needs.
    assertTrue(lbfgs >= NetworkSizeCheck.BASE_DRIVER_COPIES + 20, "l-bfgs: " + lbfgs);
    assertTrue(adam >= NetworkSizeCheck.BASE_DRIVER_COPIES + 2, "adam: " + adam);
    assertTrue(lbfgs > adam && adam >= gd);
    assertEquals(adam, NetworkSizeCheck.driverCopies(Solver.ADAMW, false));
    assertEquals(lbfgs + 1, NetworkSizeCheck.driverCopies(Solver.LBFGS, true),
        "early stopping keeps the best weights too");
  }

  @Test
  void aNetworkTooLargeForOneArrayIsRejectedWhateverTheMemory() {
    // 100000 x 30000 = 3e9 weights: more than a Java array (and so a broadcast) can carry.
    String p = problem(new int[] {100000, 30000, 2}, Solver.ADAM, Long.MAX_VALUE, 0);
    assertMentions(p, "3,000,090,002 parameters", "2,147,483,639", "one Java array",
        "broadcast", "smaller hiddenLayers");
    // Counts that overflow a long are reported as such, not wrapped to a small number.
    assertEquals(Long.MAX_VALUE, Topology.countParameters(
        new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}));
    assertMentions(problem(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE}, Solver.ADAM, Long.MAX_VALUE, 0), "more than 9e18 parameters");
    assertEquals(7 * 5 + 5 + 5 * 3 + 3, Topology.countParameters(new int[] {7, 5, 3}));
  }

  @Test
  void gradientSumsMustFitMaxResultSize() {
    int[] layers = {1000, 1000, 2}; // 1,003,002 parameters: 8 MB per gradient
    assertNull(problem(layers, Solver.ADAM, 8 * GIB, 16 * MIB));
    // Two sums merged in the tree's first stage: double-double, 16 bytes per parameter each.
    String p = NetworkSizeCheck.problem(layers, "[1000, 1000, 2]", false, Solver.ADAM, false,
        8 * GIB, 0, 16 * MIB, 2, 16);
    assertMentions(p, "1,003,002 parameters", "2 gradient sums", "32,096,064 bytes",
        "spark.driver.maxResultSize", "16.0 MiB");
    assertNull(NetworkSizeCheck.problem(layers, "", false, Solver.ADAM, false, 8 * GIB, 0, 0,
        100, 16), "0 means no limit");
    // With precision "float" a partition ships its gradient in floats: 4 such sums fit 16 MiB,
    // 4 in doubles do not.
    assertNull(NetworkSizeCheck.problem(layers, "", false, Solver.ADAM, false, 8 * GIB, 0,
        16 * MIB, 4, 4));
    assertMentions(NetworkSizeCheck.problem(layers, "", false, Solver.ADAM, false, 8 * GIB, 0,
        16 * MIB, 4, 8), "4 gradient sums");
  }

  @Test
  void finalAggregationResultsMatchWhatSparkCollects() {
    SparkSession spark = TestSpark.session();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int[] pd : new int[][] {{1, 2}, {2, 2}, {4, 2}, {9, 2}, {30, 2}, {30, 3}}) {
      int partitions = pd[0];
      int depth = pd[1];
      List<Integer> tasks = Collections.synchronizedList(new ArrayList<>());
      SparkListener listener = new SparkListener() {
        @Override
        public void onStageCompleted(SparkListenerStageCompleted stage) {
          tasks.add(stage.stageInfo().numTasks());
        }
      };
      spark.sparkContext().addSparkListener(listener);
      try {
        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
          data.add(i);
        }
        jsc.parallelize(data, partitions).treeAggregate(0, Integer::sum, Integer::sum, depth);
        waitForStages(tasks);
      } finally {
        spark.sparkContext().removeSparkListener(listener);
      }
      // The last stage's tasks each send one partial sum to the driver.
      assertEquals((int) tasks.get(tasks.size() - 1),
          NetworkSizeCheck.finalAggregationResults(partitions, depth),
          partitions + " partitions, depth " + depth + ": stages " + tasks);
    }
  }

  private static void waitForStages(List<Integer> tasks) {
    try {
      int last = -1;
      for (int i = 0; i < 50 && (tasks.isEmpty() || tasks.size() != last); i++) {
        last = tasks.size();
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aLocalMasterCountsItsRunningTasksInTheDriverHeap() {
    // local[2]: one shared broadcast value, and per running task (at most 2, at most one per
    // partition) a gradient sum and its serialised form.
    org.apache.spark.SparkContext sc = TestSpark.session().sparkContext();
    assertEquals(3, NetworkSizeCheck.localTaskCopies(sc, 1));
    assertEquals(5, NetworkSizeCheck.localTaskCopies(sc, 2));
    assertEquals(5, NetworkSizeCheck.localTaskCopies(sc, 8));
  }

  @Test
  void maxFeaturesIsTheLargestWidthThatFits() {
    assertEquals(1234, NetworkSizeCheck.maxFeatures(d -> d <= 1234));
    assertEquals(Integer.MAX_VALUE, NetworkSizeCheck.maxFeatures(d -> true));
    assertEquals(0, NetworkSizeCheck.maxFeatures(d -> false));
  }

  // ---------------------------------------------------------------------------------------------
  // Through fit

  private static Dataset<Row> twoRows(int width) {
    List<Row> rows = List.of(
        RowFactory.create(Vectors.sparse(width, new int[] {0}, new double[] {1}), 0.0),
        RowFactory.create(Vectors.sparse(width, new int[] {width - 1}, new double[] {1}), 1.0));
    return TestSpark.session().createDataFrame(rows, TestData.SCHEMA);
  }

  @Test
  void hopelessHiddenLayersFailBeforeAnySparkJob() {
    NeuralNetworkClassifier nn =
        new NeuralNetworkClassifier().setHiddenLayers(new int[] {100000, 100000});
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      assertRejected(() -> nn.fit(twoRows(2)),
          "The network [features, 100000, 100000, outputs] has at least 10,000,500,002"
              + " parameters", "one Java array", "smaller hiddenLayers");
      assertRejected(() -> new NeuralNetworkRegressor().setHiddenLayers(new int[] {30000, 30000})
          .fit(twoRows(2)), "[features, 30000, 30000, 1] has at least 900,120,001 parameters",
          "bytes", "the driver can use only", "smaller hiddenLayers");
      assertEquals(List.of(), jobs.jobs());
    }
  }

  @Test
  void aDeclaredFeatureWidthIsCheckedBeforeAnySparkJob() {
    Dataset<Row> declared = twoRows(5).withColumn("features", functions.col("features")
        .as("features", new AttributeGroup("features", 5_000_000).toMetadata()));
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setHiddenLayers(new int[] {500});
    try (JobRecorder jobs = new JobRecorder(TestSpark.session().sparkContext())) {
      assertRejected(() -> nn.fit(declared),
          "[5000000, 500, outputs] has at least 2,500,001,502 parameters");
      assertEquals(List.of(), jobs.jobs());
    }
  }

  @Test
  void tooWideVectorsAreRejectedBeforeTheirBlocksAreAllocated() {
    // 20 million features x 100 hidden units: 2e9 weights. A block of 1024 such rows would
    // need 160 GB; the stacker must refuse the first row instead.
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setHiddenLayers(new int[] {100});
    IllegalArgumentException e = assertRejected(() -> nn.fit(twoRows(20_000_000)),
        "'features'", "size 20000000", "hiddenLayers [100]", "too large", "features fit");
    assertTrue(e.getMessage().matches("(?s).*at most \\d+ features.*"), e.getMessage());
  }

  @Test
  void theNetworkIsCheckedAgainOnceTheDataTellsTheNumberOfClasses() {
    // Two features and 20000 hidden units pass the early check (outputs unknown); label 99999
    // makes 100000 classes: 2,000,160,000 parameters, too many for the test driver's heap.
    List<Row> rows = List.of(RowFactory.create(Vectors.dense(0, 1), 0.0),
        RowFactory.create(Vectors.dense(1, 0), 99999.0));
    Dataset<Row> df = TestSpark.session().createDataFrame(rows, TestData.SCHEMA);
    assertRejected(() -> new NeuralNetworkClassifier().setHiddenLayers(new int[] {20000}).fit(df),
        "The network [2, 20000, 100000] has 2,000,160,000 parameters", "bytes",
        "smaller hiddenLayers");
  }
}
