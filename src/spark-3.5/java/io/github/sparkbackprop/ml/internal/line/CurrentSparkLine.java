package io.github.sparkbackprop.ml.internal.line;

import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * {@link SparkLine} for Spark 3.5 (Scala 2.12): every {@code org.apache.spark.sql.Dataset} has
 * its logical plan, and Scala's Java converters are {@code scala.collection.JavaConverters}.
 * Not API.
 */
final class CurrentSparkLine implements SparkLine {

  static final SparkLine INSTANCE = new CurrentSparkLine();

  private CurrentSparkLine() {}

  @Override
  public String name() {
    return "3.5";
  }

  @Override
  public LogicalPlan logicalPlan(Dataset<?> dataset) {
    return dataset.logicalPlan();
  }

  @Override
  public Dataset<Row> dataFrame(Dataset<?> sameSession, LogicalPlan plan) {
    return Dataset.ofRows(sameSession.sparkSession(), plan);
  }

  @Override
  public void saveMetadata(Params stage, String path, SparkSession spark) {
    DefaultParamsWriter.saveMetadata(stage, path, spark.sparkContext(), Option.empty(),
        Option.empty());
  }

  @Override
  public DefaultParamsReader.Metadata loadMetadata(String path, SparkSession spark) {
    return DefaultParamsReader.loadMetadata(path, spark.sparkContext(), "");
  }

  @Override
  public <T> scala.collection.immutable.Seq<T> toScala(List<T> values) {
    return JavaConverters.asScalaBuffer(values).toList();
  }

  @Override
  public <T> List<T> toJava(scala.collection.Seq<T> values) {
    return JavaConverters.seqAsJavaList(values);
  }

  @Override
  public <T> scala.collection.Iterator<T> toScala(java.util.Iterator<T> values) {
    return JavaConverters.asScalaIterator(values);
  }

  @Override
  public <T> java.util.Iterator<T> toJava(scala.collection.Iterator<T> values) {
    return JavaConverters.asJavaIterator(values);
  }
}
