package io.github.sparkbackprop.ml.internal.pass;

import java.io.Serializable;
import scala.runtime.AbstractFunction2;

/**
 * What each partition of a job returns, added up over the partitions by {@link PassRunner}: on
 * the driver, or by {@code treeAggregate} on the executors ({@link PassSums} for a pass,
 * {@link RoundSums} for a round of local steps).
 *
 * @param <T> the sums' own type
 */
interface PartitionSums<T extends PartitionSums<T>> {

  /** Adds {@code other} into this sum and returns the total (this, or {@code other}). */
  T merge(T other);

  /**
   * {@link #merge}, for both the seqOp and the combOp of {@code treeAggregate}; a named class
   * for Spark's closure cleaner (see {@link DataPass}).
   *
   * @param <T> the sums' type
   */
  final class Merge<T extends PartitionSums<T>> extends AbstractFunction2<T, T, T>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public T apply(T a, T b) {
      return a.merge(b);
    }
  }
}
