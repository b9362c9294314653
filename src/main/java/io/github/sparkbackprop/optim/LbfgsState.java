package io.github.sparkbackprop.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything {@link LbfgsOptimizer} needs to continue after an iteration as if it had never
 * stopped: the iteration count, the point with its objective value and gradient (so no pass is
 * repeated), the curvature pairs of the limited memory, oldest first, and the objective history.
 * A line search always runs to its end within an iteration, so nothing of it needs saving.
 */
public final class LbfgsState {

  private final int iteration;
  private final double[] x;
  private final double value;
  private final double[] gradient;
  private final double[][] s;
  private final double[][] y;
  private final double[] objectiveHistory;

  LbfgsState(int iteration, double[] x, double value, double[] gradient, double[][] s,
      double[][] y, double[] objectiveHistory) {
    this.iteration = iteration;
    this.x = x;
    this.value = value;
    this.gradient = gradient;
    this.s = s;
    this.y = y;
    this.objectiveHistory = objectiveHistory;
  }

  /** The number of iterations done. */
  public int iteration() {
    return iteration;
  }

  /** The point after {@link #iteration()}. */
  public double[] x() {
    return x.clone();
  }

  /** The objective history up to {@link #iteration()}, start included. */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** The number of parameters. */
  public int numParameters() {
    return x.length;
  }

  double value() {
    return value;
  }

  double[] gradient() {
    return gradient.clone();
  }

  double[][] s() {
    return s;
  }

  double[][] y() {
    return y;
  }

  /** Writes this state. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(iteration);
    StateCodec.writeDoubles(out, x);
    out.writeLong(Double.doubleToRawLongBits(value));
    StateCodec.writeDoubles(out, gradient);
    StateCodec.writeArrays(out, s);
    StateCodec.writeArrays(out, y);
    StateCodec.writeDoubles(out, objectiveHistory);
  }

  /**
   * Reads a state written by {@link #writeTo}.
   *
   * @throws IOException if the data cannot be a state (a damaged file)
   */
  public static LbfgsState readFrom(DataInput in) throws IOException {
    int iteration = in.readInt();
    double[] x = StateCodec.readDoubles(in);
    double value = Double.longBitsToDouble(in.readLong());
    double[] gradient = StateCodec.readDoubles(in);
    double[][] s = StateCodec.readArrays(in);
    double[][] y = StateCodec.readArrays(in);
    double[] history = StateCodec.readDoubles(in);
    if (x == null || gradient == null || history == null || gradient.length != x.length
        || s.length != y.length || history.length != iteration + 1) {
      throw new IOException("damaged l-bfgs state");
    }
    return new LbfgsState(iteration, x, value, gradient, s, y, history);
  }
}
