package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.RowBlock;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;

/**
 * The functions of a distributed pass and of scoring as named Scala function classes, handed to
 * the Scala RDD API and to Catalyst's plan nodes directly.
 *
 * <p>Spark's closure cleaner inspects every anonymous function and lambda passed to an RDD
 * operation by reading its class file with ASM, on every job; the Java RDD API adds such
 * wrappers around the functions it is given. Named classes are not closures, so the cleaner
 * lets them through at once. A mini-batch step runs one job, and these milliseconds add up over
 * thousands of steps; a {@code transform} of a few thousand rows takes only tens of them.
 */
final class ScalaFunctions {

  private ScalaFunctions() {}

  /**
   * Runs a {@link BlockScorer} on one partition. Its {@code toString()} is what
   * {@code explain()} shows for the scoring step of a plan.
   */
  static final class ScorePartition
      extends AbstractFunction1<scala.collection.Iterator<InternalRow>,
          scala.collection.Iterator<InternalRow>>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BlockScorer scorer;
    private final String description;

    /**
     * @param scorer scores the rows
     * @param description names the model and how it scores, for {@code explain()}
     */
    ScorePartition(BlockScorer scorer, String description) {
      this.scorer = scorer;
      this.description = description;
    }

    @Override
    public scala.collection.Iterator<InternalRow> apply(
        scala.collection.Iterator<InternalRow> rows) {
      return SparkInternals.LINE.toScala(scorer.call(SparkInternals.LINE.toJava(rows)));
    }

    @Override
    public String toString() {
      return description;
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
      return SparkInternals.LINE.toScala(
          pass.call((Integer) partition, SparkInternals.LINE.toJava(blocks)));
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
