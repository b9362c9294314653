package io.github.sparkbackprop.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small seeded datasets for the tests. */
public final class TestData {

  private TestData() {}

  /** Schema {@code (features vector, label double)}. */
  public static final StructType SCHEMA = new StructType()
      .add("features", SQLDataTypes.VectorType())
      .add("label", DataTypes.DoubleType);

  /** Schema {@code (features, label, weight)}. */
  public static final StructType WEIGHTED_SCHEMA = SCHEMA.add("weight", DataTypes.DoubleType);

  /** The four XOR points. */
  public static Dataset<Row> xor() {
    List<Row> rows = List.of(
        RowFactory.create(Vectors.dense(0, 0), 0.0),
        RowFactory.create(Vectors.dense(0, 1), 1.0),
        RowFactory.create(Vectors.dense(1, 0), 1.0),
        RowFactory.create(Vectors.dense(1, 1), 0.0));
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  /**
   * {@code n} points in {@code d} dimensions from {@code k} Gaussian blobs with some overlap,
   * labelled by blob.
   */
  public static Dataset<Row> blobs(int n, int d, int k, long seed) {
    return TestSpark.session().createDataFrame(blobRows(n, 0, d, k, seed), SCHEMA);
  }

  /**
   * {@code extra} rows more of the blobs that {@link #blobs} draws from the same seed, after its
   * {@code n}: rows the model trained on {@code blobs(n, d, k, seed)} has not seen.
   */
  public static Dataset<Row> heldOutBlobs(int n, int extra, int d, int k, long seed) {
    return TestSpark.session().createDataFrame(
        blobRows(n + extra, n, d, k, seed), SCHEMA);
  }

  private static List<Row> blobRows(int n, int skip, int d, int k, long seed) {
    Random random = new Random(seed);
    double[][] centres = new double[k][d];
    for (double[] c : centres) {
      for (int j = 0; j < d; j++) {
        c[j] = 3 * random.nextGaussian();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(k);
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = centres[label][j] + 1.5 * random.nextGaussian();
      }
      if (i >= skip) {
        rows.add(RowFactory.create(Vectors.dense(x), (double) label));
      }
    }
    return rows;
  }

  /**
   * Asserts that a classifier's accuracy on held-out {@code rows} removes at least
   * {@code share} of the errors of the best constant prediction (the majority class): what a
   * network that learned nothing, or an untrained one, scores at most, give or take chance.
   *
   * @return the accuracy
   */
  public static double assertLearned(Transformer model, Dataset<Row> rows, double share,
      String what) {
    List<Row> labels = model.transform(rows).select("label", "prediction").collectAsList();
    java.util.Map<Double, Integer> counts = new java.util.HashMap<>();
    int correct = 0;
    for (Row r : labels) {
      counts.merge(r.getDouble(0), 1, Integer::sum);
      correct += r.getDouble(0) == r.getDouble(1) ? 1 : 0;
    }
    double majority = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
        / (double) labels.size();
    double accuracy = correct / (double) labels.size();
    double threshold = majority + share * (1 - majority);
    org.junit.jupiter.api.Assertions.assertTrue(accuracy >= threshold, String.format(
        java.util.Locale.ROOT, "%s: held-out accuracy %.3f, below %.3f (the majority class"
            + " alone scores %.3f)", what, accuracy, threshold, majority));
    return accuracy;
  }

  /** {@code y = sin(2 x0) + x1^2 / 2 - x0 x1 + noise} on {@code [-1.5, 1.5]^2}. */
  public static Dataset<Row> smoothRegression(int n, double noise, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x0 = 3 * random.nextDouble() - 1.5;
      double x1 = 3 * random.nextDouble() - 1.5;
      double y = Math.sin(2 * x0) + 0.5 * x1 * x1 - x0 * x1 + noise * random.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(x0, x1), y));
    }
    return TestSpark.session().createDataFrame(rows, SCHEMA);
  }

  /**
   * The rows of {@code data}, in their order, in exactly {@code n} contiguous partitions (as
   * {@code parallelize} cuts them): a DataFrame's repartition(n) shuffles the rows, and adaptive
   * query execution may coalesce it (Spark 4.1 does for small data).
   */
  public static Dataset<Row> inPartitions(Dataset<Row> data, int n) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
    return data.sparkSession().createDataFrame(jsc.parallelize(data.collectAsList(), n),
        data.schema());
  }

  /** Maximum absolute difference of two equally long arrays. */
  public static double maxAbsDiff(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
