package io.github.sparkbackprop.ml.internal.line;

import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@link SparkLine} for Spark 4.0, 4.1 and 4.2 (Scala 2.13): DataFrames with a plan are
 * {@code org.apache.spark.sql.classic.Dataset}s, and Scala's Java converters are
 * {@code scala.jdk.javaapi.CollectionConverters}. Not API.
 */
final class CurrentSparkLine implements SparkLine {

  static final SparkLine INSTANCE = new CurrentSparkLine();

  private CurrentSparkLine() {}

  @Override
  public String name() {
    return "4";
  }

  @Override
  public LogicalPlan logicalPlan(Dataset<?> dataset) {
    return classic(dataset).logicalPlan();
  }

  @Override
  public Dataset<Row> dataFrame(Dataset<?> sameSession, LogicalPlan plan) {
    return org.apache.spark.sql.classic.Dataset.ofRows(classic(sameSession).sparkSession(), plan);
  }

  @Override
  public void saveMetadata(Params stage, String path, SparkSession spark) {
    DefaultParamsWriter.saveMetadata(stage, path, spark);
  }

  @Override
  public DefaultParamsReader.Metadata loadMetadata(String path, SparkSession spark) {
    return DefaultParamsReader.loadMetadata(path, spark, "");
  }

  @Override
  public <T> scala.collection.immutable.Seq<T> toScala(List<T> values) {
    return CollectionConverters.asScala(values).toSeq();
  }

  @Override
  public <T> List<T> toJava(scala.collection.Seq<T> values) {
    return CollectionConverters.asJava(values);
  }

  @Override
  public <T> scala.collection.Iterator<T> toScala(java.util.Iterator<T> values) {
    return CollectionConverters.asScala(values);
  }

  @Override
  public <T> java.util.Iterator<T> toJava(scala.collection.Iterator<T> values) {
    return CollectionConverters.asJava(values);
  }

  private static org.apache.spark.sql.classic.Dataset<?> classic(Dataset<?> dataset) {
    if (!(dataset instanceof org.apache.spark.sql.classic.Dataset)) {
      throw new UnsupportedOperationException("spark-backprop scores classic Datasets; got "
          + dataset.getClass().getName());
    }
    return (org.apache.spark.sql.classic.Dataset<?>) dataset;
  }
}
