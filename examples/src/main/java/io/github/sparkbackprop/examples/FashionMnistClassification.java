package io.github.sparkbackprop.examples;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.nn.Blas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a {@link NeuralNetworkClassifier} on the 60,000 Fashion-MNIST training images and
 * reports its accuracy on the 10,000 test images, with the training time, the iterations and the
 * BLAS in use.
 *
 * <p>Run it with {@code scripts/run-example fashion-mnist [options]} (see {@link #usage()}), or
 * call {@link #run(SparkSession, Options)} from code or a test.
 */
public final class FashionMnistClassification {

  /**
   * Default {@code maxIter} for {@code adam} (the default solver): 10 epochs of the fast recipe
   * below. Measured on 2 cores (docs/examples.md): about 88% test accuracy in well under a minute.
   */
  public static final int DEFAULT_MAX_ITER = 10;

  /** Default {@code maxIter} when {@code --solver l-bfgs} is chosen: iterations, not epochs. */
  public static final int DEFAULT_LBFGS_MAX_ITER = 200;

  /**
   * The fast recipe for {@code adam}, found with {@code scripts/bench}: large batches (few Spark
   * jobs per epoch) with a learning rate scaled up to match, a short linear warm-up so that the
   * large rate does not blow up the first steps, then a cosine decay to a small floor.
   */
  public static final int RECIPE_BATCH_SIZE = 2048;

  /** @see #RECIPE_BATCH_SIZE */
  public static final double RECIPE_STEP_SIZE = 0.008;

  /** @see #RECIPE_BATCH_SIZE */
  public static final int RECIPE_WARMUP_STEPS = 30;

  /** @see #RECIPE_BATCH_SIZE */
  public static final double RECIPE_MIN_LEARNING_RATE = 1e-4;

  private FashionMnistClassification() {}

  /**
   * Loads the data, trains, evaluates and optionally saves the model and the figures.
   *
   * @param spark the session to run on
   * @param options the settings
   * @return the figures and the model
   */
  public static Result run(SparkSession spark, Options options) {
    int partitions = options.partitions > 0
        ? options.partitions
        : spark.sparkContext().defaultParallelism();

    long start = System.nanoTime();
    Dataset<Row> train = FashionMnist.load(
        spark, options.dataDir, FashionMnist.Part.TRAIN, options.trainLimit, partitions);
    Dataset<Row> test = FashionMnist.load(
        spark, options.dataDir, FashionMnist.Part.TEST, options.testLimit, partitions);
    double loadSeconds = seconds(start);

    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier()
        .setHiddenLayers(options.hiddenLayers)
        .setActivation(options.activation)
        .setSolver(options.solver)
        .setRegParam(options.regParam)
        .setSeed(options.seed);
    // --no-recipe leaves maxIter unset, as a user who sets nothing does: the solver chooses
    int maxIter = options.maxIter > 0 ? options.maxIter
        : !options.recipe ? 0
        : "l-bfgs".equalsIgnoreCase(options.solver) ? DEFAULT_LBFGS_MAX_ITER : DEFAULT_MAX_ITER;
    if (maxIter > 0) {
      classifier.setMaxIter(maxIter);
    }
    if (options.recipe && "adam".equalsIgnoreCase(options.solver)) {
      // the fast recipe; explicit --step-size and --batch-size below still win
      classifier.setBatchSize(RECIPE_BATCH_SIZE)
          .setStepSize(RECIPE_STEP_SIZE)
          .setWarmupSteps(RECIPE_WARMUP_STEPS)
          .setLearningRateSchedule("cosine")
          .setMinLearningRate(RECIPE_MIN_LEARNING_RATE);
    }
    if (options.blockSize > 0) {
      classifier.setBlockSize(options.blockSize);
    }
    if (options.stepSize > 0) {
      classifier.setStepSize(options.stepSize);
    }
    if (options.batchSize > 0) {
      classifier.setBatchSize(options.batchSize);
    }
    if (options.precision != null) {
      classifier.setPrecision(options.precision);
    }
    if (options.checkpointDir != null) {
      classifier.setCheckpointDir(options.checkpointDir);
    }
    if (options.checkpointInterval > 0) {
      classifier.setCheckpointInterval(options.checkpointInterval);
    }
    String rows = options.trainLimit > 0
        ? "the first " + options.trainLimit + " training images"
        : "all training images";
    System.out.printf(Locale.ROOT, "Training %s %s, solver %s, maxIter %s, precision %s on %s"
            + " (%d partitions; BLAS %s)%n",
        Arrays.toString(options.hiddenLayers), options.activation, classifier.getSolver(),
        maxIter > 0 ? String.valueOf(maxIter) : "chosen by the solver",
        classifier.getPrecision(), rows, partitions, Blas.implementationName());
    NeuralNetworkClassificationModel model = classifier.fit(train);

    start = System.nanoTime();
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy");
    double accuracy = evaluator.evaluate(model.transform(test));
    double evaluationSeconds = seconds(start);
    long testRows = test.count();

    Result result = new Result(model, accuracy, model.summary().numRows(), testRows, partitions,
        loadSeconds, evaluationSeconds);
    if (options.modelOut != null) {
      try {
        model.write().overwrite().save(options.modelOut);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot save the model to " + options.modelOut, e);
      }
    }
    if (options.metricsOut != null) {
      ExampleSession.writeJson(options.metricsOut, result.toJson());
    }
    return result;
  }

  private static String openblasThreads() {
    String value = System.getenv("OPENBLAS_NUM_THREADS");
    return value == null ? "unset" : value;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * What a run measured.
   *
   * @param model the trained model (with its training summary)
   * @param testAccuracy fraction of test images classified correctly
   * @param trainRows number of training rows
   * @param testRows number of test rows
   * @param partitions partitions of the training data
   * @param loadSeconds seconds spent reading the IDX files on the driver
   * @param evaluationSeconds seconds spent scoring the test set
   */
  public record Result(NeuralNetworkClassificationModel model, double testAccuracy,
      long trainRows, long testRows, int partitions, double loadSeconds,
      double evaluationSeconds) {

    /** Seconds {@code fit} took, as the training summary reports it. */
    public double trainingSeconds() {
      return model.summary().trainingSeconds();
    }

    /**
     * Median wall-clock seconds of one iteration (epoch for mini-batch solvers), leaving out the
     * first 10 while the JIT warms up when there are more than 20; the median shrugs off the
     * odd slow iteration.
     */
    public double medianIterationSeconds() {
      double[] seconds = model.summary().iterationSeconds();
      if (seconds.length == 0) {
        return Double.NaN;
      }
      double[] settled = seconds.length > 20
          ? Arrays.copyOfRange(seconds, 10, seconds.length)
          : seconds.clone();
      Arrays.sort(settled);
      int mid = settled.length / 2;
      return settled.length % 2 == 1 ? settled[mid] : (settled[mid - 1] + settled[mid]) / 2;
    }

    /** Optimiser iterations done. */
    public int iterations() {
      return model.summary().totalIterations();
    }

    /** Why training stopped. */
    public String stopReason() {
      return model.summary().stopReason();
    }

    /** The training objective after the last iteration. */
    public double finalObjective() {
      double[] history = model.summary().objectiveHistory();
      return history[history.length - 1];
    }

    /** The BLAS implementation the driver JVM uses ({@link Blas#implementationName()}). */
    public String blas() {
      return Blas.implementationName();
    }

    /** The figures as one JSON object, for benchmark records. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"example\": \"fashion-mnist\", \"date\": \"%s\","
              + " \"cores\": %d, \"layers\": \"%s\", \"iterations\": %d, \"stopReason\": \"%s\","
              + " \"trainRows\": %d, \"testRows\": %d, \"partitions\": %d,"
              + " \"trainingSeconds\": %.2f, \"medianIterationSeconds\": %s,"
              + " \"testAccuracy\": %.4f, \"finalObjective\": %.6f,"
              + " \"blas\": \"%s\", \"openblasNumThreads\": \"%s\", \"resumedFrom\": %d}%n",
          Instant.now(), Runtime.getRuntime().availableProcessors(),
          Arrays.toString(model.layers()), iterations(), stopReason().replace("\"", "'"),
          trainRows, testRows, partitions, trainingSeconds(),
          Double.isNaN(medianIterationSeconds()) ? "null"
              : String.format(Locale.ROOT, "%.3f", medianIterationSeconds()),
          testAccuracy, finalObjective(),
          blas(), openblasThreads(), model.summary().resumedFrom());
    }
  }

  /** The settings of one run; every setter returns {@code this}. */
  public static final class Options {

    private Path dataDir = Paths.get(FashionMnist.DEFAULT_DATA_DIR);
    private int[] hiddenLayers = {256, 128};
    private String activation = "relu";
    private String solver = "adam";
    private int maxIter = 0;
    private double stepSize = 0.0;
    private int batchSize = 0;
    private String precision;
    private double regParam = 0.0;
    private int blockSize = 0;
    private long seed = 42L;
    private int trainLimit = 0;
    private int testLimit = 0;
    private int partitions = 0;
    private String modelOut;
    private Path metricsOut;
    private boolean recipe = true;
    private String checkpointDir;
    private int checkpointInterval = 0;

    /** Folder of the IDX files. Default: {@value FashionMnist#DEFAULT_DATA_DIR}. */
    public Options dataDir(Path value) {
      dataDir = value;
      return this;
    }

    /** Hidden layer sizes. Default: {@code 256,128}. */
    public Options hiddenLayers(int... value) {
      hiddenLayers = value.clone();
      return this;
    }

    /** Hidden activation. Default: {@code relu}. */
    public Options activation(String value) {
      activation = value;
      return this;
    }

    /**
     * Solver: {@code l-bfgs}, {@code gd}, {@code adam} or {@code adamw}. Default: adam, with the
     * fast recipe ({@link #RECIPE_BATCH_SIZE}) unless other values are given.
     */
    public Options solver(String value) {
      solver = value;
      return this;
    }

    /**
     * Maximum iterations (l-bfgs) or epochs (mini-batch solvers); {@code <= 0} for the default:
     * {@link #DEFAULT_MAX_ITER} epochs, or {@link #DEFAULT_LBFGS_MAX_ITER} l-bfgs iterations.
     */
    public Options maxIter(int value) {
      maxIter = value;
      return this;
    }

    /** Learning rate of the mini-batch solvers; {@code <= 0} keeps the classifier's default. */
    public Options stepSize(double value) {
      stepSize = value;
      return this;
    }

    /** Rows per step of the mini-batch solvers; {@code <= 0} keeps the classifier's default. */
    public Options batchSize(int value) {
      batchSize = value;
      return this;
    }

    /** {@code double} or {@code float}; {@code null} keeps the classifier's default. */
    public Options precision(String value) {
      precision = value;
      return this;
    }

    /**
     * Folder for checkpoints ({@code checkpointDir}): a run killed midway resumes from there
     * when started again with the same options. Default: none.
     */
    public Options checkpointDir(String value) {
      checkpointDir = value;
      return this;
    }

    /** Epochs or iterations between checkpoints; {@code <= 0} keeps the classifier's (10). */
    public Options checkpointInterval(int value) {
      checkpointInterval = value;
      return this;
    }

    /** Regularisation strength (L2). Default: 0. */
    public Options regParam(double value) {
      regParam = value;
      return this;
    }

    /** Rows per GEMM block; {@code <= 0} keeps the classifier's default. Default: 0. */
    public Options blockSize(int value) {
      blockSize = value;
      return this;
    }

    /** Seed of the weight initialisation. Default: 42. */
    public Options seed(long value) {
      seed = value;
      return this;
    }

    /** Use only the first {@code value} training images; {@code <= 0} for all. Default: all. */
    public Options trainLimit(int value) {
      trainLimit = value;
      return this;
    }

    /** Use only the first {@code value} test images; {@code <= 0} for all. Default: all. */
    public Options testLimit(int value) {
      testLimit = value;
      return this;
    }

    /** Partitions of each DataFrame; {@code <= 0} for Spark's default parallelism. */
    public Options partitions(int value) {
      partitions = value;
      return this;
    }

    /** Where to save the trained model (overwritten); {@code null} to not save. */
    public Options modelOut(String value) {
      modelOut = value;
      return this;
    }

    /**
     * Whether {@code adam} runs with the fast recipe ({@link #RECIPE_BATCH_SIZE}); {@code false}
     * keeps the classifier's own defaults for every value not given, {@code maxIter} included.
     * Default: true.
     */
    public Options recipe(boolean value) {
      recipe = value;
      return this;
    }

    /** Where to write the figures as JSON; {@code null} to not write them. */
    public Options metricsOut(Path value) {
      metricsOut = value;
      return this;
    }
  }

  /** The command line: every option once, with its help and what it sets. */
  static final ExampleCli<Options> CLI = new ExampleCli<Options>(
      FashionMnistClassification.class, "fashion-mnist", "spark-backprop Fashion-MNIST",
      "Trains a neural network on Fashion-MNIST and reports its test accuracy.")
      .option("data-dir", "DIR", "folder of the IDX files (default "
          + FashionMnist.DEFAULT_DATA_DIR + ")", (o, v) -> o.dataDir(Paths.get(v)))
      .option("max-iter", "N", "maximum epochs (default " + DEFAULT_MAX_ITER + "), or"
          + " iterations for l-bfgs (default " + DEFAULT_LBFGS_MAX_ITER + ")",
          (o, v) -> o.maxIter(ExampleCli.integer("max-iter", v)))
      .option("hidden", "256,128", "hidden layer sizes (default 256,128; empty for none)",
          (o, v) -> o.hiddenLayers(ExampleCli.integers("hidden", v)))
      .option("activation", "NAME", "hidden activation (default relu)", Options::activation)
      .option("solver", "NAME", "l-bfgs, gd, adam or adamw (default adam, with a fast recipe:"
          + " batches of " + RECIPE_BATCH_SIZE + ", rate " + RECIPE_STEP_SIZE + ", "
          + RECIPE_WARMUP_STEPS + " warm-up steps, cosine decay)", Options::solver)
      .flag("no-recipe", "keep the classifier's own defaults (adam: the batch, rate, schedule"
          + " and epochs it chooses from the data)", (o, v) -> o.recipe(false))
      .option("step-size", "X", "learning rate of gd/adam/adamw (default: the recipe's or the"
          + " classifier's)", (o, v) -> o.stepSize(ExampleCli.real("step-size", v)))
      .option("batch-size", "N", "rows per step of gd/adam/adamw (default: the recipe's or the"
          + " classifier's)", (o, v) -> o.batchSize(ExampleCli.integer("batch-size", v)))
      .option("precision", "NAME", "double or float (default: the classifier's, double)",
          Options::precision)
      .option("reg-param", "X", "L2 regularisation strength (default 0)",
          (o, v) -> o.regParam(ExampleCli.real("reg-param", v)))
      .option("block-size", "N", "rows per GEMM block (default: the classifier's)",
          (o, v) -> o.blockSize(ExampleCli.integer("block-size", v)))
      .option("seed", "N", "seed of the weight initialisation (default 42)",
          (o, v) -> o.seed(ExampleCli.longInteger("seed", v)))
      .option("limit", "N", "use only the first N training images (default: all 60000)",
          (o, v) -> o.trainLimit(ExampleCli.integer("limit", v)))
      .option("test-limit", "N", "use only the first N test images (default: all 10000)",
          (o, v) -> o.testLimit(ExampleCli.integer("test-limit", v)))
      .option("partitions", "N", "partitions of the data (default: Spark's default"
          + " parallelism)", (o, v) -> o.partitions(ExampleCli.integer("partitions", v)))
      .option("checkpoint-dir", "DIR", "save checkpoints there; run the same command again to"
          + " resume after a crash", Options::checkpointDir)
      .option("checkpoint-interval", "N", "epochs (l-bfgs: iterations) between checkpoints"
          + " (default 10)",
          (o, v) -> o.checkpointInterval(ExampleCli.integer("checkpoint-interval", v)))
      .option("model-out", "PATH", "save the trained model there (overwritten)",
          Options::modelOut)
      .option("metrics-out", "FILE", "write the figures there as JSON",
          (o, v) -> o.metricsOut(Paths.get(v)));

  /** The command-line help. */
  public static String usage() {
    return CLI.usage();
  }

  /**
   * Command-line entry point: parses the options, starts a SparkSession, runs and prints the
   * figures. Exits with status 2 on bad options and 1 on missing or malformed data files.
   */
  public static void main(String[] args) {
    CLI.main(args, Options::new, options -> null, (spark, options) -> {
      System.out.printf(Locale.ROOT, "Spark %s, master %s, BLAS %s (OPENBLAS_NUM_THREADS=%s)%n",
          spark.version(), spark.sparkContext().master(), Blas.implementationName(),
          openblasThreads());
      Result result = run(spark, options);
      System.out.printf(Locale.ROOT, "Data: %d training and %d test images, %d partitions,"
              + " read in %.1f s%n",
          result.trainRows(), result.testRows(), result.partitions(), result.loadSeconds());
      System.out.printf(Locale.ROOT, "Network: layers %s, %d parameters%n",
          Arrays.toString(result.model().layers()), result.model().weights().size());
      System.out.printf(Locale.ROOT, "Training: %d iterations in %.1f s (median %.2f s per"
              + " iteration; %s), final objective %.4f%n",
          result.iterations(), result.trainingSeconds(), result.medianIterationSeconds(),
          result.stopReason(), result.finalObjective());
      if (result.model().summary().resumed()) {
        System.out.printf(Locale.ROOT, "Resumed from the checkpoint after iteration %d%n",
            result.model().summary().resumedFrom());
      }
      System.out.printf(Locale.ROOT, "Test accuracy: %.4f (%d images, scored in %.1f s)%n",
          result.testAccuracy(), result.testRows(), result.evaluationSeconds());
      System.out.printf(Locale.ROOT, "BLAS: %s%n", result.blas());
      if (options.modelOut != null) {
        System.out.println("Model saved to " + options.modelOut);
      }
      if (options.metricsOut != null) {
        System.out.println("Figures written to " + options.metricsOut);
      }
    });
  }
}
