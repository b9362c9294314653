package io.github.sparkbackprop.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * The one place that touches Spark internals (XGBoost4J-Spark's habit: a single bridge file, so
 * an upgrade of Spark has one file to check). Checked against Spark 4.0.1.
 *
 * <p>Scoring works on Catalyst's {@link InternalRow}s instead of external {@link Row}s: a
 * model's {@code transform} then reads only the features column and copies the other columns as
 * bytes, instead of decoding every column of every row into Java objects and encoding them
 * again, which cost more than the network itself.
 */
final class SparkInternals {

  @SuppressWarnings("unchecked")
  private static final UserDefinedType<Vector> VECTOR_TYPE =
      (UserDefinedType<Vector>) SQLDataTypes.VectorType();

  private SparkInternals() {}

  /** The rows of a DataFrame as Catalyst rows (which a partition's iterator may reuse). */
  static RDD<InternalRow> internalRows(Dataset<?> dataset) {
    return classic(dataset).queryExecution().toRdd();
  }

  /** A DataFrame over Catalyst rows of the given schema. */
  static Dataset<Row> dataFrame(SparkSession spark, RDD<InternalRow> rows, StructType schema) {
    if (!(spark instanceof org.apache.spark.sql.classic.SparkSession)) {
      throw new UnsupportedOperationException("spark-backprop scores on a classic SparkSession;"
          + " got " + spark.getClass().getName());
    }
    return ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(rows, schema, false);
  }

  /** The Catalyst form of an ML vector (the struct VectorUDT stores). */
  static InternalRow serialize(Vector v) {
    return (InternalRow) VECTOR_TYPE.serialize(v);
  }

  private static org.apache.spark.sql.classic.Dataset<?> classic(Dataset<?> dataset) {
    if (!(dataset instanceof org.apache.spark.sql.classic.Dataset)) {
      throw new UnsupportedOperationException("spark-backprop scores classic Datasets; got "
          + dataset.getClass().getName());
    }
    return (org.apache.spark.sql.classic.Dataset<?>) dataset;
  }
}
