package io.github.sparkbackprop.ml.internal.checkpoint;

import io.github.sparkbackprop.optim.EarlyStopping;
import io.github.sparkbackprop.optim.LbfgsState;
import io.github.sparkbackprop.optim.MiniBatchState;
import io.github.sparkbackprop.optim.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One checkpoint's content: the optimiser's state after an iteration or epoch, plus what the
 * trainer keeps around the optimiser (the seconds of each iteration for the summary and, for
 * {@code l-bfgs}, the validation history and its early-stopping rule).
 */
public final class TrainingCheckpoint {

  private static final byte LBFGS = 1;
  private static final byte MINI_BATCH = 2;

  private final LbfgsState lbfgs;
  private final MiniBatchState miniBatch;
  public final double[] iterationSeconds;
  /** {@code l-bfgs} with validation rows only, else empty. */
  public final double[] validationHistory;
  /** {@code l-bfgs} only, else {@code null}. */
  public final EarlyStopping.State validationStop;

  private TrainingCheckpoint(LbfgsState lbfgs, MiniBatchState miniBatch,
      double[] iterationSeconds, double[] validationHistory, EarlyStopping.State validationStop) {
    this.lbfgs = lbfgs;
    this.miniBatch = miniBatch;
    this.iterationSeconds = iterationSeconds;
    this.validationHistory = validationHistory;
    this.validationStop = validationStop;
  }

  public static TrainingCheckpoint lbfgs(LbfgsState state, double[] iterationSeconds,
      double[] validationHistory, EarlyStopping.State validationStop) {
    return new TrainingCheckpoint(state, null, iterationSeconds, validationHistory,
        validationStop);
  }

  public static TrainingCheckpoint miniBatch(MiniBatchState state, double[] iterationSeconds) {
    return new TrainingCheckpoint(null, state, iterationSeconds, new double[0], null);
  }

  /** The iteration (l-bfgs) or epoch (mini-batch) the checkpoint was taken after. */
  public int iteration() {
    return lbfgs != null ? lbfgs.iteration() : miniBatch.epoch();
  }

  /** The l-bfgs state; {@code null} for a mini-batch checkpoint. */
  public LbfgsState lbfgsState() {
    return lbfgs;
  }

  /** The mini-batch state; {@code null} for an l-bfgs checkpoint. */
  public MiniBatchState miniBatchState() {
    return miniBatch;
  }

  /** Number of weights of the network it belongs to. */
  public int numParameters() {
    return lbfgs != null ? lbfgs.numParameters() : miniBatch.numParameters();
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeByte(lbfgs != null ? LBFGS : MINI_BATCH);
    if (lbfgs != null) {
      lbfgs.writeTo(out);
      StateCodec.writeDoubles(out, validationHistory);
      validationStop.writeTo(out);
    } else {
      miniBatch.writeTo(out);
    }
    StateCodec.writeDoubles(out, iterationSeconds);
  }

  /**
   * Reads a checkpoint written by {@link #writeTo}.
   *
   * @throws IOException if the bytes are not a checkpoint
   */
  public static TrainingCheckpoint readFrom(DataInput in) throws IOException {
    byte kind = in.readByte();
    if (kind == LBFGS) {
      LbfgsState state = LbfgsState.readFrom(in);
      double[] validation = StateCodec.readDoubles(in);
      EarlyStopping.State stopping = EarlyStopping.State.readFrom(in);
      return lbfgs(state, requireArray(StateCodec.readDoubles(in)), requireArray(validation),
          stopping);
    }
    if (kind == MINI_BATCH) {
      MiniBatchState state = MiniBatchState.readFrom(in);
      return miniBatch(state, requireArray(StateCodec.readDoubles(in)));
    }
    throw new IOException("unknown checkpoint kind " + kind);
  }

  private static double[] requireArray(double[] values) throws IOException {
    if (values == null) {
      throw new IOException("damaged checkpoint: a history is missing");
    }
    return values;
  }
}
