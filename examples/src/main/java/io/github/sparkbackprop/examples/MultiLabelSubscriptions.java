package io.github.sparkbackprop.examples;

import io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassifier;
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
import org.apache.spark.ml.evaluation.MultilabelClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Multi-label classification: which of five subscriptions each household holds, any number of
 * them, predicted by one {@link NeuralNetworkMultiLabelClassifier} (one sigmoid per label, the
 * labels sharing its hidden layers). The CSV has one 0/1 column per label, as a scikit-learn
 * user's indicator matrix; the example turns them into Spark's multi-label label, an
 * {@code array<double>} of the indices of the labels a row has, and evaluates the predicted
 * arrays with Spark's {@code MultilabelClassificationEvaluator}: subset accuracy, Hamming loss,
 * micro-averaged F1 and the F1 of each label, next to the Hamming loss of always predicting each
 * label's majority answer.
 *
 * <p>The default input is {@code examples/data/subscriptions.csv} (3,000 made-up households, see
 * {@link SyntheticDatasets}). Run it with {@code scripts/run-example multi-label}, or call
 * {@link #run(SparkSession, Options)} from code or a test.
 */
public final class MultiLabelSubscriptions {

  /** Input used when none is given, relative to the working folder (the project's root). */
  public static final String DEFAULT_INPUT = "examples/data/subscriptions.csv";

  private MultiLabelSubscriptions() {}

  /**
   * The label column Spark's multi-label convention wants from 0/1 indicator columns: per row,
   * the indices (as doubles) of the columns holding 1, e.g. {@code [0.0, 2.0]}.
   */
  public static Column labelIndices(String... indicatorColumns) {
    Column[] chosen = new Column[indicatorColumns.length];
    for (int j = 0; j < indicatorColumns.length; j++) {
      // index j where the row has the label, null where not; array_compact drops the nulls
      chosen[j] = functions.when(functions.col(indicatorColumns[j]).equalTo(1),
          functions.lit((double) j));
    }
    return functions.array_compact(functions.array(chosen));
  }

  /**
   * Reads the CSV, builds the label arrays, splits, fits assembler + scaler + network,
   * evaluates the test rows and saves the pipeline.
   *
   * @throws IllegalArgumentException if a label column is missing
   */
  public static Result run(SparkSession spark, Options options) {
    Dataset<Row> data = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(ExampleSession.qualify(options.input));
    List<String> columns = Arrays.asList(data.columns());
    for (String label : options.labels) {
      if (!columns.contains(label)) {
        throw new IllegalArgumentException("The input has no label column '" + label
            + "'; its columns are " + columns + " (use --labels)");
      }
    }
    List<String> features = new ArrayList<>(columns);
    features.removeAll(Arrays.asList(options.labels));
    Dataset<Row> withLabels = data.withColumn("labels", labelIndices(options.labels));
    Dataset<Row>[] split = withLabels.randomSplit(new double[] {0.75, 0.25}, options.seed);
    Dataset<Row> train = split[0].repartition(2).cache();
    Dataset<Row> test = split[1].cache();

    NeuralNetworkMultiLabelClassifier network = new NeuralNetworkMultiLabelClassifier()
        .setLabelCol("labels")
        .setHiddenLayers(options.hiddenLayers)
        .setMaxIter(options.maxIter)
        .setThreshold(options.threshold)
        .setSeed(options.seed);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(features.toArray(new String[0])).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features")
            .setWithMean(true).setWithStd(true),
        network}).fit(train);

    Dataset<Row> scored = model.transform(test).cache();
    MultilabelClassificationEvaluator evaluator = new MultilabelClassificationEvaluator()
        .setLabelCol("labels");
    double[] f1 = new double[options.labels.length];
    for (int j = 0; j < f1.length; j++) {
      f1[j] = evaluator.setMetricName("f1MeasureByLabel").setMetricLabel(j).evaluate(scored);
    }
    Result result = new Result(model, options.labels.clone(), train.count(), test.count(),
        evaluator.setMetricName("subsetAccuracy").evaluate(scored),
        evaluator.setMetricName("hammingLoss").evaluate(scored),
        evaluator.setMetricName("microF1Measure").evaluate(scored), f1,
        majorityHammingLoss(train, test, options.labels));
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
   * The Hamming loss on {@code test} of predicting for every row the labels that more than half
   * of the training rows have: what a model must beat to have learnt anything.
   */
  private static double majorityHammingLoss(Dataset<Row> train, Dataset<Row> test,
      String[] labels) {
    List<Column> majority = new ArrayList<>();
    for (String label : labels) {
      double share = train.agg(functions.avg(label)).first().getDouble(0);
      majority.add(functions.lit(share > 0.5 ? 1 : 0).as(label));
    }
    Dataset<Row> constant = test.withColumn("prediction",
        labelIndicesOf(majority.toArray(new Column[0])));
    return new MultilabelClassificationEvaluator().setLabelCol("labels")
        .setMetricName("hammingLoss").evaluate(constant);
  }

  private static Column labelIndicesOf(Column[] indicators) {
    Column[] chosen = new Column[indicators.length];
    for (int j = 0; j < indicators.length; j++) {
      chosen[j] = functions.when(indicators[j].equalTo(1), functions.lit((double) j));
    }
    return functions.array_compact(functions.array(chosen));
  }

  /**
   * What a run measured on the test rows.
   *
   * @param model the fitted pipeline: assembler, scaler, network
   * @param labels the label columns, in label-index order
   * @param trainRows training rows
   * @param testRows test rows
   * @param subsetAccuracy share of rows whose predicted set is exactly right
   * @param hammingLoss share of (row, label) decisions that are wrong
   * @param microF1 F1 over all (row, label) decisions
   * @param f1ByLabel F1 of each label
   * @param majorityHammingLoss the Hamming loss of predicting each label's majority answer
   */
  public record Result(PipelineModel model, String[] labels, long trainRows, long testRows,
      double subsetAccuracy, double hammingLoss, double microF1, double[] f1ByLabel,
      double majorityHammingLoss) {

    /** The network inside {@link #model()}, with its training summary. */
    public NeuralNetworkMultiLabelClassificationModel network() {
      return (NeuralNetworkMultiLabelClassificationModel) model.stages()[2];
    }

    /** The figures as one JSON object. */
    public String toJson() {
      return String.format(Locale.ROOT, "{\"example\": \"multi-label\", \"date\": \"%s\","
              + " \"layers\": \"%s\", \"iterations\": %d, \"trainRows\": %d, \"testRows\": %d,"
              + " \"subsetAccuracy\": %.6f, \"hammingLoss\": %.6f, \"microF1\": %.6f,"
              + " \"f1ByLabel\": \"%s\", \"majorityHammingLoss\": %.6f}%n",
          Instant.now(), Arrays.toString(network().layers()),
          network().summary().totalIterations(), trainRows, testRows, subsetAccuracy,
          hammingLoss, microF1, Arrays.toString(f1ByLabel), majorityHammingLoss);
    }
  }

  /** The settings of one run; every setter returns {@code this}. */
  public static final class Options {

    private String input = DEFAULT_INPUT;
    private String output;
    private String[] labels = SyntheticDatasets.SUBSCRIPTIONS.clone();
    private int[] hiddenLayers = {16};
    private int maxIter = 150;
    private double threshold = 0.5;
    private long seed = 42L;
    private Path metricsOut;

    /** The CSV file (with a header row). Default: {@value MultiLabelSubscriptions#DEFAULT_INPUT}. */
    public Options input(String value) {
      input = value;
      return this;
    }

    /** Where to save the fitted PipelineModel (overwritten); {@code null} to not save. */
    public Options output(String value) {
      output = value;
      return this;
    }

    /**
     * The 0/1 label columns, in label-index order; all other columns are features. Default:
     * the five subscriptions.
     */
    public Options labels(String... value) {
      labels = value.clone();
      return this;
    }

    /** Hidden layer sizes. Default: {@code 16}. */
    public Options hiddenLayers(int... value) {
      hiddenLayers = value.clone();
      return this;
    }

    /** Maximum l-bfgs iterations. Default: 150. */
    public Options maxIter(int value) {
      maxIter = value;
      return this;
    }

    /** The probability a label must exceed to be predicted. Default: 0.5. */
    public Options threshold(double value) {
      threshold = value;
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
  static final ExampleCli<Options> CLI = new ExampleCli<Options>(MultiLabelSubscriptions.class,
      "multi-label", "spark-backprop multi-label classification",
      "Fits a NeuralNetworkMultiLabelClassifier to the 0/1 label columns of a CSV file and"
          + " reports MultilabelClassificationEvaluator's metrics on held-out rows.")
      .option("input", "FILE", "CSV with a header row (default " + DEFAULT_INPUT + ")",
          Options::input)
      .option("output", "PATH", "save the fitted PipelineModel there (overwritten)",
          Options::output)
      .option("labels", "a,b,c", "0/1 label columns, in label-index order (default the five"
          + " subscriptions)", (o, v) -> o.labels(v.split(",")))
      .option("hidden", "16", "hidden layer sizes, e.g. 32,16 (default 16)",
          (o, v) -> o.hiddenLayers(ExampleCli.integers("hidden", v)))
      .option("max-iter", "N", "maximum l-bfgs iterations (default 150)",
          (o, v) -> o.maxIter(ExampleCli.integer("max-iter", v)))
      .option("threshold", "X", "probability a label must exceed to be predicted (default"
          + " 0.5)", (o, v) -> o.threshold(ExampleCli.real("threshold", v)))
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
      NeuralNetworkMultiLabelClassificationModel network = result.network();
      System.out.printf(Locale.ROOT, "Network: layers %s (one sigmoid per label), %d"
              + " iterations in %.1f s%n", Arrays.toString(network.layers()),
          network.summary().totalIterations(), network.summary().trainingSeconds());
      System.out.printf(Locale.ROOT, "Test rows %d: subset accuracy %.4f, Hamming loss %.4f"
              + " (each label's majority answer: %.4f), micro F1 %.4f%n", result.testRows(),
          result.subsetAccuracy(), result.hammingLoss(), result.majorityHammingLoss(),
          result.microF1());
      for (int j = 0; j < result.labels().length; j++) {
        System.out.printf(Locale.ROOT, "  label %d %-10s F1 %.4f%n", j, result.labels()[j],
            result.f1ByLabel()[j]);
      }
      if (options.output != null) {
        System.out.println("Model saved to " + options.output);
      }
    });
  }
}
