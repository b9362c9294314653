package io.github.sparkbackprop.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small seeded datasets with vector targets (several real targets, or several labels). */
final class VectorTargetData {

  private VectorTargetData() {}

  /** Schema of {@link #multiOutput}: id, features, the targets as a vector and one by one. */
  static final StructType MULTI_OUTPUT_SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("label", SQLDataTypes.VectorType(), false)
      .add("y0", DataTypes.DoubleType, false)
      .add("y1", DataTypes.DoubleType, false)
      .add("y2", DataTypes.DoubleType, false);

  /** The three targets of {@link #multiOutput} at {@code x}: smooth, sharing their inputs. */
  static double[] targets(double[] x) {
    return new double[] {
      x[0] + 0.5 * x[1],
      Math.sin(x[1]) - 0.5 * x[2],
      0.3 * x[0] * x[2] + 1.0
    };
  }

  /** {@code n} rows of three features in [-1.5, 1.5] and the three {@link #targets}. */
  static Dataset<Row> multiOutput(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[3];
      for (int j = 0; j < 3; j++) {
        x[j] = 3 * random.nextDouble() - 1.5;
      }
      double[] y = targets(x);
      rows.add(RowFactory.create(i, Vectors.dense(x), Vectors.dense(y), y[0], y[1], y[2]));
    }
    return TestSpark.session().createDataFrame(rows, MULTI_OUTPUT_SCHEMA);
  }

  /** Schema of {@link #multiLabel}: id, features, the label indices. */
  static final StructType MULTI_LABEL_SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("labels", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  /**
   * The labels of {@link #multiLabel} at {@code x}: label 0 when {@code x0 > 0}, label 1 when
   * {@code x1 + x2 > 0.3}, label 2 when {@code x0 x3 > 0} (not linearly separable); a row may
   * have any of them, all or none.
   */
  static double[] labels(double[] x) {
    List<Double> labels = new ArrayList<>();
    if (x[0] > 0) {
      labels.add(0.0);
    }
    if (x[1] + x[2] > 0.3) {
      labels.add(1.0);
    }
    if (x[0] * x[3] > 0) {
      labels.add(2.0);
    }
    return labels.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** {@code n} rows of four Gaussian features and their {@link #labels}. */
  static Dataset<Row> multiLabel(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) {
        x[j] = random.nextGaussian();
      }
      double[] labels = labels(x);
      Double[] boxed = new Double[labels.length];
      for (int j = 0; j < labels.length; j++) {
        boxed[j] = labels[j];
      }
      rows.add(RowFactory.create(i, Vectors.dense(x), java.util.Arrays.asList(boxed)));
    }
    return TestSpark.session().createDataFrame(rows, MULTI_LABEL_SCHEMA);
  }
}
