package io.github.sparkbackprop.ml.internal.checkpoint;

import io.github.sparkbackprop.optim.FullBatchState;
import io.github.sparkbackprop.optim.MiniBatchState;
import io.github.sparkbackprop.optim.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One checkpoint's content: the optimiser's state after an iteration (l-bfgs) or epoch
 * (mini-batch), early stopping included, plus the seconds of each iteration so far, which the
 * trainer measures for the summary.
 */
public final class TrainingCheckpoint {

  private static final byte FULL_BATCH = 1;
  private static final byte MINI_BATCH = 2;

  private final FullBatchState fullBatch;
  private final MiniBatchState miniBatch;
  private final double[] iterationSeconds;

  private TrainingCheckpoint(FullBatchState fullBatch, MiniBatchState miniBatch,
      double[] iterationSeconds) {
    this.fullBatch = fullBatch;
    this.miniBatch = miniBatch;
    this.iterationSeconds = iterationSeconds;
  }

  /** A checkpoint of l-bfgs training. */
  public static TrainingCheckpoint fullBatch(FullBatchState state, double[] iterationSeconds) {
    return new TrainingCheckpoint(state, null, iterationSeconds);
  }

  /** A checkpoint of mini-batch training. */
  public static TrainingCheckpoint miniBatch(MiniBatchState state, double[] iterationSeconds) {
    return new TrainingCheckpoint(null, state, iterationSeconds);
  }

  /** The iteration (l-bfgs) or epoch (mini-batch) the checkpoint was taken after. */
  public int iteration() {
    return fullBatch != null ? fullBatch.iteration() : miniBatch.epoch();
  }

  /** The l-bfgs state; {@code null} for a mini-batch checkpoint. */
  public FullBatchState fullBatchState() {
    return fullBatch;
  }

  /** The mini-batch state; {@code null} for an l-bfgs checkpoint. */
  public MiniBatchState miniBatchState() {
    return miniBatch;
  }

  /** Wall-clock seconds of each iteration or epoch up to the checkpoint. */
  public double[] iterationSeconds() {
    return iterationSeconds.clone();
  }

  /** Number of weights of the network it belongs to. */
  public int numParameters() {
    return fullBatch != null ? fullBatch.numParameters() : miniBatch.numParameters();
  }

  /** Writes the checkpoint: its kind, the optimiser's state, the seconds. */
  public void writeTo(DataOutput out) throws IOException {
    if (fullBatch != null) {
      out.writeByte(FULL_BATCH);
      fullBatch.writeTo(out);
    } else {
      out.writeByte(MINI_BATCH);
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
    if (kind == FULL_BATCH) {
      FullBatchState state = FullBatchState.readFrom(in);
      return fullBatch(state, requireArray(StateCodec.readDoubles(in)));
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
