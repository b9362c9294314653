package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.InputValidationTest.assertMentions;
import static io.github.sparkbackprop.ml.InputValidationTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.ml.internal.persist.AtomicMLWriter;
import io.github.sparkbackprop.ml.internal.persist.NetworkModelData;
import io.github.sparkbackprop.ml.internal.persist.StageWriter;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving never leaves a half-written model and never loses an existing one; loading a missing,
 * corrupt, truncated, foreign or newer directory fails with an {@link IllegalArgumentException}
 * naming the path and what is wrong.
 */
@Tag("slow")
class PersistenceSafetyTest {

  private static final SparkSession SPARK = TestSpark.session();

  private static Dataset<Row> data;
  private static NeuralNetworkClassificationModel modelA;
  private static NeuralNetworkClassificationModel modelB;

  @TempDir Path tmp;

  @BeforeAll
  static void fit() {
    data = TestData.blobs(60, 3, 3, 11L);
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setHiddenLayers(new int[] {4})
        .setMaxIter(5);
    modelA = nn.setSeed(1L).fit(data);
    modelB = nn.setSeed(2L).fit(data);
  }

  // ---------------------------------------------------------------------------------------------
  // Saving

  /**
   * A model writer that fails the way a real save can: after writing all or part of the stage
   * (the data write throws), or when moving the finished stage into place.
   */
  private static final class FailingWriter extends AtomicMLWriter {
    enum Failure { AFTER_METADATA, AFTER_EVERYTHING, ON_MOVE }

    private final NeuralNetworkClassificationModel model;
    private final Failure failure;

    FailingWriter(NeuralNetworkClassificationModel model, Failure failure) {
      this.model = model;
      this.failure = failure;
    }

    @Override
    public void saveImpl(String path) {
      if (failure == Failure.AFTER_METADATA) {
        SparkInternals.LINE.saveMetadata(model, path, sparkSession());
        throw new IllegalStateException("simulated failure while writing the data: disk full");
      }
      new StageWriter(model, model.topology(), model.weights().toArray()).saveImpl(path);
      if (failure == Failure.AFTER_EVERYTHING) {
        throw new IllegalStateException("simulated failure after writing: quota exceeded");
      }
    }

    @Override
    protected void move(FileSystem fs, org.apache.hadoop.fs.Path from, org.apache.hadoop.fs.Path to)
        throws IOException {
      if (failure == Failure.ON_MOVE && from.getName().contains(".saving-")) {
        throw new IOException("simulated rename failure");
      }
      super.move(fs, from, to);
    }
  }

  @Test
  void aFailedSaveLeavesNothingBehind() throws IOException {
    for (FailingWriter.Failure failure : FailingWriter.Failure.values()) {
      Path parent = tmp.resolve("save-" + failure);
      Files.createDirectories(parent);
      String path = parent.resolve("model").toString();
      IOException e = assertThrows(IOException.class,
          () -> new FailingWriter(modelA, failure).save(path), failure.name());
      assertMentions(e.getMessage(), failure == FailingWriter.Failure.ON_MOVE
          ? "simulated rename failure" : path);
      assertEquals(List.of(), entries(parent), failure + ": left behind");
    }
  }

  @Test
  void aFailedOverwriteKeepsTheModelThatWasThere() throws IOException {
    for (FailingWriter.Failure failure : FailingWriter.Failure.values()) {
      Path parent = tmp.resolve("overwrite-" + failure);
      String path = parent.resolve("model").toString();
      modelA.write().save(path);
      FailingWriter writer = new FailingWriter(modelB, failure);
      writer.overwrite();
      assertThrows(IOException.class, () -> writer.save(path), failure.name());
      assertSameModel(modelA, NeuralNetworkClassificationModel.load(path));
      assertEquals(List.of("model"), entries(parent), failure + ": left behind");
    }
  }

