package io.github.sparkbackprop.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything {@link MiniBatchOptimizer} needs to continue after an epoch as if it had never
 * stopped: the epoch and the global step count (the schedule's position and the sampling
 * position, since batches are a function of epoch and step), the weights, the update rule's
 * state, both early-stopping rules, the histories, and the figures of the epoch whose report
 * still waits for its validation loss (computed in the first pass of the next epoch).
 */
public final class MiniBatchState {

  final int epoch;
  final long steps;
  final double[] x;
  final UpdateRuleState rule;
  final EarlyStopping.State validationStop;
  final EarlyStopping.State trainingStop;
  final double[] objectiveHistory;
  final double[] validationHistory;
  final double[] rates;
  final double pendingObjective;
  final double pendingRate;
  final double pendingSeconds;

  MiniBatchState(int epoch, long steps, double[] x, UpdateRuleState rule,
      EarlyStopping.State validationStop, EarlyStopping.State trainingStop,
      double[] objectiveHistory, double[] validationHistory, double[] rates,
      double pendingObjective, double pendingRate, double pendingSeconds) {
    this.epoch = epoch;
    this.steps = steps;
    this.x = x;
    this.rule = rule;
    this.validationStop = validationStop;
    this.trainingStop = trainingStop;
    this.objectiveHistory = objectiveHistory;
    this.validationHistory = validationHistory;
    this.rates = rates;
    this.pendingObjective = pendingObjective;
    this.pendingRate = pendingRate;
    this.pendingSeconds = pendingSeconds;
  }

  /** The number of epochs done. */
  public int epoch() {
    return epoch;
  }

  /** The weights after {@link #epoch()}. */
  public double[] x() {
    return x.clone();
  }

  /** The number of parameters. */
  public int numParameters() {
    return x.length;
  }

  /** Writes this state. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(epoch);
    out.writeLong(steps);
    StateCodec.writeDoubles(out, x);
    rule.writeTo(out);
    validationStop.writeTo(out);
    trainingStop.writeTo(out);
    StateCodec.writeDoubles(out, objectiveHistory);
    StateCodec.writeDoubles(out, validationHistory);
    StateCodec.writeDoubles(out, rates);
    out.writeLong(Double.doubleToRawLongBits(pendingObjective));
    out.writeLong(Double.doubleToRawLongBits(pendingRate));
    out.writeLong(Double.doubleToRawLongBits(pendingSeconds));
  }

  /**
   * Reads a state written by {@link #writeTo}.
   *
   * @throws IOException if the data cannot be a state (a damaged file)
   */
  public static MiniBatchState readFrom(DataInput in) throws IOException {
    int epoch = in.readInt();
    long steps = in.readLong();
    double[] x = StateCodec.readDoubles(in);
    UpdateRuleState rule = UpdateRuleState.readFrom(in);
    EarlyStopping.State validationStop = EarlyStopping.State.readFrom(in);
    EarlyStopping.State trainingStop = EarlyStopping.State.readFrom(in);
    double[] objectiveHistory = StateCodec.readDoubles(in);
    double[] validationHistory = StateCodec.readDoubles(in);
    double[] rates = StateCodec.readDoubles(in);
    double pendingObjective = Double.longBitsToDouble(in.readLong());
    double pendingRate = Double.longBitsToDouble(in.readLong());
    double pendingSeconds = Double.longBitsToDouble(in.readLong());
    if (x == null || objectiveHistory == null || validationHistory == null || rates == null
        || objectiveHistory.length != epoch + 1 || rates.length != steps) {
      throw new IOException("damaged mini-batch state");
    }
    return new MiniBatchState(epoch, steps, x, rule, validationStop, trainingStop,
        objectiveHistory, validationHistory, rates, pendingObjective, pendingRate,
        pendingSeconds);
  }
}
