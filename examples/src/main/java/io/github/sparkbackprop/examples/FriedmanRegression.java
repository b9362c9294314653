package io.github.sparkbackprop.examples;

import io.github.sparkbackprop.ml.NeuralNetworkRegressionModel;
import io.github.sparkbackprop.ml.NeuralNetworkRegressor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Regression from a CSV file: every numeric column but the label is a feature; a
 * {@code VectorAssembler} and a {@code StandardScaler} feed a {@link NeuralNetworkRegressor}.
 * Reports RMSE and R² on a held-out split next to a linear regression on the same features,
 * and saves the fitted {@link PipelineModel}.
 *
 * <p>The default input is {@code examples/data/friedman1.csv} (2,000 rows of Friedman's
 * benchmark #1, see {@link SyntheticDatasets}), on which the network explains nearly all the
 * variance a linear model leaves. Run it with {@code scripts/run-example friedman-regression}, with
 * {@code scripts/spark-submit} (docs/deployment.md), or call
 * {@link #run(SparkSession, Options)} from code or a test.
 */
public final class FriedmanRegression {

  /** Input used when none is given, relative to the working folder (the project's root). */
  public static final String DEFAULT_INPUT = "examples/data/friedman1.csv";

  private FriedmanRegression() {}

  /**
   * Reads the CSV, splits it, fits the pipeline and a linear baseline, evaluates both on the
   * held-out rows and saves the pipeline.
   *
   * @param spark the session to run on
   * @param options the settings
   * @return the figures and the fitted pipeline
   * @throws IllegalArgumentException if the label column is missing or a column is not numeric
   */
  public static Result run(SparkSession spark, Options options) {
    if (!(options.testFraction > 0 && options.testFraction < 1)) {
      throw new IllegalArgumentException("--test-fraction must be in (0, 1), got "
          + options.testFraction);
    }
    Dataset<Row> data = spark.read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(ExampleSession.qualify(options.input));
    List<String> features = numericFeatures(data, options.label);

    int partitions = options.partitions > 0
        ? options.partitions
        : spark.sparkContext().defaultParallelism();
    Dataset<Row>[] split = data.randomSplit(
        new double[] {1 - options.testFraction, options.testFraction}, options.seed);
    Dataset<Row> train = split[0].repartition(partitions).cache();
    Dataset<Row> test = split[1].cache();
    long trainRows = train.count();
    long testRows = test.count();

    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(features.toArray(new String[0]))
        .setOutputCol("raw");
    StandardScaler scaler = new StandardScaler()
        .setInputCol("raw")
        .setOutputCol("features")
        .setWithMean(true)
        .setWithStd(true);
    NeuralNetworkRegressor network = new NeuralNetworkRegressor()
        .setLabelCol(options.label)
        .setHiddenLayers(options.hiddenLayers)
        .setActivation(options.activation)
        .setSolver(options.solver)
        .setMaxIter(options.maxIter)
        .setRegParam(options.regParam)
        .setSeed(options.seed);
    System.out.printf(Locale.ROOT, "Training %s %s (solver %s, maxIter %d) on %d rows of %s"
            + " (%d features, %d partitions)%n",
        Arrays.toString(options.hiddenLayers), options.activation, options.solver,
        options.maxIter, trainRows, options.input, features.size(), partitions);
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {assembler, scaler, network})
        .fit(train);
    PipelineModel linear = new Pipeline()
        .setStages(new PipelineStage[] {assembler, scaler,
            new LinearRegression().setLabelCol(options.label)})
        .fit(train);

    RegressionEvaluator evaluator = new RegressionEvaluator().setLabelCol(options.label);
    Dataset<Row> predictions = model.transform(test).cache();
    Dataset<Row> linearPredictions = linear.transform(test);
    Result result = new Result(model, features, trainRows, testRows,
        evaluator.setMetricName("rmse").evaluate(predictions),
        evaluator.setMetricName("r2").evaluate(predictions),
        evaluator.setMetricName("rmse").evaluate(linearPredictions),
        evaluator.setMetricName("r2").evaluate(linearPredictions));
    predictions.unpersist();
    train.unpersist();
    test.unpersist();

    if (options.output != null) {
      try {
        model.write().overwrite().save(ExampleSession.qualify(options.output));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot save the model to " + options.output, e);
      }
    }
    if (options.metricsOut != null) {
      ExampleSession.writeJson(options.metricsOut, result.toJson());
    }
    return result;
  }

  private static List<String> numericFeatures(Dataset<Row> data, String label) {
    if (!Arrays.asList(data.columns()).contains(label)) {
      throw new IllegalArgumentException("The input has no label column '" + label
          + "'; its columns are " + Arrays.toString(data.columns()) + " (use --label)");
    }
    List<String> features = new ArrayList<>();
    for (StructField field : data.schema().fields()) {
      if (!(field.dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("Column '" + field.name() + "' is "
            + field.dataType().simpleString() + ", not numeric; this example uses numeric"
            + " columns only (see CustomerChurnPipeline for categorical ones)");
      }
      if (!field.name().equals(label)) {
        features.add(field.name());
      }
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException("The input has no feature column besides '" + label
          + "'");
    }
    return features;
  }

  /**
   * What a run measured.
   *
   * @param model the fitted pipeline: assembler, scaler, network
   * @param featureColumns the feature columns, in the order the network sees them
   * @param trainRows training rows
   * @param testRows test rows
   * @param rmse root-mean-square error of the network on the test rows
   * @param r2 coefficient of determination of the network on the test rows
   * @param linearRmse RMSE of a linear regression on the same features, for comparison
   * @param linearR2 R² of the linear regression
   */
  public record Result(PipelineModel model, List<String> featureColumns, long trainRows,
      long testRows, double rmse, double r2, double linearRmse, double linearR2) {

    /** The network inside {@link #model()}, with its training summary. */
    public NeuralNetworkRegressionModel network() {
      return (NeuralNetworkRegressionModel) model.stages()[2];
    }

    /** The figures as one JSON object. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"example\": \"friedman-regression\", \"date\": \"%s\","
              + " \"layers\": \"%s\", \"iterations\": %d, \"trainingSeconds\": %.2f,"
              + " \"trainRows\": %d, \"testRows\": %d, \"rmse\": %.6f, \"r2\": %.6f,"
              + " \"linearRmse\": %.6f, \"linearR2\": %.6f}%n",
          Instant.now(), Arrays.toString(network().layers()),
          network().summary().totalIterations(), network().summary().trainingSeconds(),
          trainRows, testRows, rmse, r2, linearRmse, linearR2);
    }
  }

  /** The settings of one run; every setter returns {@code this}. */
  public static final class Options {

    private String input = DEFAULT_INPUT;
    private String output;
    private String label = "y";
    private int[] hiddenLayers = {16};
    private String activation = "tanh";
    private String solver = "l-bfgs";
    private int maxIter = 200;
    private double regParam = 0.0;
    private long seed = 42L;
    private double testFraction = 0.25;
    private int partitions = 0;
    private Path metricsOut;

    /** The CSV file (with a header row). Default: {@value FriedmanRegression#DEFAULT_INPUT}. */
    public Options input(String value) {
      input = value;
      return this;
    }

    /** Where to save the fitted PipelineModel (overwritten); {@code null} to not save. */
    public Options output(String value) {
      output = value;
      return this;
    }

    /** The label column; all other numeric columns are features. Default: {@code y}. */
    public Options label(String value) {
      label = value;
      return this;
    }

    /** Hidden layer sizes. Default: {@code 16}. */
    public Options hiddenLayers(int... value) {
      hiddenLayers = value.clone();
      return this;
    }

    /** Hidden activation. Default: {@code tanh} (the target is smooth). */
    public Options activation(String value) {
      activation = value;
      return this;
    }

    /** Solver. Default: {@code l-bfgs}. */
    public Options solver(String value) {
      solver = value;
      return this;
    }

    /** Maximum iterations (epochs for the mini-batch solvers). Default: 200. */
    public Options maxIter(int value) {
      maxIter = value;
      return this;
    }

    /** L2 regularisation strength. Default: 0. */
    public Options regParam(double value) {
      regParam = value;
      return this;
    }

    /** Seed of the split and of the weight initialisation. Default: 42. */
    public Options seed(long value) {
      seed = value;
      return this;
    }

    /** Fraction of rows held out for testing, in (0, 1). Default: 0.25. */
    public Options testFraction(double value) {
      testFraction = value;
      return this;
    }

    /** Partitions of the training data; {@code <= 0} for Spark's default parallelism. */
    public Options partitions(int value) {
      partitions = value;
      return this;
    }

    /** Where to write the figures as JSON; {@code null} to not write them. */
    public Options metricsOut(Path value) {
      metricsOut = value;
      return this;
    }
  }

  /** The command line: every option once, with its help and what it sets. */
  static final ExampleCli<Options> CLI = new ExampleCli<Options>(FriedmanRegression.class,
      "friedman-regression", "spark-backprop Friedman regression",
      "Fits assembler + scaler + NeuralNetworkRegressor to a CSV file and reports test RMSE"
          + " and R².")
      .option("input", "FILE", "CSV with a header row (default " + DEFAULT_INPUT + ")",
          Options::input)
      .option("output", "PATH", "save the fitted PipelineModel there (overwritten)",
          Options::output)
      .option("label", "NAME", "label column; every other column is a feature (default y)",
          Options::label)
      .option("hidden", "16", "hidden layer sizes, e.g. 32,16 (default 16)",
          (o, v) -> o.hiddenLayers(ExampleCli.integers("hidden", v)))
      .option("activation", "NAME", "hidden activation (default tanh)", Options::activation)
      .option("solver", "NAME", "l-bfgs, gd, adam or adamw (default l-bfgs)", Options::solver)
      .option("max-iter", "N", "maximum iterations or epochs (default 200)",
          (o, v) -> o.maxIter(ExampleCli.integer("max-iter", v)))
      .option("reg-param", "X", "L2 regularisation strength (default 0)",
          (o, v) -> o.regParam(ExampleCli.real("reg-param", v)))
      .option("seed", "N", "seed of the split and the initial weights (default 42)",
          (o, v) -> o.seed(ExampleCli.longInteger("seed", v)))
      .option("test-fraction", "X", "fraction of rows held out (default 0.25)",
          (o, v) -> o.testFraction(ExampleCli.real("test-fraction", v)))
      .option("partitions", "N", "partitions of the training data (default: default"
          + " parallelism)", (o, v) -> o.partitions(ExampleCli.integer("partitions", v)))
      .option("metrics-out", "FILE", "write the figures there as JSON",
          (o, v) -> o.metricsOut(Paths.get(v)));

  /** The command-line help. */
  public static String usage() {
    return CLI.usage();
  }

  /**
   * Command-line entry point. Exits with status 2 on bad options and 1 on a missing input.
   */
  public static void main(String[] args) {
    CLI.main(args, Options::new, options -> options.input, (spark, options) -> {
      Result result = run(spark, options);
      NeuralNetworkRegressionModel network = result.network();
      System.out.printf(Locale.ROOT, "Network: layers %s, %d iterations in %.1f s (%s)%n",
          Arrays.toString(network.layers()), network.summary().totalIterations(),
          network.summary().trainingSeconds(), network.summary().stopReason());
      System.out.printf(Locale.ROOT, "Test RMSE %.4f, R² %.4f on %d rows (linear regression:"
              + " RMSE %.4f, R² %.4f)%n",
          result.rmse(), result.r2(), result.testRows(), result.linearRmse(),
          result.linearR2());
      if (options.output != null) {
        System.out.println("Model saved to " + options.output);
      }
      if (options.metricsOut != null) {
        System.out.println("Figures written to " + options.metricsOut);
      }
    });
  }
}
