package io.github.sparkbackprop.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything {@link FullBatchOptimizer} needs to continue exactly after an iteration: the
 * {@link LbfgsState}, the validation losses so far and the early-stopping rule's state.
 */
public final class FullBatchState {

  private final LbfgsState lbfgs;
  private final double[] validationHistory;
  private final EarlyStopping.State validationStop;

  FullBatchState(LbfgsState lbfgs, double[] validationHistory,
      EarlyStopping.State validationStop) {
    this.lbfgs = lbfgs;
    this.validationHistory = validationHistory;
    this.validationStop = validationStop;
  }

  /** The iteration the state was taken after. */
  public int iteration() {
    return lbfgs.iteration();
  }

  /** Number of parameters of the problem it belongs to. */
  public int numParameters() {
    return lbfgs.numParameters();
  }

  LbfgsState lbfgs() {
    return lbfgs;
  }

  double[] validationHistory() {
    return validationHistory.clone();
  }

  EarlyStopping.State validationStop() {
    return validationStop;
  }

  /** Writes this state. */
  public void writeTo(DataOutput out) throws IOException {
    lbfgs.writeTo(out);
    StateCodec.writeDoubles(out, validationHistory);
    validationStop.writeTo(out);
  }

  /**
   * Reads a state written by {@link #writeTo}.
   *
   * @throws IOException if the bytes are not such a state
   */
  public static FullBatchState readFrom(DataInput in) throws IOException {
    LbfgsState lbfgs = LbfgsState.readFrom(in);
    double[] validation = StateCodec.readDoubles(in);
    EarlyStopping.State stop = EarlyStopping.State.readFrom(in);
    if (validation == null) {
      throw new IOException("damaged checkpoint: a history is missing");
    }
    return new FullBatchState(lbfgs, validation, stop);
  }
}
