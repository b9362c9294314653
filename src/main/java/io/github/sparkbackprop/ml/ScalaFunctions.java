package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.RowBlock;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * The functions of a distributed pass and of scoring as named Scala function classes, handed to
 * the Scala RDD API directly.
 *
 * <p>Spark's closure cleaner inspects every anonymous function and lambda passed to an RDD
 * operation by reading its class file with ASM, on every job; the Java RDD API adds such
 * wrappers around the functions it is given. Named classes are not closures, so the cleaner
 * lets them through at once. A mini-batch step runs one job, and these milliseconds add up over
 * thousands of steps; a {@code transform} of a few thousand rows takes only tens of them.
 */
final class ScalaFunctions {

  /** The class tag of Catalyst rows, for the Scala RDD API. */
  static final ClassTag<InternalRow> INTERNAL_ROW_TAG =
      ClassTag$.MODULE$.apply(InternalRow.class);

  private ScalaFunctions() {}

  /** Runs a {@link BlockScorer} on one partition. */
  static final class ScorePartition
      extends AbstractFunction1<scala.collection.Iterator<InternalRow>,
          scala.collection.Iterator<InternalRow>>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BlockScorer scorer;

    ScorePartition(BlockScorer scorer) {
      this.scorer = scorer;
    }

    @Override
    public scala.collection.Iterator<InternalRow> apply(
        scala.collection.Iterator<InternalRow> rows) {
      return CollectionConverters.asScala(scorer.call(CollectionConverters.asJava(rows)));
    }
  }

  /** Runs a {@link DataPass} on one partition. */
  static final class PartitionSums
      extends AbstractFunction2<Object, scala.collection.Iterator<RowBlock>,
          scala.collection.Iterator<GradientSum>>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    private final DataPass pass;

    PartitionSums(DataPass pass) {
      this.pass = pass;
    }

    @Override
    public scala.collection.Iterator<GradientSum> apply(
        Object partition, scala.collection.Iterator<RowBlock> blocks) {
      return CollectionConverters.asScala(
          pass.call((Integer) partition, CollectionConverters.asJava(blocks)));
    }
  }

  /** {@link GradientSum#merge}, for both the seqOp and the combOp of {@code treeAggregate}. */
  static final class MergeSums extends AbstractFunction2<GradientSum, GradientSum, GradientSum>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    static final MergeSums INSTANCE = new MergeSums();

    @Override
    public GradientSum apply(GradientSum a, GradientSum b) {
      return a.merge(b);
    }
  }
}