  @Test
  void anExistingModelIsReplacedOnlyWithOverwrite() throws IOException {
    Path parent = tmp.resolve("replace");
    String path = parent.resolve("model").toString();
    modelA.write().save(path);
    IOException e = assertThrows(IOException.class, () -> modelB.write().save(path));
    assertMentions(e.getMessage(), path, "already exists", "overwrite()");
    assertThrows(IOException.class, () -> modelB.save(path));
    assertSameModel(modelA, NeuralNetworkClassificationModel.load(path));

    modelB.write().overwrite().save(path);
    assertSameModel(modelB, NeuralNetworkClassificationModel.load(path));
    assertEquals(List.of("model"), entries(parent));
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  private String saved(String name) throws IOException {
    String path = tmp.resolve(name).toString();
    modelA.save(path);
    return path;
  }

  @Test
  void aMissingDirectoryIsNamed() {
    String path = tmp.resolve("nothing").toString();
    assertRejected(() -> NeuralNetworkClassificationModel.load(path), path,
        "no such directory");
    assertRejected(() -> NeuralNetworkClassifier.load(path), path, "no such directory");
    assertRejected(() -> NeuralNetworkRegressionModel.load(""), "empty path");
  }

  @Test
  void aFileInsteadOfADirectoryIsNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("model.txt"), "not a model");
    assertRejected(() -> NeuralNetworkClassificationModel.load(file.toString()),
        file.toString(), "is a file");
  }

  @Test
  void missingOrEmptyMetadataIsNamed() throws IOException {
    String path = saved("no-metadata");
    deleteRecursively(Path.of(path, "metadata"));
    assertRejected(() -> NeuralNetworkClassificationModel.load(path), path,
        "metadata directory is missing");

    String empty = saved("empty-metadata");
    for (Path p : list(Path.of(empty, "metadata"))) {
      Files.delete(p);
    }
    assertRejected(() -> NeuralNetworkClassificationModel.load(empty), empty, "metadata",
        "missing, empty, truncated");
  }

  @Test
  void corruptOrTruncatedMetadataIsNamed() throws IOException {
    String garbage = saved("garbage-metadata");
    Path part = metadataFile(garbage);
    Files.writeString(part, "\u0000\u0001 this is not json {{{");
    deleteChecksums(part.getParent());
    assertRejected(() -> NeuralNetworkClassificationModel.load(garbage), garbage, "metadata");

    String truncated = saved("truncated-metadata");
    Path tpart = metadataFile(truncated);
    String json = Files.readString(tpart, StandardCharsets.UTF_8);
    assertTrue(json.contains("paramMap"), json);
    Files.writeString(tpart, json.substring(0, json.length() / 2));
    deleteChecksums(tpart.getParent());
    assertRejected(() -> NeuralNetworkClassificationModel.load(truncated), truncated,
        "metadata");

    // Valid JSON, but not what Spark ML writes.
    String foreignJson = saved("foreign-json");
    Path fpart = metadataFile(foreignJson);
    Files.writeString(fpart, "{\"hello\": \"world\"}\n");
    deleteChecksums(fpart.getParent());
    assertRejected(() -> NeuralNetworkClassificationModel.load(foreignJson), foreignJson,
        "metadata");
  }

  @Test
  void missingEmptyOrTruncatedDataIsNamed() throws IOException {
    String noData = saved("no-data");
    deleteRecursively(Path.of(noData, "data"));
    assertRejected(() -> NeuralNetworkClassificationModel.load(noData), noData,
        "data directory", "is missing");

    String empty = saved("empty-data");
    for (Path p : list(Path.of(empty, "data"))) {
      Files.delete(p);
    }
    assertRejected(() -> NeuralNetworkClassificationModel.load(empty), empty,
        "cannot be read as Parquet");

    String truncated = saved("truncated-data");
    Path parquet = dataFile(truncated);
    try (RandomAccessFile f = new RandomAccessFile(parquet.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    deleteChecksums(parquet.getParent());
    assertRejected(() -> NeuralNetworkClassificationModel.load(truncated), truncated, "data",
        "cannot be read as Parquet", "is not a Parquet file");

    // Truncated with its checksum left in place: Hadoop's checksum error, named all the same.
    String checksummed = saved("checksummed-data");
    Path cparquet = dataFile(checksummed);
    try (RandomAccessFile f = new RandomAccessFile(cparquet.toFile(), "rw")) {
      f.setLength(f.length() - 10);
    }
    assertRejected(() -> NeuralNetworkClassificationModel.load(checksummed), checksummed,
        "data", "Checksum error");
  }

  @Test
  void anotherSparkStageIsNamedWithHowToLoadIt() throws IOException {
    LogisticRegressionModel lr = new LogisticRegression().setMaxIter(2).fit(data);
    String path = tmp.resolve("logistic").toString();
    lr.save(path);
    assertRejected(() -> NeuralNetworkClassificationModel.load(path), path,
        "org.apache.spark.ml.classification.LogisticRegressionModel",
        "LogisticRegressionModel.load(path)");
    assertRejected(() -> NeuralNetworkRegressionModel.load(path), path,
        "LogisticRegressionModel");

    // Our own stages in the wrong place: a classification model is neither a regression model
    // nor an estimator, and an estimator is no model.
    String model = saved("classification-model");
    assertRejected(() -> NeuralNetworkRegressionModel.load(model), model,
        NeuralNetworkClassificationModel.class.getName(),
        "NeuralNetworkClassificationModel.load(path)");
    assertRejected(() -> NeuralNetworkClassifier.load(model), model,
        "NeuralNetworkClassificationModel");
    String estimator = tmp.resolve("estimator").toString();
    new NeuralNetworkClassifier().save(estimator);
    assertRejected(() -> NeuralNetworkClassificationModel.load(estimator), estimator,
        "NeuralNetworkClassifier.load(path)");
  }

  /** The regression model reads through the same checks as the classification model. */
  @Test
  void aDamagedRegressionModelIsNamedToo() throws IOException {
    NeuralNetworkRegressionModel model = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {3}).setMaxIter(3).setSeed(1L).fit(data);

    String truncatedMetadata = tmp.resolve("regressor-truncated-metadata").toString();
    model.save(truncatedMetadata);
    Path part = metadataFile(truncatedMetadata);
    String json = Files.readString(part, StandardCharsets.UTF_8);
    Files.writeString(part, json.substring(0, json.length() / 2));
    deleteChecksums(part.getParent());
    assertRejected(() -> NeuralNetworkRegressionModel.load(truncatedMetadata),
        truncatedMetadata, "metadata");

    String truncatedData = tmp.resolve("regressor-truncated-data").toString();
    model.save(truncatedData);
    Path parquet = dataFile(truncatedData);
    try (RandomAccessFile f = new RandomAccessFile(parquet.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    deleteChecksums(parquet.getParent());
    assertRejected(() -> NeuralNetworkRegressionModel.load(truncatedData), truncatedData,
        "data", "cannot be read as Parquet");

    String newer = tmp.resolve("regressor-newer").toString();
    model.save(newer);
    rewriteData(newer, df -> df.withColumn("formatVersion", functions.lit(99)));
    assertRejected(() -> NeuralNetworkRegressionModel.load(newer), newer, "format version 99");

    // a classification model where a regression model is expected, and the other way round
    String classifier = saved("a-classifier");
    assertRejected(() -> NeuralNetworkRegressionModel.load(classifier), classifier);
    String regressor = tmp.resolve("a-regressor").toString();
    model.save(regressor);
    assertRejected(() -> NeuralNetworkClassificationModel.load(regressor), regressor);
  }

  @Test
  void aNewerFormatVersionNamesBothVersions() throws IOException {
    String path = saved("newer");
    rewriteData(path, df -> df.withColumn("formatVersion", functions.lit(99)));
    assertRejected(() -> NeuralNetworkClassificationModel.load(path), path,
        "format version 99", "version " + NetworkModelData.FORMAT_VERSION,
        "newer spark-backprop");
    // A newer format may change the other columns too: the version is still what is reported.
    rewriteData(path, df -> df.select(functions.lit(99).as("formatVersion"),
        functions.lit("something new").as("network")));
    assertRejected(() -> NeuralNetworkClassificationModel.load(path), path,
        "format version 99");
  }

  @Test
  void corruptNetworkDataIsNamed() throws IOException {
    String wrongColumns = saved("wrong-columns");
    rewriteData(wrongColumns, df -> df.drop("weights"));
    assertRejected(() -> NeuralNetworkClassificationModel.load(wrongColumns), wrongColumns,
        "corrupt", "weights");

    String nanWeight = saved("nan-weight");
    rewriteData(nanWeight, df -> df.withColumn("weights", functions.expr(
        "concat(array(cast('NaN' as double)), slice(weights, 2, size(weights) - 1))")));
    assertRejected(() -> NeuralNetworkClassificationModel.load(nanWeight), nanWeight,
        "corrupt", "weight 0 is NaN");

    String shortWeights = saved("short-weights");
    rewriteData(shortWeights, df -> df.withColumn("weights", functions.expr(
        "slice(weights, 1, 3)")));
    assertRejected(() -> NeuralNetworkClassificationModel.load(shortWeights), shortWeights,
        "corrupt", "3 weights", "[3, 4, 3]");

    String badLayers = saved("bad-layers");
    rewriteData(badLayers, df -> df.withColumn("layers", functions.expr("array(3, 0, 3)")));
    assertRejected(() -> NeuralNetworkClassificationModel.load(badLayers), badLayers,
        "corrupt", "[3, 0, 3]");

    String badActivation = saved("bad-activation");
    rewriteData(badActivation, df -> df.withColumn("activation", functions.lit("swish")));
    assertRejected(() -> NeuralNetworkClassificationModel.load(badActivation), badActivation,
        "corrupt", "swish");

    String twoRows = saved("two-rows");
    rewriteData(twoRows, df -> df.union(df));
    assertRejected(() -> NeuralNetworkClassificationModel.load(twoRows), twoRows, "2 rows");
  }

  @Test
  void anUnknownParamInTheMetadataIsNamed() throws IOException {
    String path = saved("unknown-param");
    Path part = metadataFile(path);
    String json = Files.readString(part, StandardCharsets.UTF_8);
    Files.writeString(part, json.replace("\"paramMap\":{", "\"paramMap\":{\"dropConnect\":0.5,"));
    deleteChecksums(part.getParent());
    assertRejected(() -> NeuralNetworkClassificationModel.load(path), path, "params",
        "dropConnect");
  }

  @Test
  void aCorruptStageInsideAPipelineModelIsNamed() throws IOException {
    PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {
        new StandardScaler().setInputCol("features").setOutputCol("scaled"),
        new NeuralNetworkClassifier().setFeaturesCol("scaled").setHiddenLayers(new int[] {2})
            .setMaxIter(2)}).fit(data);
    String path = tmp.resolve("pipeline").toString();
    pm.save(path);
    Path stageDir;
    try (Stream<Path> stages = Files.list(Path.of(path, "stages"))) {
      stageDir = stages.filter(p -> p.getFileName().toString().startsWith("1_")).findFirst()
          .orElseThrow();
    }
    deleteRecursively(stageDir.resolve("data"));
    Throwable e = assertThrows(Exception.class, () -> PipelineModel.load(path));
    Throwable ours = e;
    while (ours != null && !(ours instanceof IllegalArgumentException)) {
      ours = ours.getCause();
    }
    assertTrue(ours != null, "no IllegalArgumentException in " + e);
    assertMentions(ours.getMessage(), stageDir.getFileName().toString(), "data directory");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  static void assertSameModel(NeuralNetworkClassificationModel expected,
      NeuralNetworkClassificationModel actual) {
    assertEquals(expected.uid(), actual.uid());
    assertArrayEquals(expected.layers(), actual.layers());
    assertArrayEquals(expected.weights().toArray(), actual.weights().toArray());
  }

  /** Replaces a saved model's data Parquet by {@code change} applied to it. */
  private static void rewriteData(String modelPath,
      java.util.function.UnaryOperator<Dataset<Row>> change) {
    String dataPath = Path.of(modelPath, "data").toString();
    // Collected first: Spark cannot overwrite a path it is reading from.
    Dataset<Row> current = SPARK.read().parquet(dataPath);
    List<Row> rows = current.collectAsList();
    Dataset<Row> copy = SPARK.createDataFrame(rows, current.schema());
    List<Row> changed = change.apply(copy).collectAsList();
    SPARK.createDataFrame(changed, change.apply(copy).schema()).repartition(1).write()
        .mode(SaveMode.Overwrite).parquet(dataPath);
  }

  private static Path metadataFile(String modelPath) throws IOException {
    return onlyPartFile(Path.of(modelPath, "metadata"));
  }

  private static Path dataFile(String modelPath) throws IOException {
    return onlyPartFile(Path.of(modelPath, "data"));
  }

  private static Path onlyPartFile(Path dir) throws IOException {
    List<Path> parts = list(dir).stream()
        .filter(p -> p.getFileName().toString().startsWith("part-"))
        .collect(Collectors.toList());
    assertEquals(1, parts.size(), "part files in " + dir + ": " + parts);
    return parts.get(0);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.collect(Collectors.toList());
    }
  }

  /** Names in {@code dir}, hidden ones included: staging leftovers start with a dot. */
  private static List<String> entries(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return new ArrayList<>();
    }
    return list(dir).stream().map(p -> p.getFileName().toString()).sorted()
        .collect(Collectors.toList());
  }

  private static void deleteChecksums(Path dir) throws IOException {
    for (Path p : list(dir)) {
      if (p.getFileName().toString().endsWith(".crc")) {
        Files.delete(p);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> entries = Files.walk(dir)) {
      entries.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
    assertFalse(Files.exists(dir));
  }
}
