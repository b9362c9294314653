package io.github.sparkbackprop.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What an {@link UpdateRule} remembers between steps, as saved in a checkpoint: its step count
 * and its per-parameter vectors (Adam's moments, momentum's previous step and gradient), so that
 * a restored rule takes exactly the steps the original would have taken.
 */
public final class UpdateRuleState {

  private final long steps;
  private final double[][] vectors;

  /**
   * @param steps the number of steps taken so far
   * @param vectors the rule's vectors, in the rule's own order; entries may be {@code null}
   *     (state the rule does not use with its settings)
   */
  public UpdateRuleState(long steps, double[][] vectors) {
    this.steps = steps;
    this.vectors = StateCodec.deepCopy(vectors);
  }

  /** The number of steps taken so far. */
  public long steps() {
    return steps;
  }

  /** A copy of the vectors. */
  public double[][] vectors() {
    return StateCodec.deepCopy(vectors);
  }

  /**
   * Checks that this state fits a rule that keeps {@code count} vectors of {@code length}
   * values, with {@code null} exactly where {@code present} is false.
   *
   * @throws IllegalArgumentException naming the rule if not
   */
  void require(String rule, int length, boolean... present) {
    boolean fits = vectors.length == present.length;
    for (int i = 0; fits && i < present.length; i++) {
      fits = present[i] ? vectors[i] != null && vectors[i].length == length : vectors[i] == null;
    }
    if (!fits) {
      throw new IllegalArgumentException("The saved state does not belong to " + rule + " with "
          + length + " parameters");
    }
  }

  /** Writes this state. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(steps);
    StateCodec.writeArrays(out, vectors);
  }

  /** Reads a state written by {@link #writeTo}. */
  public static UpdateRuleState readFrom(DataInput in) throws IOException {
    long steps = in.readLong();
    return new UpdateRuleState(steps, StateCodec.readArrays(in));
  }
}
