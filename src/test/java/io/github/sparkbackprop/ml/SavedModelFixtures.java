package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Blas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the saved-model fixtures that {@link SavedModelCompatibilityTest} and
 * {@link CrossLineModelsTest} load: a classifier model, a Huber regression model and a
 * {@code PipelineModel} (VectorAssembler, StandardScaler, classifier), the rows to score, the
 * predictions this version gives for them and (since the Spark-line fixtures) the weights the
 * three networks were trained to.
 *
 * <p>Not a test: run its {@code main} only to create the fixture of a new format version, never
 * to refresh an existing one (that would defeat the fixture's purpose). See the README in
 * {@code src/test/resources/saved-models}.
 */
public final class SavedModelFixtures {

  /** Raw input columns of the fixture's rows. */
  static final String[] RAW_COLUMNS = {"x1", "x2", "x3", "x4"};

  static final StructType RAW_SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("x1", DataTypes.DoubleType, false)
      .add("x2", DataTypes.DoubleType, false)
      .add("x3", DataTypes.DoubleType, false)
      .add("x4", DataTypes.DoubleType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false);

  private SavedModelFixtures() {}

  /**
   * Writes the fixture.
   *
   * @param args the output directory, e.g. {@code src/test/resources/saved-models/v1}; it must
   *     not exist yet
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SavedModelFixtures <output directory>");
    }
    Path out = Path.of(args[0]);
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " exists; a fixture is never regenerated in"
          + " place: delete it on purpose or choose a new version directory");
    }
    SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("spark-backprop saved-model fixtures")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    try {
      write(spark, out);
    } finally {
      spark.stop();
    }
  }

  /** The three models of a fixture, as {@link #train} fits them. */
  record Trained(NeuralNetworkClassificationModel classifier,
      NeuralNetworkRegressionModel regressor, PipelineModel pipeline) {

    /** The network weights of the pipeline's classifier. */
    double[] pipelineWeights() {
      Transformer[] stages = pipeline.stages();
      return ((NeuralNetworkClassificationModel) stages[stages.length - 1]).weights().toArray();
    }
  }

  /**
   * Fits the fixture's models: fixed data, partitions and seeds, so that the same library on
   * any Spark line and the same BLAS gives the same weights, bit for bit.
   */
  static Trained train(SparkSession spark) {
    Dataset<Row> train = spark.createDataFrame(rows(300, 20240611L), RAW_SCHEMA)
        .repartition(2);
    Dataset<Row> trainFeatures = withFeatures(train);

    NeuralNetworkClassificationModel classifier = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {5, 3}).setActivation("tanh").setMaxIter(30)
        .setRegParam(1e-4).setSeed(7L).fit(trainFeatures);
    NeuralNetworkRegressionModel regressor = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {4}).setActivation("sigmoid").setLoss("huber")
        .setEpsilon(0.5).setLabelCol("y").setMaxIter(30).setSeed(8L).fit(trainFeatures);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(RAW_COLUMNS).setOutputCol("raw"),
        new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
        new NeuralNetworkClassifier().setHiddenLayers(new int[] {6}).setActivation("relu")
            .setSolver("adam").setStepSize(0.01).setBatchSize(32).setMaxIter(15).setSeed(9L)
    }).fit(train);
    return new Trained(classifier, regressor, pipeline);
  }

  static void write(SparkSession spark, Path out) throws IOException {
    Dataset<Row> input = spark.createDataFrame(rows(25, 777L), RAW_SCHEMA).coalesce(1);
    Trained trained = train(spark);
    NeuralNetworkClassificationModel classifier = trained.classifier();
    NeuralNetworkRegressionModel regressor = trained.regressor();
    PipelineModel pipeline = trained.pipeline();

    Files.createDirectories(out);
    classifier.save(out.resolve("classifier").toString());
    regressor.save(out.resolve("regressor").toString());
    pipeline.save(out.resolve("pipeline").toString());
    removeChecksums(out);

    writeCsv(out.resolve("input.csv"), "id,x1,x2,x3,x4",
        input.orderBy("id").collectAsList().stream().map(r -> r.getInt(0) + ","
            + r.getDouble(1) + "," + r.getDouble(2) + "," + r.getDouble(3) + ","
            + r.getDouble(4)).collect(Collectors.toList()));

    Dataset<Row> inputFeatures = withFeatures(input);
    List<Row> c = classifier.transform(inputFeatures)
        .select("id", "prediction", "rawPrediction", "probability").orderBy("id")
        .collectAsList();
    List<Row> r = regressor.transform(inputFeatures).select("id", "prediction").orderBy("id")
        .collectAsList();
    List<Row> p = pipeline.transform(input)
        .select("id", "prediction", "rawPrediction", "probability").orderBy("id")
        .collectAsList();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      requireClearWinner(c.get(i));
      requireClearWinner(p.get(i));
      lines.add(c.get(i).getInt(0) + "," + c.get(i).getDouble(1) + "," + vector(c.get(i), 2)
          + "," + vector(c.get(i), 3) + "," + r.get(i).getDouble(1) + ","
          + p.get(i).getDouble(1) + "," + vector(p.get(i), 2) + "," + vector(p.get(i), 3));
    }
    writeCsv(out.resolve("expected.csv"), "id,classifierPrediction,classifierRaw,"
        + "classifierProbability,regressorPrediction,pipelinePrediction,pipelineRaw,"
        + "pipelineProbability", lines);
    writeCsv(out.resolve("weights.csv"), "model,weights", List.of(
        "classifier," + joined(classifier.weights().toArray()),
        "regressor," + joined(regressor.weights().toArray()),
        "pipeline," + joined(trained.pipelineWeights())));
    Files.writeString(out.resolve("fixture.properties"), String.join("\n",
        "# Written by io.github.sparkbackprop.ml.SavedModelFixtures; do not edit.",
        // the version the models were written in (the oldest that holds them), not the newest
        "formatVersion=" + spark.read().parquet(out.resolve("classifier").resolve("data")
            .toString()).first().getInt(0),
        "sparkVersion=" + spark.version(),
        "scalaVersion=" + scala.util.Properties.versionNumberString(),
        "blas=" + Blas.implementationName(),
        "cpu=" + cpuModel(),
        "javaVersion=" + System.getProperty("java.version"),
        "") , StandardCharsets.UTF_8);
  }

  /**
   * The CPU model this JVM runs on ({@code /proc/cpuinfo}'s first "model name", else the
   * architecture): with the BLAS, it decides the order of the BLAS's sums.
   */
  static String cpuModel() {
    // the model name with its family and model numbers: a cloud VM may show a bare "AMD EPYC"
    // for generations whose BLAS kernels differ (OpenBLAS picks them from the CPU's features)
    String name = null;
    String family = null;
    String model = null;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.US_ASCII)) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        if (name == null && line.startsWith("model name")) {
          name = value;
        } else if (family == null && line.startsWith("cpu family")) {
          family = value;
        } else if (model == null && line.matches("model\\s*:.*")) {
          model = value;
        }
        if (line.isEmpty() && name != null) {
          break; // the first processor's block is enough
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through to the architecture
    }
    if (name == null) {
      return System.getProperty("os.arch");
    }
    return family == null || model == null ? name
        : name + " (family " + family + ", model " + model + ")";
  }

  /** Deterministic rows with features of different scales and a 3-class and a real label. */
  static List<Row> rows(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < n; id++) {
      double x1 = 10 * random.nextGaussian();
      double x2 = 5 + random.nextGaussian();
      double x3 = random.nextGaussian();
      double x4 = 0.01 * random.nextGaussian() - 3;
      double z = 0.1 * x1 - 0.8 * (x2 - 5) + 0.5 * x3 * (x4 + 3) * 100
          + 0.2 * random.nextGaussian();
      double label = z < -0.4 ? 0 : z < 0.4 ? 1 : 2;
      double y = Math.sin(x1 / 10) + 0.5 * (x2 - 5) - 0.3 * x3 + 0.05 * random.nextGaussian();
      rows.add(RowFactory.create(id, x1, x2, x3, x4, label, y));
    }
    return rows;
  }

  /**
   * Adds {@code features = [x1, x2, x3, x4]}, built directly rather than by VectorAssembler so
   * that the single-model fixtures do not depend on another stage.
   */
  static Dataset<Row> withFeatures(Dataset<Row> raw) {
    StructType schema = raw.schema().add("features", org.apache.spark.ml.linalg.SQLDataTypes
        .VectorType(), false);
    List<Row> rows = raw.collectAsList().stream().map(r -> {
      Object[] values = new Object[r.length() + 1];
      for (int i = 0; i < r.length(); i++) {
        values[i] = r.get(i);
      }
      values[r.length()] = Vectors.dense(r.getDouble(r.fieldIndex("x1")),
          r.getDouble(r.fieldIndex("x2")), r.getDouble(r.fieldIndex("x3")),
          r.getDouble(r.fieldIndex("x4")));
      return RowFactory.create(values);
    }).collect(Collectors.toList());
    return raw.sparkSession().createDataFrame(rows, schema);
  }

  /** A vector as {@code a;b;c}, each value as {@link Double#toString} (which round-trips). */
  static String vector(Row row, int index) {
    return Arrays.stream(((Vector) row.get(index)).toArray()).mapToObj(Double::toString)
        .collect(Collectors.joining(";"));
  }

  /** Values as {@code a;b;c}, each as {@link Double#toString} (which round-trips). */
  static String joined(double[] values) {
    return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(";"));
  }

  static double[] parseVector(String s) {
    return Arrays.stream(s.split(";")).mapToDouble(Double::parseDouble).toArray();
  }

  /** The fixture checks predicted classes exactly: no row may be a near tie. */
  private static void requireClearWinner(Row row) {
    double[] p = ((Vector) row.get(3)).toArray().clone();
    Arrays.sort(p);
    if (p[p.length - 1] - p[p.length - 2] < 1e-6) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "row %d is a near tie (%s); change the fixture data", row.getInt(0),
          Arrays.toString(p)));
    }
  }

  private static void writeCsv(Path file, String header, List<String> lines)
      throws IOException {
    List<String> all = new ArrayList<>();
    all.add(header);
    all.addAll(lines);
    Files.write(file, all, StandardCharsets.UTF_8);
  }

  /**
   * Hadoop's hidden {@code .crc} files are optional when reading; leaving them out keeps the
   * fixture free of hidden files that tools may skip when copying.
   */
  private static void removeChecksums(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        if (p.getFileName().toString().endsWith(".crc")) {
          Files.delete(p);
        }
      }
    }
  }
}
