package io.github.sparkbackprop.ml.internal.exchange;

/**
 * A kind of partition sum, as {@link AllReduce} sees it: its wire form, and the merge the driver
 * applies to the partitions' sums in partition order. The merge must treat the arrays element by
 * element (element {@code i} of the total depends only on element {@code i} of the parts and on
 * the scalars), so that merging ranges of the arrays gives ranges of the merged arrays.
 *
 * @param <T> the sum's type
 */
public interface WireCodec<T> {

  /** The neutral sum the driver's merge starts from. */
  T zero();

  /** {@code total} with {@code part} added; may return either, changed. */
  T merge(T total, T part);

  /**
   * The wire form of {@code sums} (its arrays may be shared, and rounded to the precision they
   * travel in, as the driver would receive them).
   */
  Wire toWire(T sums);

  /** The sum of a wire form (whose arrays it may take). */
  T fromWire(Wire wire);
}
