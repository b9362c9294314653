package io.github.sparkbackprop.examples;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A tabular pipeline with categorical columns, tuned by cross-validation and saved:
 * {@code StringIndexer} and {@code OneHotEncoder} turn the string columns {@code region} and
 * {@code contract} into indicator vectors, a {@code VectorAssembler} joins them with the numeric
 * columns, a {@code StandardScaler} standardises the result, a second {@code StringIndexer} turns
 * the {@code yes}/{@code no} label into 1/0, and a {@link NeuralNetworkClassifier} predicts it.
 * {@code CrossValidator} picks the hidden layers and the regularisation strength by area under
 * the ROC curve; the best pipeline, refitted on all training rows, is scored on held-out rows and
 * saved as a {@link PipelineModel} that scores raw CSV rows directly.
 *
 * <p>The default input is {@code examples/data/customer-churn.csv} (3,000 made-up customers, see
 * {@link SyntheticDatasets}). Run it with {@code scripts/run-example churn-pipeline}, with
 * {@code scripts/spark-submit}, or call {@link #run(SparkSession, Options)}.
 */
public final class CustomerChurnPipeline {

  /** Input used when none is given, relative to the working folder (the project's root). */
  public static final String DEFAULT_INPUT = "examples/data/customer-churn.csv";

  /** The numeric feature columns of the input. */
  public static final String[] NUMERIC_COLUMNS =
      {"tenure_months", "monthly_charges", "support_calls"};

  /** The categorical (string) feature columns of the input. */
  public static final String[] CATEGORICAL_COLUMNS = {"region", "contract"};

  /** The label column of the input: {@code yes} or {@code no}. */
  public static final String LABEL_COLUMN = "churned";

  private CustomerChurnPipeline() {}

  /**
   * The pipeline: indexers and encoders for the categorical columns, assembler, scaler, label
   * indexer and the classifier (its params set from {@code options}, except those the grid
   * tunes).
   */
  public static Pipeline pipeline(NeuralNetworkClassifier network) {
    String[] indexed = suffixed(CATEGORICAL_COLUMNS, "_index");
    String[] encoded = suffixed(CATEGORICAL_COLUMNS, "_vector");
    StringIndexer indexer = new StringIndexer()
        .setInputCols(CATEGORICAL_COLUMNS)
        .setOutputCols(indexed)
        // a category unseen in training gets an index (and an indicator) of its own
        .setHandleInvalid("keep");
    OneHotEncoder encoder = new OneHotEncoder()
        .setInputCols(indexed)
        .setOutputCols(encoded);
    List<String> assembled = new ArrayList<>(Arrays.asList(NUMERIC_COLUMNS));
    assembled.addAll(Arrays.asList(encoded));
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(assembled.toArray(new String[0]))
        .setOutputCol("raw");
    StandardScaler scaler = new StandardScaler()
        .setInputCol("raw")
        .setOutputCol("features")
        .setWithMean(true)
        .setWithStd(true);
    StringIndexer label = new StringIndexer()
        .setInputCol(LABEL_COLUMN)
        .setOutputCol("label")
        // "no" -> 0, "yes" -> 1, whatever their frequencies
        .setStringOrderType("alphabetAsc");
    return new Pipeline().setStages(
        new PipelineStage[] {indexer, encoder, assembler, scaler, label, network});
  }

  /**
   * Reads the CSV, holds out test rows, cross-validates the grid on the rest, scores the best
   * pipeline on the test rows and saves it.
   *
   * @param spark the session to run on
   * @param options the settings
   * @return the figures and the fitted models
   */
  public static Result run(SparkSession spark, Options options) {
    if (!(options.testFraction > 0 && options.testFraction < 1)) {
      throw new IllegalArgumentException("--test-fraction must be in (0, 1), got "
          + options.testFraction);
    }
    if (options.hiddenGrid.isEmpty() || options.regGrid.length == 0) {
      throw new IllegalArgumentException("the grids need at least one value each");
    }
    Dataset<Row> data = spark.read()
        .option("header", "true")
        .option("inferSchema", "true")
        .csv(ExampleSession.qualify(options.input));
    for (String column : columns()) {
      if (!Arrays.asList(data.columns()).contains(column)) {
        throw new IllegalArgumentException("The input has no column '" + column + "'; it needs "
            + Arrays.toString(columns()) + " and has " + Arrays.toString(data.columns()));
      }
    }
    int partitions = options.partitions > 0
        ? options.partitions
        : spark.sparkContext().defaultParallelism();
    Dataset<Row>[] split = data.randomSplit(
        new double[] {1 - options.testFraction, options.testFraction}, options.seed);
    Dataset<Row> train = split[0].repartition(partitions).cache();
    Dataset<Row> test = split[1].cache();
    long trainRows = train.count();
    long testRows = test.count();

    NeuralNetworkClassifier network = new NeuralNetworkClassifier()
        .setActivation("relu")
        .setSolver("l-bfgs")
        .setMaxIter(options.maxIter)
        .setSeed(options.seed);
    // every hiddenLayers x regParam pair (what ParamGridBuilder builds, without converting
    // the Java list of int[] into a Scala collection, whose API differs between Scala versions)
    List<ParamMap> points = new ArrayList<>();
    for (int[] hidden : options.hiddenGrid) {
      for (double reg : options.regGrid) {
        points.add(new ParamMap().put(network.hiddenLayers(), hidden)
            .put(network.regParam(), reg));
      }
    }
    ParamMap[] grid = points.toArray(new ParamMap[0]);
    // probability(1) = P(yes): a score in the right order for the ROC curve
    BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator()
        .setRawPredictionCol("probability")
        .setMetricName("areaUnderROC");
    CrossValidator cv = new CrossValidator()
        .setEstimator(pipeline(network))
        .setEstimatorParamMaps(grid)
        .setEvaluator(auc)
        .setNumFolds(options.folds)
        .setParallelism(options.parallelism)
        .setSeed(options.seed);
    System.out.printf(Locale.ROOT, "Cross-validating %d candidates x %d folds on %d rows of %s"
            + " (%d partitions)%n",
        grid.length, options.folds, trainRows, options.input, partitions);
    CrossValidatorModel cvModel = cv.fit(train);

    Dataset<Row> scored = cvModel.bestModel().transform(test).cache();
    double testAuc = auc.evaluate(scored);
    double testAccuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy")
        .evaluate(scored);
    scored.unpersist();
    train.unpersist();
    test.unpersist();
    Result result = new Result(cvModel, trainRows, testRows, testAuc, testAccuracy);

    if (options.output != null) {
      try {
        result.bestModel().write().overwrite().save(ExampleSession.qualify(options.output));
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
   * {@code hiddenLayers=[8], regParam=0.01}: a grid point for people.
   *
   * @param candidate the grid point
   * @param owner the stage whose params the grid sets
   */
  static String describe(ParamMap candidate, Params owner) {
    StringJoiner joiner = new StringJoiner(", ");
    for (Param<?> param : owner.params()) {
      if (candidate.contains(param)) {
        Object value = candidate.apply(param);
        joiner.add(param.name() + "="
            + (value instanceof int[] ? Arrays.toString((int[]) value) : String.valueOf(value)));
      }
    }
    return joiner.toString();
  }

  private static String[] columns() {
    List<String> all = new ArrayList<>(Arrays.asList(NUMERIC_COLUMNS));
    all.addAll(Arrays.asList(CATEGORICAL_COLUMNS));
    all.add(LABEL_COLUMN);
    return all.toArray(new String[0]);
  }

  private static String[] suffixed(String[] names, String suffix) {
    return Arrays.stream(names).map(n -> n + suffix).toArray(String[]::new);
  }

  /** Parses {@code "8;32,16"} into {@code [[8], [32, 16]]}. */
  static List<int[]> parseHiddenGrid(String value) {
    List<int[]> grid = new ArrayList<>();
    for (String candidate : value.split(";")) {
      try {
        grid.add(candidate.isBlank() ? new int[0]
            : Arrays.stream(candidate.split(",")).map(String::trim)
                .mapToInt(Integer::parseInt).toArray());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option --hidden-grid needs layer lists separated by"
            + " ';', such as 8;32,16, got '" + value + "'");
      }
    }
    return grid;
  }

  /** Parses {@code "0,0.01"}. */
  static double[] parseDoubles(String name, String value) {
    try {
      return Arrays.stream(value.split(",")).map(String::trim)
          .mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs comma-separated numbers,"
          + " got '" + value + "'");
    }
  }

  /**
   * What a run measured.
   *
   * @param cvModel the cross-validation result, with the average metric of every candidate
   * @param trainRows training rows (the folds are cut from them)
   * @param testRows held-out test rows
   * @param testAuc area under the ROC curve of the best pipeline on the test rows
   * @param testAccuracy accuracy of the best pipeline on the test rows
   */
  public record Result(CrossValidatorModel cvModel, long trainRows, long testRows,
      double testAuc, double testAccuracy) {

    /** The best pipeline, refitted on all training rows. */
    public PipelineModel bestModel() {
      return (PipelineModel) cvModel.bestModel();
    }

    /** The network of the best pipeline. */
    public NeuralNetworkClassificationModel network() {
      Transformer[] stages = bestModel().stages();
      return (NeuralNetworkClassificationModel) stages[stages.length - 1];
    }

    /** The best candidate's hidden layers. */
    public int[] bestHiddenLayers() {
      return network().getHiddenLayers();
    }

    /** The best candidate's regularisation strength. */
    public double bestRegParam() {
      return network().getRegParam();
    }

    /** Average cross-validated area under ROC of each candidate, in grid order. */
    public double[] averageAuc() {
      return cvModel.avgMetrics().clone();
    }

    /** The figures as one JSON object. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"example\": \"churn-pipeline\", \"date\": \"%s\","
              + " \"candidates\": %d, \"folds\": %d, \"bestHiddenLayers\": \"%s\","
              + " \"bestRegParam\": %s, \"averageAuc\": \"%s\", \"trainRows\": %d,"
              + " \"testRows\": %d, \"testAuc\": %.6f, \"testAccuracy\": %.6f}%n",
          Instant.now(), cvModel.avgMetrics().length, cvModel.getNumFolds(),
          Arrays.toString(bestHiddenLayers()), bestRegParam(),
          Arrays.toString(averageAuc()), trainRows, testRows, testAuc, testAccuracy);
    }
  }

  /** The settings of one run; every setter returns {@code this}. */
  public static final class Options {

    private String input = DEFAULT_INPUT;
    private String output;
    private List<int[]> hiddenGrid = List.of(new int[] {8}, new int[] {32, 16});
    private double[] regGrid = {0.0, 0.01};
    private int folds = 3;
    private int maxIter = 100;
    private long seed = 42L;
    private double testFraction = 0.2;
    private int partitions = 0;
    private int parallelism = 1;
    private Path metricsOut;

    /** The CSV file. Default: {@value CustomerChurnPipeline#DEFAULT_INPUT}. */
    public Options input(String value) {
      input = value;
      return this;
    }

    /** Where to save the best PipelineModel (overwritten); {@code null} to not save. */
    public Options output(String value) {
      output = value;
      return this;
    }

    /** The hidden-layer settings to try. Default: {@code [8]} and {@code [32, 16]}. */
    public Options hiddenGrid(List<int[]> value) {
      hiddenGrid = new ArrayList<>(value);
      return this;
    }

    /** The regularisation strengths to try. Default: 0 and 0.01. */
    public Options regGrid(double... value) {
      regGrid = value.clone();
      return this;
    }

    /** Cross-validation folds (>= 2). Default: 3. */
    public Options folds(int value) {
      folds = value;
      return this;
    }

    /** Maximum l-bfgs iterations of each fit. Default: 100. */
    public Options maxIter(int value) {
      maxIter = value;
      return this;
    }

    /** Seed of the split, the folds and the initial weights. Default: 42. */
    public Options seed(long value) {
      seed = value;
      return this;
    }

    /** Fraction of rows held out for the final test, in (0, 1). Default: 0.2. */
    public Options testFraction(double value) {
      testFraction = value;
      return this;
    }

    /** Partitions of the training data; {@code <= 0} for Spark's default parallelism. */
    public Options partitions(int value) {
      partitions = value;
      return this;
    }

    /**
     * Models {@code CrossValidator} fits at once. Default: 1, since every fit already runs on
     * all cores.
     */
    public Options parallelism(int value) {
      parallelism = value;
      return this;
    }

    /** Where to write the figures as JSON; {@code null} to not write them. */
    public Options metricsOut(Path value) {
      metricsOut = value;
      return this;
    }
  }

  /** The command line: every option once, with its help and what it sets. */
  static final ExampleCli<Options> CLI = new ExampleCli<Options>(CustomerChurnPipeline.class,
      "churn-pipeline", "spark-backprop customer-churn pipeline",
      "Tunes indexers + one-hot encoders + assembler + scaler + NeuralNetworkClassifier with\n"
          + "CrossValidator, reports test AUC and accuracy, and saves the best PipelineModel.")
      .option("input", "FILE", "CSV with columns " + String.join(",", columns())
          + " (default " + DEFAULT_INPUT + ")", Options::input)
      .option("output", "PATH", "save the best PipelineModel there (overwritten)",
          Options::output)
      .option("hidden-grid", "8;32,16", "hidden layers to try, ';' between candidates (default"
          + " 8;32,16)", (o, v) -> o.hiddenGrid(parseHiddenGrid(v)))
      .option("reg-grid", "0,0.01", "regularisation strengths to try (default 0,0.01)",
          (o, v) -> o.regGrid(parseDoubles("reg-grid", v)))
      .option("folds", "N", "cross-validation folds (default 3)",
          (o, v) -> o.folds(ExampleCli.integer("folds", v)))
      .option("max-iter", "N", "maximum l-bfgs iterations of each fit (default 100)",
          (o, v) -> o.maxIter(ExampleCli.integer("max-iter", v)))
      .option("seed", "N", "seed of the split, folds and initial weights (default 42)",
          (o, v) -> o.seed(ExampleCli.longInteger("seed", v)))
      .option("test-fraction", "X", "fraction of rows held out for the test (default 0.2)",
          (o, v) -> o.testFraction(ExampleCli.real("test-fraction", v)))
      .option("partitions", "N", "partitions of the training data (default: default"
          + " parallelism)", (o, v) -> o.partitions(ExampleCli.integer("partitions", v)))
      .option("parallelism", "N", "models fitted at once by CrossValidator (default 1)",
          (o, v) -> o.parallelism(ExampleCli.integer("parallelism", v)))
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
      ParamMap[] grid = result.cvModel().getEstimatorParamMaps();
      PipelineStage[] stages = ((Pipeline) result.cvModel().getEstimator()).getStages();
      Params network = stages[stages.length - 1];
      double[] metrics = result.averageAuc();
      for (int i = 0; i < grid.length; i++) {
        System.out.printf(Locale.ROOT, "  candidate %d: average AUC %.4f  (%s)%n", i + 1,
            metrics[i], describe(grid[i], network));
      }
      System.out.printf(Locale.ROOT, "Best: hidden layers %s, regParam %s%n",
          Arrays.toString(result.bestHiddenLayers()), result.bestRegParam());
      System.out.printf(Locale.ROOT, "Test AUC %.4f, accuracy %.4f on %d rows%n",
          result.testAuc(), result.testAccuracy(), result.testRows());
      if (options.output != null) {
        System.out.println("Best PipelineModel saved to " + options.output);
      }
      if (options.metricsOut != null) {
        System.out.println("Figures written to " + options.metricsOut);
      }
    });
  }
}
