package io.github.sparkbackprop.ml.internal.line;

import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * What differs between the Spark lines this library is built for (3.5 with Scala 2.12, 4.x with
 * Scala 2.13), behind one interface. Not API: it may change in any release.
 *
 * <p>Each line has its own implementation, {@code CurrentSparkLine}, in its own source folder
 * ({@code src/spark-3.5/java}, {@code src/spark-4/java}); the Maven profile of the line adds
 * that folder to the build, so the rest of the code calls {@link #current()} and never asks
 * which line it runs on. Three things differ today: Scala's Java converters (the 2.13
 * {@code scala.jdk.javaapi.CollectionConverters} against 2.12's {@code JavaConverters}, and
 * the collection types of Catalyst's signatures), the class of a DataFrame that has a logical
 * plan ({@code org.apache.spark.sql.classic.Dataset} since Spark 4.0,
 * {@code org.apache.spark.sql.Dataset} before), and whether Spark ML's metadata writer and
 * reader take a {@code SparkSession} (4.x) or a {@code SparkContext} (3.5). The metadata
 * itself, and so the saved models, are the same on every line.
 */
public interface SparkLine {

  /** The implementation of the line this jar was built for. */
  static SparkLine current() {
    return CurrentSparkLine.INSTANCE;
  }

  /** The line this jar was built for: {@code "3.5"} or {@code "4"}. */
  String name();

  /**
   * The logical plan of {@code dataset}.
   *
   * @throws UnsupportedOperationException if it has none here (a Spark Connect client's
   *     DataFrame, whose plan lives on the server)
   */
  LogicalPlan logicalPlan(Dataset<?> dataset);

  /** A DataFrame of {@code plan} in the session of {@code sameSession}. */
  Dataset<Row> dataFrame(Dataset<?> sameSession, LogicalPlan plan);

  /** Writes a stage's Spark ML metadata (class, uid, params) into {@code path}/metadata. */
  void saveMetadata(Params stage, String path, SparkSession spark);

  /** Reads the Spark ML metadata in {@code path}/metadata, of any class. */
  DefaultParamsReader.Metadata loadMetadata(String path, SparkSession spark);

  /**
   * An expression whose value is the whole input row, with the given columns as its children
   * (see {@link InputRowExpression}); {@code InputRow} is the line's own subclass.
   *
   * @param columns the input's columns, in order
   */
  default Expression inputRow(scala.collection.Seq<Expression> columns) {
    return new InputRow(columns);
  }

  /** A Scala view of a Java list, of the Seq type Catalyst's signatures take on this line. */
  <T> scala.collection.immutable.Seq<T> toScala(List<T> values);

  /** A Java view of a Scala sequence. */
  <T> List<T> toJava(scala.collection.Seq<T> values);

  /** A Scala view of a Java iterator. */
  <T> scala.collection.Iterator<T> toScala(java.util.Iterator<T> values);

  /** A Java view of a Scala iterator. */
  <T> java.util.Iterator<T> toJava(scala.collection.Iterator<T> values);
}
