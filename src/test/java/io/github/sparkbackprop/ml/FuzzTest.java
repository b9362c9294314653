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
 * Seeded fuzzing of bad (and good) DataFrames and param combinations. The generator knows what
 * it broke: each case records its faults (a bad row, column, param value or combination), each
 * with the names a message about it must mention (the column or param). A case without faults
 * must train a model with finite weights that predicts a finite value for every row (or report a
 * divergence as a {@link DivergenceException} that says so); a case with faults must be refused
 * by this library's own check: an {@link IllegalArgumentException} thrown from
 * {@code io.github.sparkbackprop} code (not Spark's generic errors) whose message names one of
 * the faults. A param value refused by its setter must be one the generator meant as invalid, and
 * the message must name the param and the value. Never a NullPointerException, an index error,
 * another exception, a hang or a model with non-finite weights or predictions.
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
    // the faults that were a case's only fault, and refused as they should be
    java.util.Set<String> refusedAlone = new java.util.TreeSet<>();
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
          if (outcome.contains("rejected (") && fuzzCase.soleFault() != null) {
            refusedAlone.add(fuzzCase.soleFault());
          }
        }
      }
    } finally {
      runner.shutdownNow();
      levels.forEach(Configurator::setLevel);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "FuzzTest: %d cases in %.1f s: %s%nrefused alone: %s%n"
        + "slowest: %s%n", seeds.size(), seconds, outcomes, refusedAlone,
        slowest.descendingMap());
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
      // each check of the rows met a case where no other check could refuse it first
      for (String column : new String[] {"'features'", "'label'", "'weight'",
          "'isValidation'"}) {
        assertTrue(refusedAlone.contains(column), "no case had bad " + column + " alone: "
            + refusedAlone);
      }
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
    /** What this case broke on purpose; empty for a valid case. */
    private final List<Fault> faults = new ArrayList<>();

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
      dataFaults(estimator, classification, data);
      String prefix = rejectedParams > 0 ? "param rejected, then " : "";
      if (!faults.isEmpty()) {
        note("faults " + faults);
      }

      Model<?> model;
      try {
        model = estimator.fit(data.frame);
      } catch (DivergenceException e) {
        requireMessage(e);
        if (!faults.isEmpty() || !e.getMessage().contains("diverged")) {
          throw new AssertionError("fit diverged where it should have refused " + faults, e);
        }
        return prefix + "diverged";
      } catch (Throwable t) {
        return prefix + rejected(t, "fit", false);
      }
      double[] weights = classification
          ? ((NeuralNetworkClassificationModel) model).weights().toArray()
          : ((NeuralNetworkRegressionModel) model).weights().toArray();
      for (int i = 0; i < weights.length; i++) {
        if (!Double.isFinite(weights[i])) {
          throw new AssertionError("fit returned a model with weight " + i + " = " + weights[i]);
        }
      }
      if (faults.stream().anyMatch(f -> !f.atTransform)) {
        throw new AssertionError("fit trained a model despite " + faults);
      }
      List<Row> scored;
      try {
        scored = model.transform(data.frame).select("prediction").collectAsList();
      } catch (Throwable t) {
        return prefix + rejected(t, "transform", true);
      }
      if (!faults.isEmpty()) {
        throw new AssertionError("transform scored the rows despite " + faults);
      }
      if (scored.size() != data.rows) {
        throw new AssertionError("transform returned " + scored.size() + " rows of "
            + data.rows);
      }
      for (Row r : scored) {
        if (r.isNullAt(0) || !Double.isFinite(r.getDouble(0))) {
          throw new AssertionError("transform predicted " + r.get(0));
        }
      }
      return prefix + "trained";
    }

    /**
     * The outcome name for a refusal the case's faults call for (thrown by this library, naming
     * a fault); throws an AssertionError (with the original as its cause) for any other.
     */
    private String rejected(Throwable t, String phase, boolean transform) {
      List<Fault> expected = new ArrayList<>();
      for (Fault f : faults) {
        if (!transform || f.atTransform) {
          expected.add(f);
        }
      }
      if (expected.isEmpty()) {
        throw new AssertionError(phase + " refused a valid case: " + t, t);
      }
      if (!(t instanceof IllegalArgumentException)) {
        throw new AssertionError(phase + " threw " + t.getClass().getName()
            + ", not this library's IllegalArgumentException, for " + expected, t);
      }
      requireMessage(t);
      if (!fromLibrary(t)) {
        throw new AssertionError(phase + " was refused by " + t.getStackTrace()[0]
            + ", not by a check of this library, for " + expected, t);
      }
      String message = t.getMessage();
      if (expected.stream().noneMatch(f -> f.namedIn(message))) {
        throw new AssertionError(phase + " was refused with a message that names none of "
            + expected + ": " + message, t);
      }
      return "rejected (" + phase + ")";
    }

    /** Whether {@code t} was thrown by this library's code. */
    private static boolean fromLibrary(Throwable t) {
      StackTraceElement[] trace = t.getStackTrace();
      return trace.length > 0 && trace[0].getClassName().startsWith("io.github.sparkbackprop.");
    }

    private static void requireMessage(Throwable t) {
      if (t.getMessage() == null || t.getMessage().trim().isEmpty()) {
        throw new AssertionError(t.getClass().getName() + " without a message", t);
      }
    }

    /** The names of the case's faults if they all have the same, else null. */
    String soleFault() {
      java.util.Set<String> names = new java.util.TreeSet<>();
      for (Fault f : faults) {
        names.add(String.join(" or ", f.names));
      }
      return names.size() == 1 ? names.iterator().next() : null;
    }

    private void fault(String what, String... names) {
      faults.add(new Fault(what, false, names));
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
      /** Per row: whether its features are broken (non-finite, null, of another size). */
      final List<Boolean> badFeatures = new ArrayList<>();
      /** Per row: the label, weight and validation flag as generated (null: SQL null). */
      final List<Double> labels = new ArrayList<>();
      final List<Double> weights = new ArrayList<>();
      final List<Boolean> flags = new ArrayList<>();
      boolean featuresNotVectors;
      boolean weightsAllZero;
      boolean weightStrings;
      boolean allHeldOut;
      boolean labelStrings;
      int declaredClasses = -1;
      String takenColumn;
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
      // Bad rows in one column per case, so that no check hides behind another.
      String faulty = pick("features", "label", "weight", "isValidation");
      if (faultRate > 0) {
        note("bad rows in " + faulty);
      }
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int notesBefore = story.size();
        Object features = features(d, scale, sparseShare,
            faulty.equals("features") ? faultRate : 0);
        data.badFeatures.add(story.size() > notesBefore);
        Object label = classification
            ? (Object) (double) random.nextInt(Math.max(1, k))
            : (Object) (labelScale * random.nextGaussian());
        if (faulty.equals("label") && chance(faultRate)) {
          label = pick(Double.NaN, -1.0, 0.5, null, 1e9, Double.POSITIVE_INFINITY);
          note("row " + i + " label " + label);
        }
        Object weight = 3 * random.nextDouble();
        if (faulty.equals("weight") && chance(faultRate)) {
          weight = pick(-1.0, Double.NaN, Double.POSITIVE_INFINITY, null, 0.0);
          note("row " + i + " weight " + weight);
        }
        Object isValidation = chance(0.25);
        if (faulty.equals("isValidation") && chance(faultRate / 2)) {
          isValidation = null;
          note("row " + i + " validation flag null");
        }
        data.labels.add((Double) label);
        data.weights.add((Double) weight);
        data.flags.add((Boolean) isValidation);
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
        data.featuresNotVectors = true;
        note("features column of doubles");
      } else if (chance(0.04)) {
        frame = frame.withColumn("features", functions.array(functions.lit(1.0)));
        data.featuresNotVectors = true;
        note("features column of arrays");
      }
      if (data.weighted && chance(0.06)) {
        frame = frame.withColumn("weight", functions.lit(0.0));
        data.weightsAllZero = true;
        note("all weights zero");
      }
      if (data.weighted && chance(0.04)) {
        frame = frame.withColumn("weight", functions.lit("heavy"));
        data.weightStrings = true;
        note("weight column of strings");
      }
      if (data.validation && chance(0.1)) {
        frame = frame.withColumn("isValidation", functions.lit(true));
        data.allHeldOut = true;
        note("every row held out");
      }
      if (chance(0.04)) {
        frame = frame.withColumn("label", functions.lit("cat"));
        data.labelStrings = true;
        note("label column of strings");
      }
      if (classification && chance(0.15)) {
        int declared = Math.max(1, k + pickInt(-1, 0, 1));
        frame = frame.withColumn("label", functions.col("label").as("label",
            NominalAttribute.defaultAttr().withName("label").withNumValues(declared)
                .toMetadata()));
        data.declaredClasses = declared;
        note("label metadata declares " + declared + " classes");
      }
      if (chance(0.05)) {
        String taken = pick("prediction", "rawPrediction", "probability");
        frame = frame.withColumn(taken, functions.lit(0.0));
        data.takenColumn = taken;
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

    /**
     * Sets random params, some invalid; returns how many their setters refused (each checked by
     * {@link #set}). An invalid value a setter accepts becomes one of the case's faults.
     */
    private int params(Params estimator, boolean classification, Data data) {
      int rejected = 0;
      String solver = chance(0.6) ? "l-bfgs" : pick("gd", "adam", "adamw", "ADAM", "sgd");
      rejected += set(estimator, "solver", solver, !solver.equals("sgd"));
      int[] hidden = pick(new int[0], new int[] {2}, new int[] {3}, new int[] {3, 2},
          new int[] {0}, new int[] {-2}, new int[] {2, 0});
      rejected += set(estimator, "hiddenLayers", hidden, Arrays.stream(hidden).allMatch(h -> h > 0));
      String activation = pick("relu", "tanh", "sigmoid", "leakyRelu", "elu", "softplus",
          "identity", "TANH", "bogus");
      rejected += set(estimator, "activation", activation, !activation.equals("bogus"));
      int maxIter = pickInt(0, 1, 2, 3, 3, 3, -1);
      if (set(estimator, "maxIter", maxIter, maxIter >= 0) > 0) {
        rejected++;
        set(estimator, "maxIter", 2, true); // the default of 100 would only make the case slow
      }
      rejected += set(estimator, "seed", random.nextLong(), true);
      // Mini-batch cases cost one Spark job per step: keep the steps per epoch few.
      int batchSize = chance(0.05) ? 0 : Math.max(1, data.rows / pickInt(1, 2, 3));
      rejected += set(estimator, "batchSize", batchSize, batchSize >= 1);
      int blockSize = chance(0.03) ? 0 : 1 + random.nextInt(8);
      rejected += set(estimator, "blockSize", blockSize, blockSize >= 1);
      if (estimator.hasParam("precision") && chance(0.3)) {
        String precision = pick("double", "float", "FLOAT", "half");
        rejected += set(estimator, "precision", precision, !precision.equals("half"));
      }
      if (chance(0.5)) {
        double stepSize = chance(0.1)
            ? pick(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)
            : Math.pow(10, -4 + 4 * random.nextDouble());
        rejected += set(estimator, "stepSize", stepSize, stepSize > 0 && Double.isFinite(stepSize));
      }
      if (chance(0.3)) {
        double regParam = chance(0.1) ? -1.0 : 0.1 * random.nextDouble();
        rejected += set(estimator, "regParam", regParam, regParam >= 0);
      }
      if (chance(0.2)) {
        double elasticNet = chance(0.1) ? 1.5 : random.nextDouble();
        rejected += set(estimator, "elasticNetParam", elasticNet, elasticNet <= 1);
      }
      if (chance(0.15)) {
        double tol = pick(0.0, 1e-2, -1.0, Double.NaN);
        rejected += set(estimator, "tol", tol, tol >= 0);
      }
      if (chance(0.1)) {
        int depth = pickInt(1, 2, 3, 5);
        rejected += set(estimator, "aggregationDepth", depth, depth >= 2);
      }
      if (chance(0.2)) {
        double momentum = pick(0.0, 0.5, 0.9, 1.0, -0.1);
        rejected += set(estimator, "momentum", momentum, momentum >= 0 && momentum < 1);
        rejected += set(estimator, "nesterov", random.nextBoolean(), true);
      }
      if (chance(0.1)) {
        double beta1 = pick(0.0, 0.5, 0.99, 1.0);
        rejected += set(estimator, "beta1", beta1, beta1 < 1);
        double beta2 = pick(0.9, 0.999, -0.5);
        rejected += set(estimator, "beta2", beta2, beta2 >= 0);
        double adamEpsilon = pick(1e-8, 1e-3, 0.0);
        rejected += set(estimator, "adamEpsilon", adamEpsilon, adamEpsilon > 0);
      }
      if (chance(0.2)) {
        String schedule = pick("constant", "step", "exponential", "inverseTime", "cosine",
            "bogus");
        rejected += set(estimator, "learningRateSchedule", schedule, !schedule.equals("bogus"));
        double decayRate = pick(0.5, 0.9, 1.5, 0.0, -1.0);
        rejected += set(estimator, "decayRate", decayRate, decayRate >= 0);
        int decaySteps = pickInt(0, 1, 3, -1);
        rejected += set(estimator, "decaySteps", decaySteps, decaySteps >= 0);
        double minRate = pick(0.0, 1e-5, 10.0, -1.0);
        rejected += set(estimator, "minLearningRate", minRate, minRate >= 0);
        int warmup = pickInt(0, 2, -1);
        rejected += set(estimator, "warmupSteps", warmup, warmup >= 0);
      }
      if (data.validation) {
        rejected += set(estimator, "validationIndicatorCol", "isValidation", true);
        int patience = pickInt(1, 2, 0);
        rejected += set(estimator, "earlyStoppingPatience", patience, patience >= 1);
        double validationTol = pick(0.0, 0.01, -1.0);
        rejected += set(estimator, "validationTol", validationTol, validationTol >= 0);
      }
      if (data.weighted) {
        rejected += set(estimator, "weightCol", "weight", true);
      }
      if (chance(0.04)) {
        String column = pick("featuresCol", "labelCol", "weightCol", "validationIndicatorCol");
        rejected += set(estimator, column, "nope", true);
        fault(column + " names a column the data lacks", "'nope'");
      }
      if (chance(0.1)) {
        int expected = expectedParameters(estimator, classification, data);
        double[] w = new double[chance(0.5) ? expected : 1 + random.nextInt(30)];
        for (int i = 0; i < w.length; i++) {
          w[i] = 0.1 * random.nextGaussian();
        }
        if (w.length > 0 && chance(0.2)) {
          w[random.nextInt(w.length)] = Double.NaN;
        }
        rejected += set(estimator, "initialWeights", Vectors.dense(w), true);
        if (w.length != expected || Arrays.stream(w).anyMatch(Double::isNaN)) {
          fault("initialWeights of " + w.length + " values for " + expected + " parameters",
              "initialWeights");
        }
      }
      if (classification && chance(0.05)) {
        double[] t = new double[1 + random.nextInt(4)];
        Arrays.fill(t, 0.5);
        rejected += set(estimator, "thresholds", t, true);
        if (t.length != numClasses(data)) {
          faults.add(new Fault(t.length + " thresholds for " + numClasses(data) + " classes",
              true, "thresholds"));
        }
      }
      if (!classification) {
        String loss = pick("squaredError", "huber", "absolute");
        rejected += set(estimator, "loss", loss, !loss.equals("absolute"));
        if (chance(0.3)) {
          double epsilon = pick(0.5, 2.0, 0.0, -1.0);
          rejected += set(estimator, "epsilon", epsilon, epsilon > 0);
        }
      }
      return rejected;
    }

    /**
     * The classes the classifier will see: the largest valid label + 1 over all rows, at least
     * what the label metadata declares (2 when no row has a valid label).
     */
    private static int numClasses(Data data) {
      double max = 1;
      for (Double label : data.labels) {
        if (label != null && label >= 0 && label == Math.rint(label) && label < 100) {
          max = Math.max(max, label);
        }
      }
      return Math.max((int) max + 1, data.declaredClasses);
    }

    /** Parameter count of the network the estimator would build on valid data. */
    private int expectedParameters(Params estimator, boolean classification, Data data) {
      int[] hidden = ((NeuralNetworkParams) estimator).getHiddenLayers();
      int outputs = classification ? numClasses(data) : 1;
      int[] layers = new int[hidden.length + 2];
      layers[0] = data.numFeatures;
      System.arraycopy(hidden, 0, layers, 1, hidden.length);
      layers[layers.length - 1] = outputs;
      return (int) Math.max(1, Topology.countParameters(layers));
    }

    /**
     * The faults of the data, given the columns the estimator reads and the params it ended up
     * with; and the faults of param combinations.
     */
    private void dataFaults(Params estimator, boolean classification, Data data) {
      String weightCol = columnParam(estimator, "weightCol");
      String validationCol = columnParam(estimator, "validationIndicatorCol");
      boolean weighted = "weight".equals(weightCol);
      boolean validated = "isValidation".equals(validationCol);
      if (data.featuresNotVectors) {
        fault("features not vectors", "'features'");
      }
      if (data.labelStrings) {
        fault("labels are strings", "'label'");
      }
      if (weighted && (data.weightStrings || data.weightsAllZero)) {
        fault("weights are strings or all zero", "'weight'");
      }
      if (validated && data.allHeldOut) {
        fault("every row held out", "'isValidation'");
      }
      if (data.takenColumn != null
          && (classification || data.takenColumn.equals("prediction"))) {
        fault("output column " + data.takenColumn + " exists", "'" + data.takenColumn + "'");
      }
      if (data.rows == 0) {
        fault("no rows", "empty");
      }
      double trainingWeight = 0;
      double validationWeight = 0;
      java.util.Set<Double> trainingClasses = new java.util.HashSet<>();
      for (int i = 0; i < data.rows; i++) {
        if (data.badFeatures.get(i)) {
          fault("row " + i + " features", "'features'");
        }
        Double label = data.labels.get(i);
        boolean badLabel = label == null || !Double.isFinite(label) || classification
            && (label < 0 || label != Math.rint(label) || label >= 100_000
                || data.declaredClasses > 0 && label >= data.declaredClasses);
        if (badLabel && !data.labelStrings) {
          fault("row " + i + " label " + label, "'label'");
        }
        Double weight = weighted ? data.weights.get(i) : Double.valueOf(1);
        if (weighted && !data.weightStrings && !data.weightsAllZero
            && (weight == null || !(weight >= 0) || Double.isInfinite(weight))) {
          fault("row " + i + " weight " + weight, "'weight'");
        }
        Boolean flag = validated ? data.flags.get(i) : Boolean.FALSE;
        if (validated && data.allHeldOut) {
          flag = Boolean.TRUE;
        }
        if (flag == null) {
          fault("row " + i + " validation flag null", "'isValidation'");
          continue;
        }
        double w = weight == null || !(weight >= 0) || data.weightsAllZero && weighted
            ? 0 : weight;
        if (flag) {
          validationWeight += w;
        } else {
          trainingWeight += w;
          if (!badLabel) {
            trainingClasses.add(label);
          }
        }
      }
      if (data.rows > 0 && !(trainingWeight > 0)) {
        fault("no training row with weight", validated ? "'isValidation'" : "'weight'",
            "'weight'");
      }
      if (validated && data.rows > 0 && !(validationWeight > 0)) {
        fault("no validation row with weight", "'isValidation'");
      }
      if (classification && trainingClasses.size() < 2) {
        fault("fewer than two classes to train on", "'label'");
      }
      paramCombinationFaults(estimator);
    }

    /** A column param's value, or null if it is not set. */
    private static String columnParam(Params estimator, String name) {
      Param<?> param = estimator.getParam(name);
      return estimator.isDefined(param) ? (String) estimator.getOrDefault(param) : null;
    }

    /** Faults of params that are valid alone but not together. */
    private void paramCombinationFaults(Params estimator) {
      String solver = String.valueOf(estimator.getOrDefault(estimator.getParam("solver")));
      if (solver.equalsIgnoreCase("l-bfgs")) {
        return; // the learning-rate schedule is for the mini-batch solvers only
      }
      if (!estimator.isSet(estimator.getParam("learningRateSchedule"))) {
        return;
      }
      String schedule = (String) estimator.getOrDefault(estimator.getParam("learningRateSchedule"));
      double decayRate = (Double) estimator.getOrDefault(estimator.getParam("decayRate"));
      double minRate = (Double) estimator.getOrDefault(estimator.getParam("minLearningRate"));
      Param<?> stepParam = estimator.getParam("stepSize");
      // the generator's stepSize is at most 1, and so is the one chosen when it is unset
      if (minRate > 1 || estimator.isSet(stepParam)
          && minRate > (Double) estimator.getOrDefault(stepParam)) {
        fault("minLearningRate above stepSize", "minLearningRate");
      }
      if ((schedule.equals("step") || schedule.equals("exponential"))
          && !(decayRate > 0 && decayRate <= 1)) {
        fault("decayRate " + decayRate + " for " + schedule, "decayRate");
      }
    }

    /**
     * Sets a param through Spark's generic {@code set(param, value)}; returns 1 if the value
     * was rejected, 0 if accepted. A refusal must be of a value meant as invalid, by this
     * library's validator, with a message that names the param and the value; an invalid value
     * accepted becomes a fault of the case (a check at fit must then refuse it).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private int set(Params estimator, String name, Object value, boolean valid) {
      String shown = value instanceof int[] ? Arrays.toString((int[]) value)
          : value instanceof double[] ? Arrays.toString((double[]) value) : String.valueOf(value);
      Param param = estimator.getParam(name);
      try {
        estimator.set(param, value);
      } catch (IllegalArgumentException e) {
        requireMessage(e);
        note(name + "=" + shown + " rejected");
        if (valid) {
          throw new AssertionError("the setter of " + name + " refused the valid " + shown, e);
        }
        if (!fromLibrary(e) || !e.getMessage().contains(name)
            || !e.getMessage().contains(shown)) {
          throw new AssertionError("the setter of " + name + " refused " + shown
              + " without this library's message naming both: " + e.getMessage(), e);
        }
        return 1;
      }
      note(name + "=" + shown);
      if (!valid) {
        fault(name + "=" + shown, name);
      }
      return 0;
    }
  }

  /** A fault a case was built with: a refusal's message must name one of its names. */
  private static final class Fault {
    final String what;
    /** Whether it is found only when scoring (thresholds against the trained classes). */
    final boolean atTransform;
    final String[] names;

    Fault(String what, boolean atTransform, String... names) {
      this.what = what;
      this.atTransform = atTransform;
      this.names = names;
    }

    boolean namedIn(String message) {
      return Arrays.stream(names).anyMatch(message::contains);
    }

    @Override
    public String toString() {
      return what + " (names " + String.join(" or ", names) + ")";
    }
  }
}
