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
import org.apache.spark.sql.functions;

/**
 * Multi-output regression: one {@link NeuralNetworkRegressor} predicts several targets at once
 * from a {@code Vector} label, the targets sharing its hidden layers. The target columns are
 * assembled into the label with a {@code VectorAssembler}; the model's prediction is a
 * {@code Vector}, which {@code vector_to_array} splits to evaluate each target with Spark's
 * {@code RegressionEvaluator} (it reads one double column). Reports test RMSE and R² per target
 * and averaged, next to one linear regression per target, and saves the fitted pipeline.
 *
 * <p>The default input is {@code examples/data/multi-target.csv} (2,000 rows, three targets
 * sharing the terms of Friedman's benchmark #1, see {@link SyntheticDatasets}). Run it with
 * {@code scripts/run-example multi-output-regression}, or call {@link #run(SparkSession,
 * Options)} from code or a test.
 */
public final class MultiOutputRegression {

  /** Input used when none is given, relative to the working folder (the project's root). */
  public static final String DEFAULT_INPUT = "examples/data/multi-target.csv";

  private MultiOutputRegression() {}

  /**
   * Reads the CSV, splits it, fits the pipeline (features: assembler and scaler; label: the
   * target columns assembled; one network) and a linear regression per target, evaluates both
   * per target on the held-out rows and saves the pipeline.
   *
   * @throws IllegalArgumentException if a target column is missing
   */
  public static Result run(SparkSession spark, Options options) {
    Dataset<Row> data = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(ExampleSession.qualify(options.input));
    List<String> columns = Arrays.asList(data.columns());
    for (String target : options.targets) {
      if (!columns.contains(target)) {
        throw new IllegalArgumentException("The input has no target column '" + target
            + "'; its columns are " + columns + " (use --targets)");
      }
    }
    List<String> features = new ArrayList<>(columns);
    features.removeAll(Arrays.asList(options.targets));
    Dataset<Row>[] split = data.randomSplit(new double[] {0.75, 0.25}, options.seed);
    Dataset<Row> train = split[0].repartition(2).cache();
    Dataset<Row> test = split[1].cache();

    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(features.toArray(new String[0])).setOutputCol("raw");
    StandardScaler scaler = new StandardScaler().setInputCol("raw").setOutputCol("features")
        .setWithMean(true).setWithStd(true);
    // the label: the targets as one Vector per row
    VectorAssembler targets = new VectorAssembler()
        .setInputCols(options.targets).setOutputCol("targets");
    NeuralNetworkRegressor network = new NeuralNetworkRegressor()
        .setLabelCol("targets")
        .setHiddenLayers(options.hiddenLayers)
        .setActivation("tanh")
        .setMaxIter(options.maxIter)
        .setSeed(options.seed);
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {assembler, scaler, targets, network})
        .fit(train);

    // RegressionEvaluator reads one double column: split the prediction vector
    Dataset<Row> scored = model.transform(test)
        .withColumn("predicted", org.apache.spark.ml.functions.vector_to_array(
            functions.col("prediction"), "float64"))
        .cache();
    int k = options.targets.length;
    double[] rmse = new double[k];
    double[] r2 = new double[k];
    double[] linearR2 = new double[k];
    for (int j = 0; j < k; j++) {
      Dataset<Row> target = scored.withColumn("p", functions.col("predicted").getItem(j));
      RegressionEvaluator evaluator = new RegressionEvaluator()
          .setLabelCol(options.targets[j]).setPredictionCol("p");
      rmse[j] = evaluator.setMetricName("rmse").evaluate(target);
      r2[j] = evaluator.setMetricName("r2").evaluate(target);
      PipelineModel linear = new Pipeline().setStages(new PipelineStage[] {assembler, scaler,
          new LinearRegression().setLabelCol(options.targets[j])}).fit(train);
      linearR2[j] = new RegressionEvaluator().setLabelCol(options.targets[j])
          .setMetricName("r2").evaluate(linear.transform(test));
    }
    Result result = new Result(model, options.targets.clone(), train.count(), test.count(),
        rmse, r2, linearR2);
    scored.unpersist();
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

