package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.DivergenceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of bad (and good) DataFrames and param combinations: every case must either
 * train a finite model that scores its data, or fail with an {@link IllegalArgumentException}
 * (possibly wrapped by Spark, then as the root cause) that has a message; a divergence must be
 * reported as a {@link DivergenceException}. Never a NullPointerException, an index error, another
 * exception, a hang or a model with NaN weights or predictions.
 *
 * <p>{@code -Dfuzz.cases=N} and {@code -Dfuzz.seed=S} run another sample; a failure names the
 * case's seed and how it was built, and {@code -Dfuzz.case=SEED} replays just that case.
 */
@Tag("slow")
class FuzzTest {

  private static final int CASES = Integer.getInteger("fuzz.cases", 220);
  private static final long SEED = Long.getLong("fuzz.seed", 20240917L);
  /** Longest a case may take; a tiny case that takes this long is hanging. */
  private static final long CASE_TIMEOUT_SECONDS = 60;

  private static final SparkSession SPARK = TestSpark.session();

  private static final String[] NOISY_LOGGERS = {"org.apache.spark.executor.Executor",
      "org.apache.spark.scheduler.TaskSetManager", "org.apache.spark.ml.util.Instrumentation",
      "org.apache.spark.storage.BlockManager"};

  @Test
  void everyCaseTrainsAFiniteModelOrFailsWithAClearMessage() throws Exception {
    Long single = Long.getLong("fuzz.case");
    List<Long> seeds = new ArrayList<>();
    if (single != null) {
      seeds.add(single);
    } else {
      Random master = new Random(SEED);
      for (int c = 0; c < CASES; c++) {
        seeds.add(master.nextLong());
      }
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    java.util.TreeMap<Double, String> slowest = new java.util.TreeMap<>();
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-case");
      t.setDaemon(true); // a hanging case must not keep the test JVM alive
      return t;
    });
    long start = System.nanoTime();
    // Hundreds of expected task failures would each log a stack trace: keep the build log
    // readable (the outcomes are asserted, not read from the log).
    Map<String, Level> levels = new TreeMap<>();
    for (String logger : NOISY_LOGGERS) {
      levels.put(logger, LogManager.getLogger(logger).getLevel());
      Configurator.setLevel(logger, Level.OFF);
    }
    try {
      for (long seed : seeds) {
        FuzzCase fuzzCase = new FuzzCase(seed);
        String group = "fuzz-" + seed;
        Future<String> future = runner.submit(() -> {
          SPARK.sparkContext().setJobGroup(group, "fuzz case " + seed, true);
          try {
            return fuzzCase.run();
          } finally {
            SPARK.sparkContext().clearJobGroup();
          }
        });
        String outcome;
        long caseStart = System.nanoTime();
        try {
          outcome = future.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          slowest.put((System.nanoTime() - caseStart) / 1e9, fuzzCase.describe());
          while (slowest.size() > 3) {
            slowest.remove(slowest.firstKey());
          }
        } catch (TimeoutException e) {
          SPARK.sparkContext().cancelJobGroup(group);
          future.cancel(true);
          failures.add(fuzzCase.describe() + "\n  took more than " + CASE_TIMEOUT_SECONDS
              + " s: a hang");
          // The runner thread may still be stuck: give the next cases a fresh one.
          runner.shutdownNow();
          runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
          });
          continue;
        } catch (ExecutionException e) {
          outcome = null;
          failures.add(fuzzCase.describe() + "\n  " + summary(e.getCause()));
        }
        if (outcome != null) {
          outcomes.merge(outcome, 1, Integer::sum);
        }
      }
    } finally {
      runner.shutdownNow();
      levels.forEach(Configurator::setLevel);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "FuzzTest: %d cases in %.1f s: %s%nslowest: %s%n",
        seeds.size(), seconds, outcomes, slowest.descendingMap());
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + seeds.size() + " fuzz cases failed:\n"
          + String.join("\n", failures));
    }
    if (single == null) {
      // The generator must exercise both sides, or the test proves little.
      int trained = count(outcomes, "trained");
      int rejected = count(outcomes, "rejected (");
      assertTrue(trained >= seeds.size() / 5, "too few cases trained: " + outcomes);
      assertTrue(rejected >= seeds.size() / 5, "too few cases rejected: " + outcomes);
    }
  }

  private static int count(Map<String, Integer> outcomes, String containing) {
    return outcomes.entrySet().stream().filter(e -> e.getKey().contains(containing))
        .mapToInt(Map.Entry::getValue).sum();
  }

  private static String summary(Throwable t) {
    StringBuilder s = new StringBuilder(String.valueOf(t));
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < Math.min(8, trace.length); i++) {
      s.append("\n      at ").append(trace[i]);
    }
    for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
      s.append("\n    caused by ").append(c);
      if (c.getCause() == null) {
        StackTraceElement[] ct = c.getStackTrace();
        for (int i = 0; i < Math.min(8, ct.length); i++) {
          s.append("\n      at ").append(ct[i]);
        }
      }
    }
    return s.toString();
  }

  /** One generated case: a small DataFrame and an estimator with random params. */
  private static final class FuzzCase {

    private final long seed;
    private final Random random;
    private final List<String> story = new ArrayList<>();

    FuzzCase(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
    }

    String describe() {
      return "case -Dfuzz.case=" + seed + ": " + String.join(", ", story);
    }

    private void note(String what) {
      story.add(what);
    }

    private boolean chance(double p) {
      return random.nextDouble() < p;
    }

    @SafeVarargs
    private <T> T pick(T... values) {
      return values[random.nextInt(values.length)];
    }

    private int pickInt(int... values) {
      return values[random.nextInt(values.length)];
    }

    /** Runs the case; returns the outcome's name or throws what broke the contract. */
    String run() {
      boolean classification = random.nextBoolean();
      note(classification ? "classifier" : "regressor");
      Data data = data(classification);
      Predictor<Vector, ?, ?> estimator = classification
          ? new NeuralNetworkClassifier() : new NeuralNetworkRegressor();
      int rejectedParams = params(estimator, classification, data);
      String prefix = rejectedParams > 0 ? "param rejected, then " : "";

      Model<?> model;
      try {
        model = estimator.fit(data.frame);
      } catch (Throwable t) {
        return prefix + acceptable(t, "fit");
      }
      double[] weights = classification
          ? ((NeuralNetworkClassificationModel) model).weights().toArray()
          : ((NeuralNetworkRegressionModel) model).weights().toArray();
      for (int i = 0; i < weights.length; i++) {
        if (!Double.isFinite(weights[i])) {
          throw new AssertionError("fit returned a model with weight " + i + " = " + weights[i]);
        }
      }
      List<Row> scored;
      try {
        scored = model.transform(data.frame).select("prediction").collectAsList();
      } catch (Throwable t) {
        return prefix + acceptable(t, "transform");
      }
      if (scored.size() != data.rows) {
        throw new AssertionError("transform returned " + scored.size() + " rows of "
            + data.rows);
      }
      for (Row r : scored) {
        if (r.isNullAt(0) || Double.isNaN(r.getDouble(0))) {
          throw new AssertionError("transform predicted " + r.get(0));
        }
      }
      return prefix + "trained";
    }

    /**
     * The outcome name for an acceptable failure; throws an AssertionError (with the original as
     * its cause) for any other.
     */
    private String acceptable(Throwable t, String phase) {
      if (t instanceof DivergenceException) {
        requireMessage(t);
        return "diverged (" + phase + ")";
      }
      Throwable root = t;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      IllegalArgumentException error = t instanceof IllegalArgumentException
          ? (IllegalArgumentException) t
          : root instanceof IllegalArgumentException ? (IllegalArgumentException) root : null;
      if (error == null) {
        throw new AssertionError(phase + " threw " + t.getClass().getName()
            + " (root cause " + root.getClass().getName() + "), not an"
            + " IllegalArgumentException", t);
      }
      requireMessage(error);
      return "rejected (" + phase + ")";
    }

    private static void requireMessage(Throwable t) {
      if (t.getMessage() == null || t.getMessage().trim().isEmpty()) {
        throw new AssertionError(t.getClass().getName() + " without a message", t);
      }
    }

    // -------------------------------------------------------------------------------------------
    // Data

    /** The generated frame and facts about it. */
    private static final class Data {
      Dataset<Row> frame;
      int rows;
      int numFeatures;
      int numClasses;
      boolean weighted;
      boolean validation;
    }

    private Data data(boolean classification) {
      Data data = new Data();
      int n = pickInt(0, 1, 2, 3, 5, 8, 8, 13, 13, 30, 30);
      int partitions = pickInt(1, 1, 2, 2, 3, 8);
      int d = 1 + random.nextInt(4);
      int k = classification ? pickInt(1, 2, 2, 2, 3, 4) : 0;
      double scale = pick(1.0, 1.0, 1.0, 1.0, 1e3, 1e6);
      double labelScale = pick(1.0, 1.0, 10.0, 1e6);
      double faultRate = pick(0.0, 0.0, 0.0, 0.03, 0.2);
      data.weighted = chance(0.4);
      data.validation = chance(0.15);
      note(n + " rows in " + partitions + " partitions, " + d + " features x " + scale
          + (classification ? ", " + k + " classes" : ", labels x " + labelScale)
          + ", fault rate " + faultRate + (data.weighted ? ", weighted" : "")
          + (data.validation ? ", validation column" : ""));
      double sparseShare = pick(0.0, 0.3, 1.0);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Object features = features(d, scale, sparseShare, faultRate);
        Object label = classification
            ? (Object) (double) random.nextInt(Math.max(1, k))
            : (Object) (labelScale * random.nextGaussian());
        if (chance(faultRate)) {
          label = pick(Double.NaN, -1.0, 0.5, null, 1e9, Double.POSITIVE_INFINITY);
          note("row " + i + " label " + label);
        }
        Object weight = 3 * random.nextDouble();
        if (chance(faultRate)) {
          weight = pick(-1.0, Double.NaN, Double.POSITIVE_INFINITY, null, 0.0);
          note("row " + i + " weight " + weight);
        }
        Object isValidation = chance(0.25);
        if (chance(faultRate / 2)) {
          isValidation = null;
          note("row " + i + " validation flag null");
        }
        rows.add(RowFactory.create(features, label, weight, isValidation));
      }
      DataType featureType = SQLDataTypes.VectorType();
      StructType schema = new StructType()
          .add("features", featureType)
          .add("label", DataTypes.DoubleType)
          .add("weight", DataTypes.DoubleType)
          .add("isValidation", DataTypes.BooleanType);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SPARK.sparkContext());
      Dataset<Row> frame = SPARK.createDataFrame(jsc.parallelize(rows, partitions), schema);

      if (chance(0.04)) {
        frame = frame.withColumn("features", functions.lit(1.5));
        note("features column of doubles");
      } else if (chance(0.04)) {
        frame = frame.withColumn("features", functions.array(functions.lit(1.0)));
        note("features column of arrays");
      }
      if (data.weighted && chance(0.06)) {
        frame = frame.withColumn("weight", functions.lit(0.0));
        note("all weights zero");
      }
      if (data.weighted && chance(0.04)) {
        frame = frame.withColumn("weight", functions.lit("heavy"));
        note("weight column of strings");
      }
      if (data.validation && chance(0.1)) {
        frame = frame.withColumn("isValidation", functions.lit(true));
        note("every row held out");
      }
      if (chance(0.04)) {
        frame = frame.withColumn("label", functions.lit("cat"));
        note("label column of strings");
      }
      if (classification && chance(0.15)) {
        int declared = Math.max(1, k + pickInt(-1, 0, 1));
        frame = frame.withColumn("label", functions.col("label").as("label",
            NominalAttribute.defaultAttr().withName("label").withNumValues(declared)
                .toMetadata()));
        note("label metadata declares " + declared + " classes");
      }
      if (chance(0.05)) {
        String taken = pick("prediction", "rawPrediction", "probability");
        frame = frame.withColumn(taken, functions.lit(0.0));
        note("input already has a column " + taken);
      }
      data.frame = frame;
      data.rows = n;
      data.numFeatures = d;
      data.numClasses = k;
      return data;
    }

    private Object features(int d, double scale, double sparseShare, double faultRate) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = chance(0.3) ? 0.0 : scale * random.nextGaussian();
      }
      if (chance(faultRate)) {
        String fault = pick("NaN", "Infinity", "-Infinity", "wrong size", "null", "empty",
            "sparse NaN");
        note("a row with features " + fault);
        switch (fault) {
          case "NaN":
            x[random.nextInt(d)] = Double.NaN;
            break;
          case "Infinity":
            x[random.nextInt(d)] = Double.POSITIVE_INFINITY;
            break;
          case "-Infinity":
            x[random.nextInt(d)] = Double.NEGATIVE_INFINITY;
            break;
          case "wrong size":
            return Vectors.dense(Arrays.copyOf(x, d + 1));
          case "null":
            return null;
          case "empty":
            return Vectors.dense(new double[0]);
          default:
            return Vectors.sparse(d + 3, new int[] {d + 2}, new double[] {Double.NaN});
        }
      }
      Vector v = Vectors.dense(x);
      return chance(sparseShare) ? v.toSparse() : v;
    }

    // -------------------------------------------------------------------------------------------
    // Params

    /** Sets random params, some invalid; returns how many were rejected (each with a message). */
    private int params(Params estimator, boolean classification, Data data) {
      int rejected = 0;
      String solver = chance(0.6) ? "l-bfgs" : pick("gd", "adam", "adamw", "ADAM", "sgd");
      rejected += set(estimator, "solver", solver);
      int[] hidden = pick(new int[0], new int[] {2}, new int[] {3}, new int[] {3, 2},
          new int[] {0}, new int[] {-2}, new int[] {2, 0});
      rejected += set(estimator, "hiddenLayers", hidden);
      rejected += set(estimator, "activation", pick("relu", "tanh", "sigmoid", "leakyRelu",
          "elu", "softplus", "identity", "TANH", "bogus"));
      if (set(estimator, "maxIter", pickInt(0, 1, 2, 3, 3, 3, -1)) > 0) {
        rejected++;
        set(estimator, "maxIter", 2); // the default of 100 would only make the case slow
      }
      rejected += set(estimator, "seed", random.nextLong());
      // Mini-batch cases cost one Spark job per step: keep the steps per epoch few.
      rejected += set(estimator, "batchSize", chance(0.05) ? 0
          : Math.max(1, data.rows / pickInt(1, 2, 3)));
      rejected += set(estimator, "blockSize", chance(0.03) ? 0 : 1 + random.nextInt(8));
      if (estimator.hasParam("precision") && chance(0.3)) {
        rejected += set(estimator, "precision", pick("double", "float", "FLOAT", "half"));
      }
      if (chance(0.5)) {
        rejected += set(estimator, "stepSize", chance(0.1)
            ? pick(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)
            : Math.pow(10, -4 + 4 * random.nextDouble()));
      }
      if (chance(0.3)) {
        rejected += set(estimator, "regParam", chance(0.1) ? -1.0 : 0.1 * random.nextDouble());
      }
      if (chance(0.2)) {
        rejected += set(estimator, "elasticNetParam", chance(0.1) ? 1.5 : random.nextDouble());
      }
      if (chance(0.15)) {
        rejected += set(estimator, "tol", pick(0.0, 1e-2, -1.0, Double.NaN));
      }
      if (chance(0.1)) {
        rejected += set(estimator, "aggregationDepth", pickInt(1, 2, 3, 5));
      }
      if (chance(0.2)) {
        rejected += set(estimator, "momentum", pick(0.0, 0.5, 0.9, 1.0, -0.1));
        rejected += set(estimator, "nesterov", random.nextBoolean());
      }
      if (chance(0.1)) {
        rejected += set(estimator, "beta1", pick(0.0, 0.5, 0.99, 1.0));
        rejected += set(estimator, "beta2", pick(0.9, 0.999, -0.5));
        rejected += set(estimator, "adamEpsilon", pick(1e-8, 1e-3, 0.0));
      }
      if (chance(0.2)) {
        rejected += set(estimator, "learningRateSchedule", pick("constant", "step",
            "exponential", "inverseTime", "cosine", "bogus"));
        rejected += set(estimator, "decayRate", pick(0.5, 0.9, 1.5, 0.0, -1.0));
        rejected += set(estimator, "decaySteps", pickInt(0, 1, 3, -1));
        rejected += set(estimator, "minLearningRate", pick(0.0, 1e-5, 10.0, -1.0));
        rejected += set(estimator, "warmupSteps", pickInt(0, 2, -1));
      }
      if (data.validation) {
        rejected += set(estimator, "validationIndicatorCol", "isValidation");
        rejected += set(estimator, "earlyStoppingPatience", pickInt(1, 2, 0));
        rejected += set(estimator, "validationTol", pick(0.0, 0.01, -1.0));
      }
      if (data.weighted) {
        rejected += set(estimator, "weightCol", "weight");
      }
      if (chance(0.04)) {
        rejected += set(estimator, pick("featuresCol", "labelCol", "weightCol",
            "validationIndicatorCol"), "nope");
      }
      if (chance(0.1)) {
        double[] w = new double[chance(0.5) ? expectedParameters(estimator, classification, data)
            : 1 + random.nextInt(30)];
        for (int i = 0; i < w.length; i++) {
          w[i] = 0.1 * random.nextGaussian();
        }
        if (w.length > 0 && chance(0.2)) {
          w[random.nextInt(w.length)] = Double.NaN;
        }
        rejected += set(estimator, "initialWeights", Vectors.dense(w));
      }
      if (classification && chance(0.05)) {
        double[] t = new double[1 + random.nextInt(4)];
        Arrays.fill(t, 0.5);
        rejected += set(estimator, "thresholds", t);
      }
      if (!classification) {
        rejected += set(estimator, "loss", pick("squaredError", "huber", "absolute"));
        if (chance(0.3)) {
          rejected += set(estimator, "epsilon", pick(0.5, 2.0, 0.0, -1.0));
        }
      }
      return rejected;
    }

    /** Parameter count of the network the estimator would build on valid data (or 1). */
    private int expectedParameters(Params estimator, boolean classification, Data data) {
      int[] hidden = ((NeuralNetworkParams) estimator).getHiddenLayers();
      int outputs = classification ? Math.max(2, data.numClasses) : 1;
      int[] layers = new int[hidden.length + 2];
      layers[0] = data.numFeatures;
      System.arraycopy(hidden, 0, layers, 1, hidden.length);
      layers[layers.length - 1] = outputs;
      return (int) Math.max(1, Topology.countParameters(layers));
    }

    /**
     * Sets a param through Spark's generic {@code set(param, value)}; returns 1 if the value
     * was rejected (with an IllegalArgumentException with a message), 0 if accepted.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private int set(Params estimator, String name, Object value) {
      String shown = value instanceof int[] ? Arrays.toString((int[]) value)
          : value instanceof double[] ? Arrays.toString((double[]) value) : String.valueOf(value);
      Param param = estimator.getParam(name);
      try {
        estimator.set(param, value);
      } catch (IllegalArgumentException e) {
        requireMessage(e);
        note(name + "=" + shown + " rejected");
        return 1;
      }
      note(name + "=" + shown);
      return 0;
    }
  }
}
