package io.github.sparkbackprop.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Stops training once a monitored loss has not improved for {@code patience} epochs in a row,
 * and keeps the parameters of the best epoch.
 *
 * <p>An epoch improves on the best loss {@code b} if its loss {@code l} is lower and
 * {@code b - l >= tol * max(|b|, 0.01)}: relative to the loss, with Spark's GBT floor of 0.01 so
 * that a loss near zero does not demand impossibly small gains. A loss that merely equals the
 * best is no improvement, also with {@code tol = 0}.
 */
public final class EarlyStopping {

  private final int patience;
  private final double tol;
  private double best = Double.POSITIVE_INFINITY;
  private int bestEpoch = -1;
  private double[] bestX;
  private int epochsWithoutImprovement;

  /**
   * @param patience epochs without improvement tolerated before stopping, >= 1
   * @param tol minimum relative improvement, >= 0
   */
  public EarlyStopping(int patience, double tol) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1 but was " + patience);
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      throw new IllegalArgumentException("tol must be finite and >= 0 but was " + tol);
    }
    this.patience = patience;
    this.tol = tol;
  }

  /**
   * Records the loss after {@code epoch}.
   *
   * @param keepParameters whether to keep a copy of {@code x} when it is the best so far
   * @return {@code true} if training should stop now
   */
  public boolean record(int epoch, double loss, double[] x, boolean keepParameters) {
    epochsWithoutImprovement = epochsWithoutImprovementAfter(loss);
    if (loss < best) {
      best = loss;
      bestEpoch = epoch;
      if (keepParameters) {
        bestX = x.clone();
      }
    }
    return epochsWithoutImprovement >= patience;
  }

  /**
   * Whether {@link #record} of {@code loss} would return {@code true}, without recording it: what
   * the tasks of a barrier epoch ask after their first pass, so that they stop where the driver
   * will (see {@link EpochStart}).
   */
  public boolean wouldStopAt(double loss) {
    return epochsWithoutImprovementAfter(loss) >= patience;
  }

  private int epochsWithoutImprovementAfter(double loss) {
    boolean improves = best == Double.POSITIVE_INFINITY
        || (loss < best && best - loss >= tol * Math.max(Math.abs(best), 0.01));
    return improves ? 0 : epochsWithoutImprovement + 1;
  }

  /**
   * A copy that decides as this one does but keeps no parameters: what travels to the tasks of
   * a barrier epoch.
   */
  public EarlyStopping withoutParameters() {
    EarlyStopping copy = new EarlyStopping(patience, tol);
    copy.best = best;
    copy.bestEpoch = bestEpoch;
    copy.epochsWithoutImprovement = epochsWithoutImprovement;
    return copy;
  }

  /** Writes the rule's settings and what it has seen, without the best parameters. */
  public void writeDecisionTo(DataOutput out) throws IOException {
    out.writeInt(patience);
    out.writeLong(Double.doubleToRawLongBits(tol));
    out.writeLong(Double.doubleToRawLongBits(best));
    out.writeInt(bestEpoch);
    out.writeInt(epochsWithoutImprovement);
  }

  /** Reads a rule written by {@link #writeDecisionTo}. */
  public static EarlyStopping readDecisionFrom(DataInput in) throws IOException {
    EarlyStopping rule = new EarlyStopping(in.readInt(), Double.longBitsToDouble(in.readLong()));
    rule.best = Double.longBitsToDouble(in.readLong());
    rule.bestEpoch = in.readInt();
    rule.epochsWithoutImprovement = in.readInt();
    return rule;
  }

  /** The best loss seen. */
  public double bestLoss() {
    return best;
  }

  /** The epoch of the best loss, or -1. */
  public int bestEpoch() {
    return bestEpoch;
  }

  /** A copy of the parameters at the best epoch, if they were kept. */
  public double[] bestParameters() {
    return bestX;
  }

  /** Epochs in a row without improvement so far. */
  public int epochsWithoutImprovement() {
    return epochsWithoutImprovement;
  }

  /** A copy of what this rule has seen so far, for a checkpoint. */
  public State saveState() {
    return new State(best, bestEpoch, bestX == null ? null : bestX.clone(),
        epochsWithoutImprovement);
  }

  /** Puts back a state saved by {@link #saveState()} of a rule with the same settings. */
  public void restoreState(State state) {
    best = state.best;
    bestEpoch = state.bestEpoch;
    bestX = state.bestX == null ? null : state.bestX.clone();
    epochsWithoutImprovement = state.epochsWithoutImprovement;
  }

  /** The best loss, its epoch and parameters, and the patience used up, as saved. */
  public static final class State {
    final double best;
    final int bestEpoch;
    final double[] bestX;
    final int epochsWithoutImprovement;

    State(double best, int bestEpoch, double[] bestX, int epochsWithoutImprovement) {
      this.best = best;
      this.bestEpoch = bestEpoch;
      this.bestX = bestX;
      this.epochsWithoutImprovement = epochsWithoutImprovement;
    }

    /** Writes this state. */
    public void writeTo(DataOutput out) throws IOException {
      out.writeLong(Double.doubleToRawLongBits(best));
      out.writeInt(bestEpoch);
      StateCodec.writeDoubles(out, bestX);
      out.writeInt(epochsWithoutImprovement);
    }

    /** Reads a state written by {@link #writeTo}. */
    public static State readFrom(DataInput in) throws IOException {
      double best = Double.longBitsToDouble(in.readLong());
      int bestEpoch = in.readInt();
      double[] bestX = StateCodec.readDoubles(in);
      return new State(best, bestEpoch, bestX, in.readInt());
    }
  }
}
