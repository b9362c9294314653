package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.AllReduce;
import io.github.sparkbackprop.ml.internal.exchange.Wire;
import io.github.sparkbackprop.ml.internal.exchange.WireCodec;
import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.optim.AveragingSums;
import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.RoundResult;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

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

  /** Turns the summed end points into the round's result, as the optimiser takes it. */
  RoundResult result(BatchRequest first) {
    return new RoundResult(averaging.meanX(), averaging.meanState(), new BatchEvaluation(
        averaging.meanLoss(), averaging.weight(),
        first.fullTrainingLoss() ? startLosses.meanFullLoss() : Double.NaN,
        first.validationLoss() ? startLosses.meanValidationLoss() : Double.NaN));
  }

  /**
   * How the tasks of a barrier epoch add up their rounds' sums ({@link AllReduce}), as the
   * driver merges them: the wire form of the start losses ({@link PassSums#WIRE}), then the
   * averaging sums' scalars and their number of arrays; the start losses' gradient (absent),
   * then the averaging sums' arrays.
   */
  static final WireCodec<RoundSums> WIRE = new WireCodec<>() {
    @Override
    public RoundSums zero() {
      return empty();
    }

    @Override
    public RoundSums merge(RoundSums total, RoundSums part) {
      return total.merge(part);
    }

    @Override
    public Wire toWire(RoundSums sums) {
      Wire start = PassSums.WIRE.toWire(sums.startLosses);
      double[] averagingScalars = sums.averaging.scalars();
      double[][] averagingArrays = sums.averaging.arrays();
      int s = start.scalars().length;
      double[] scalars = Arrays.copyOf(start.scalars(), s + averagingScalars.length + 1);
      System.arraycopy(averagingScalars, 0, scalars, s, averagingScalars.length);
      scalars[scalars.length - 1] = averagingArrays.length;
      double[][] arrays = new double[1 + averagingArrays.length][];
      boolean[] single = new boolean[arrays.length];
      arrays[0] = start.arrays()[0];
      single[0] = start.singlePrecision(0);
      System.arraycopy(averagingArrays, 0, arrays, 1, averagingArrays.length);
      return new Wire(scalars, arrays, single);
    }

    @Override
    public RoundSums fromWire(Wire wire) {
      double[] scalars = wire.scalars();
      int averagingArrays = (int) scalars[scalars.length - 1];
      int averagingScalars = AveragingSums.empty().scalars().length;
      int s = scalars.length - 1 - averagingScalars;
      PassSums start = PassSums.WIRE.fromWire(new Wire(Arrays.copyOf(scalars, s),
          new double[][] {wire.arrays()[0]}, new boolean[] {wire.singlePrecision(0)}));
      double[][] arrays = Arrays.copyOfRange(wire.arrays(), 1, 1 + averagingArrays);
      return new RoundSums(AveragingSums.fromParts(
          Arrays.copyOfRange(scalars, s, s + averagingScalars), arrays), start);
    }
  };

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
