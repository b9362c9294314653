package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.AveragingSums;
import java.io.Serializable;
import scala.runtime.AbstractFunction2;

/**
 * What a partition sends back from a round of local steps ({@link LocalRound}): where it ended
 * ({@link AveragingSums}) and the loss sums the round's first batch asked for at the shared
 * starting weights (the full training loss, the validation loss); merged by summing both.
 */
final class RoundSums implements Serializable {

  private static final long serialVersionUID = 1L;

  private final AveragingSums averaging;
  private PassSums startLosses;

  RoundSums(AveragingSums averaging, PassSums startLosses) {
    this.averaging = averaging;
    this.startLosses = startLosses;
  }

  /** An empty sum, the neutral element of {@link #merge}. */
  static RoundSums empty() {
    return new RoundSums(AveragingSums.empty(), new PassSums());
  }

  /** The partitions' end points, summed. */
  AveragingSums averaging() {
    return averaging;
  }

  /** The loss sums at the round's starting weights. */
  PassSums startLosses() {
    return startLosses;
  }

  /** Adds {@code other} into this; returns this. */
  RoundSums merge(RoundSums other) {
    averaging.merge(other.averaging);
    startLosses = startLosses.merge(other.startLosses);
    return this;
  }

  /**
   * {@link #merge}, for both the seqOp and the combOp of {@code treeAggregate}; a named class
   * for Spark's closure cleaner (see {@link DataPass}).
   */
  static final class Merge extends AbstractFunction2<RoundSums, RoundSums, RoundSums>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    static final Merge INSTANCE = new Merge();

    @Override
    public RoundSums apply(RoundSums a, RoundSums b) {
      return a.merge(b);
    }
  }
}
