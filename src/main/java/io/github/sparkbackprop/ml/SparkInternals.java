package io.github.sparkbackprop.ml;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

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

  /**
   * The Catalyst form of a dense ML vector holding {@code values[offset..offset+length)}, as
   * {@code VectorUDT.serialize} gives for it, without making the vector first: VectorUDT's struct
   * (type 1 = dense, no size, no indices, the values).
   */
  static InternalRow denseVector(double[] values, int offset, int length) {
    Object[] fields = new Object[4];
    fields[0] = (byte) 1;
    fields[3] = UnsafeArrayData.fromPrimitiveArray(
        values, Platform.DOUBLE_ARRAY_OFFSET + 8 * offset, length, Double.BYTES);
    return new GenericInternalRow(fields);
  }

  private static org.apache.spark.sql.classic.Dataset<?> classic(Dataset<?> dataset) {
    if (!(dataset instanceof org.apache.spark.sql.classic.Dataset)) {
      throw new UnsupportedOperationException("spark-backprop scores classic Datasets; got "
          + dataset.getClass().getName());
    }
    return (org.apache.spark.sql.classic.Dataset<?>) dataset;
  }
}