  /**
   * What a run measured.
   *
   * @param model the fitted pipeline: assembler, scaler, target assembler, network
   * @param targets the target columns, in the order of the prediction vector
   * @param trainRows training rows
   * @param testRows test rows
   * @param rmse test RMSE of each target
   * @param r2 test R² of each target
   * @param linearR2 test R² of a linear regression of each target, for comparison
   */
  public record Result(PipelineModel model, String[] targets, long trainRows, long testRows,
      double[] rmse, double[] r2, double[] linearR2) {

    /** The network inside {@link #model()}, with its training summary. */
    public NeuralNetworkRegressionModel network() {
      return (NeuralNetworkRegressionModel) model.stages()[3];
    }

    /** The R² averaged over the targets. */
    public double meanR2() {
      return Arrays.stream(r2).average().orElse(Double.NaN);
    }

    /** The figures as one JSON object. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"example\": \"multi-output-regression\", \"date\":"
              + " \"%s\", \"layers\": \"%s\", \"iterations\": %d, \"trainRows\": %d,"
              + " \"testRows\": %d, \"targets\": \"%s\", \"rmse\": \"%s\", \"r2\": \"%s\","
              + " \"meanR2\": %.6f, \"linearR2\": \"%s\"}%n",
          Instant.now(), Arrays.toString(network().layers()),
          network().summary().totalIterations(), trainRows, testRows,
          String.join(",", targets), Arrays.toString(rmse), Arrays.toString(r2), meanR2(),
          Arrays.toString(linearR2));
    }
  }

  /** The settings of one run; every setter returns {@code this}. */
  public static final class Options {

    private String input = DEFAULT_INPUT;
    private String output;
    private String[] targets = {"y1", "y2", "y3"};
    private int[] hiddenLayers = {32};
    private int maxIter = 100;
    private long seed = 42L;
    private Path metricsOut;

    /** The CSV file (with a header row). Default: {@value MultiOutputRegression#DEFAULT_INPUT}. */
    public Options input(String value) {
      input = value;
      return this;
    }

    /** Where to save the fitted PipelineModel (overwritten); {@code null} to not save. */
    public Options output(String value) {
      output = value;
      return this;
    }

    /** The target columns; all other columns are features. Default: {@code y1, y2, y3}. */
    public Options targets(String... value) {
      targets = value.clone();
      return this;
    }

    /** Hidden layer sizes. Default: {@code 32}. */
    public Options hiddenLayers(int... value) {
      hiddenLayers = value.clone();
      return this;
    }

    /** Maximum l-bfgs iterations. Default: 100. */
    public Options maxIter(int value) {
      maxIter = value;
      return this;
    }

    /** Seed of the split and of the weight initialisation. Default: 42. */
    public Options seed(long value) {
      seed = value;
      return this;
    }

    /** Where to write the figures as JSON; {@code null} to not write them. */
    public Options metricsOut(Path value) {
      metricsOut = value;
      return this;
    }
  }

  /** The command line: every option once, with its help and what it sets. */
  static final ExampleCli<Options> CLI = new ExampleCli<Options>(MultiOutputRegression.class,
      "multi-output-regression", "spark-backprop multi-output regression",
      "Fits one NeuralNetworkRegressor to several targets of a CSV file (a Vector label) and"
          + " reports test RMSE and R² per target.")
      .option("input", "FILE", "CSV with a header row (default " + DEFAULT_INPUT + ")",
          Options::input)
      .option("output", "PATH", "save the fitted PipelineModel there (overwritten)",
          Options::output)
      .option("targets", "y1,y2,y3", "target columns; every other column is a feature",
          (o, v) -> o.targets(v.split(",")))
      .option("hidden", "32", "hidden layer sizes, e.g. 32,16 (default 32)",
          (o, v) -> o.hiddenLayers(ExampleCli.integers("hidden", v)))
      .option("max-iter", "N", "maximum l-bfgs iterations (default 100)",
          (o, v) -> o.maxIter(ExampleCli.integer("max-iter", v)))
      .option("seed", "N", "seed of the split and the initial weights (default 42)",
          (o, v) -> o.seed(ExampleCli.longInteger("seed", v)))
      .option("metrics-out", "FILE", "write the figures there as JSON",
          (o, v) -> o.metricsOut(Paths.get(v)));

  /** The command-line help. */
  public static String usage() {
    return CLI.usage();
  }

  /** Command-line entry point. Exits with status 2 on bad options and 1 on a missing input. */
  public static void main(String[] args) {
    CLI.main(args, Options::new, options -> options.input, (spark, options) -> {
      Result result = run(spark, options);
      NeuralNetworkRegressionModel network = result.network();
      System.out.printf(Locale.ROOT, "Network: layers %s (one output per target), %d"
              + " iterations in %.1f s%n", Arrays.toString(network.layers()),
          network.summary().totalIterations(), network.summary().trainingSeconds());
      for (int j = 0; j < result.targets().length; j++) {
        System.out.printf(Locale.ROOT, "  %-4s test RMSE %.4f, R² %.4f (linear regression:"
                + " R² %.4f)%n", result.targets()[j], result.rmse()[j], result.r2()[j],
            result.linearR2()[j]);
      }
      System.out.printf(Locale.ROOT, "Mean R² %.4f on %d test rows%n", result.meanR2(),
          result.testRows());
      if (options.output != null) {
        System.out.println("Model saved to " + options.output);
      }
    });
  }
}
