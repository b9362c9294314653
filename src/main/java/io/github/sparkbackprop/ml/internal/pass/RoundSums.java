package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.optim.AveragingSums;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * What a partition sends back from a round of local steps ({@link LocalRound}): where it ended
 * ({@link AveragingSums}) and the loss sums the round's first batch asked for at the shared
 * starting weights (the full training loss, the validation loss); merged by summing both.
 */
final class RoundSums implements PartitionSums<RoundSums>, Serializable {

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
  @Override
  public RoundSums merge(RoundSums other) {
    averaging.merge(other.averaging);
    startLosses = startLosses.merge(other.startLosses);
    return this;
  }

  // The end points travel as raw bytes (RawArrays), as PassSums' gradient does.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    RawArrays.writeDoubles(out, averaging.scalars());
    RawArrays.writeDoubleArrays(out, averaging.arrays());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    double[] scalars = RawArrays.readDoubles(in);
    double[][] arrays = RawArrays.readDoubleArrays(in);
    averaging = AveragingSums.fromParts(scalars, arrays);
  }
}
