package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import io.github.sparkbackprop.nn.RowBlock;
import java.io.Serializable;
import java.util.Collections;
import org.apache.spark.TaskContext;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * A partition function of {@code runJob}'s shape ({@code (TaskContext, Iterator) => T}) in the
 * shape {@code mapPartitions} takes, a one-element iterator per partition, for the passes that
 * merge through a {@code treeAggregate}; a named class for Spark's closure cleaner (see
 * {@link DataPass}).
 *
 * @param <T> what each partition computes
 */
final class PerPartition<T>
    extends AbstractFunction1<scala.collection.Iterator<RowBlock>, scala.collection.Iterator<T>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final SparkLine LINE = SparkLine.current();

  private final AbstractFunction2<TaskContext, scala.collection.Iterator<RowBlock>, T> function;

  PerPartition(AbstractFunction2<TaskContext, scala.collection.Iterator<RowBlock>, T> function) {
    this.function = function;
  }

  @Override
  public scala.collection.Iterator<T> apply(scala.collection.Iterator<RowBlock> blocks) {
    T result = function.apply(TaskContext.get(), blocks);
    return LINE.toScala(Collections.singletonList(result).iterator());
  }
}
