package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows, fitted models and comparisons shared by the tests of {@code transform} on streaming and
 * batch plans: rows carry an {@code id}, three raw columns {@code x0..x2}, the same values as a
 * {@code features} vector, a class {@code label} and a real target {@code y}.
 */
final class ScoringRows {

  /** Schema of the rows. */
  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("x0", DataTypes.DoubleType, false)
      .add("x1", DataTypes.DoubleType, false)
      .add("x2", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType())
      .add("label", DataTypes.DoubleType, false)
      .add("y", DataTypes.DoubleType, false);

  private ScoringRows() {}

  /** Rows with ids {@code from..to-1}; each row depends only on its id. */
  static Dataset<Row> rows(long from, long to) {
    List<Row> rows = new ArrayList<>();
    for (long id = from; id < to; id++) {
      Random random = new Random(1000 + id);
      double x0 = random.nextGaussian();
      double x1 = random.nextGaussian();
      double x2 = 2 * random.nextDouble() - 1;
      double label = (x0 + x1 > 0 ? 1 : 0) + (x2 > 0.3 ? 1 : 0);
      double y = Math.sin(x0) + x1 * x2;
      rows.add(RowFactory.create(id, x0, x1, x2, Vectors.dense(x0, x1, x2), label, y));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  /** A classifier on {@code features} whose columns are {@code c_*}; small blocks on purpose. */
  static NeuralNetworkClassificationModel classifier() {
    return new NeuralNetworkClassifier().setHiddenLayers(new int[] {6}).setMaxIter(10)
        .setSeed(5).setBlockSize(16).setRawPredictionCol("c_rawPrediction")
        .setProbabilityCol("c_probability").setPredictionCol("c_prediction")
        .fit(rows(10_000, 10_300));
  }

  /** A regressor of {@code y} on {@code features}, column {@code r_prediction}. */
  static NeuralNetworkRegressionModel regressor() {
    return new NeuralNetworkRegressor().setHiddenLayers(new int[] {5}).setMaxIter(10)
        .setSeed(6).setBlockSize(7).setLabelCol("y").setPredictionCol("r_prediction")
        .fit(rows(10_000, 10_300));
  }

  /** Assembler and scaler over {@code x0..x2}, then a classifier, columns {@code p_*}. */
  static PipelineModel pipeline() {
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"x0", "x1", "x2"}).setOutputCol("p_raw");
    StandardScaler scaler = new StandardScaler().setInputCol("p_raw").setOutputCol("p_scaled")
        .setWithMean(true).setWithStd(true);
    NeuralNetworkClassifier network = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {4}).setMaxIter(10).setSeed(7).setBlockSize(32)
        .setFeaturesCol("p_scaled").setRawPredictionCol("p_rawPrediction")
        .setProbabilityCol("p_probability").setPredictionCol("p_prediction");
    return new Pipeline().setStages(new PipelineStage[] {assembler, scaler, network})
        .fit(rows(10_000, 10_300));
  }

  /**
   * Writes {@code rows} as one parquet file into {@code folder}, all at once: written elsewhere
   * first, then moved in, so that a streaming source never sees half a file.
   */
  static void addParquetFile(Dataset<Row> rows, Path folder, String name) {
    try {
      Path staging = folder.resolveSibling(folder.getFileName() + "-staging-" + name);
      rows.coalesce(1).write().parquet(staging.toString());
      Files.createDirectories(folder);
      try (Stream<Path> files = Files.list(staging)) {
        Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
            .findFirst().orElseThrow();
        Files.move(part, folder.resolve(name + ".parquet"), StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of a parquet folder read as a batch DataFrame with {@link #SCHEMA}. */
  static Dataset<Row> readBatch(SparkSession spark, Path folder) {
    return spark.read().schema(SCHEMA).parquet(folder.toString());
  }

  /**
   * Asserts two lists of rows agree column by column: equal schemas' values, doubles and
   * vectors to 1e-12, everything else exactly.
   */
  static void assertSameRows(List<Row> expected, List<Row> actual) {
    assertEquals(expected.size(), actual.size(), "number of rows");
    for (int i = 0; i < expected.size(); i++) {
      Row e = expected.get(i);
      Row a = actual.get(i);
      assertEquals(e.size(), a.size(), "columns of row " + i);
      for (int j = 0; j < e.size(); j++) {
        String where = "row " + i + ", column " + e.schema().fields()[j].name();
        Object ev = e.get(j);
        Object av = a.get(j);
        if (ev instanceof Vector) {
          assertArrayEquals(((Vector) ev).toArray(), ((Vector) av).toArray(), 1e-12, where);
        } else if (ev instanceof Double) {
          assertEquals((Double) ev, (Double) av, 1e-12, where);
        } else {
          assertEquals(ev, av, where);
        }
      }
    }
  }
}
