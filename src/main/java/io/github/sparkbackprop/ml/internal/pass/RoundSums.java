package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.optim.AveragingSums;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import scala.runtime.AbstractFunction2;

/**
 * What a partition sends back from a round of local steps ({@link LocalRound}): where it ended
 * ({@link AveragingSums}) and the loss sums the round's first batch asked for at the shared
 * starting weights (the full training loss, the validation loss); merged by summing both.
 */
final class RoundSums implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient AveragingSums averaging;
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

  // The end points travel as raw bytes (RawArrays), as PassSums' gradient does.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    RawArrays.writeDoubles(out, averaging.scalars());
    double[][] arrays = averaging.arrays();
    out.writeInt(arrays.length);
    for (double[] a : arrays) {
      RawArrays.writeDoubles(out, a);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    double[] scalars = RawArrays.readDoubles(in);
    double[][] arrays = new double[in.readInt()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = RawArrays.readDoubles(in);
    }
    averaging = AveragingSums.fromParts(scalars, arrays);
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
