package io.github.sparkbackprop.nn;

import java.io.Serializable;

/**
 * Inverted dropout of hidden units while training (Srivastava et al., 2014): in each training
 * pass every hidden unit of every row is kept with probability {@code 1 - rate} and then scaled
 * by {@code 1 / (1 - rate)}, or dropped (zero); scoring uses the network as it is.
 *
 * <p>The masks are not drawn from a random stream but computed, by a counter-based hash
 * (SplitMix64's finaliser), from the seed, the step and the row's place in the training data
 * (its global index), the layer and the unit. So a row gets the same mask in a given step
 * whichever partition holds it, whatever ran before, and in whichever task or execution mode:
 * a seeded fit repeats bit for bit and does not depend on the partitioning.
 */
public final class Dropout implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double rate;
  private final long seed;

  /**
   * @param rate the probability of dropping a hidden unit, in [0, 1)
   * @param seed the fit's seed
   */
  public Dropout(double rate, long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1) but was " + rate);
    }
    this.rate = rate;
    this.seed = seed;
  }

  /** The probability of dropping a hidden unit. */
  public double rate() {
    return rate;
  }

  /** Whether any unit is ever dropped. */
  public boolean isActive() {
    return rate > 0;
  }

  /**
   * The masks of one training pass over some rows.
   *
   * @param step identifies the step (e.g. from the epoch and the step within it): each step
   *     draws new masks
   * @param globalRows the global index of each row of the pass, in the order the pass reads
   *     them
   */
  public Masks masks(long step, long[] globalRows) {
    return new Masks(this, step, globalRows);
  }

  /** The keep-or-drop decisions of one pass, applied to the hidden activations. */
  public static final class Masks {
    private final long stepSeed;
    private final long[] rows;
    private final double scale;
    /** Hashes below this (as unsigned 53-bit fractions, scaled to 2^53) are dropped. */
    private final long dropBelow;

    private Masks(Dropout dropout, long step, long[] rows) {
      this.stepSeed = mix(mix(dropout.seed) ^ step);
      this.rows = rows;
      this.scale = 1.0 / (1.0 - dropout.rate);
      this.dropBelow = (long) Math.ceil(dropout.rate * (1L << 53));
    }

    /** The number of rows the masks cover. */
    public int numRows() {
      return rows.length;
    }

    /** Whether unit {@code unit} of hidden layer {@code layer} is kept for row {@code row}. */
    public boolean keep(int row, int layer, int unit) {
      long h = mix(stepSeed + rows[row] * 0x9E3779B97F4A7C15L + ((long) layer << 40) + unit);
      return (h >>> 11) >= dropBelow;
    }

    /**
     * Multiplies the {@code units x n} column-major values of hidden layer {@code layer} (rows
     * {@code [firstRow, firstRow + n)} of the masks) by each unit's mask: {@code 1 / (1 -
     * rate)} if kept, 0 if dropped.
     */
    public void apply(double[] values, int layer, int units, int firstRow, int n) {
      for (int i = 0; i < n; i++) {
        int base = i * units;
        for (int u = 0; u < units; u++) {
          values[base + u] = keep(firstRow + i, layer, u) ? values[base + u] * scale : 0.0;
        }
      }
    }

    /** Single-precision form of {@link #apply(double[], int, int, int, int)}. */
    public void apply(float[] values, int layer, int units, int firstRow, int n) {
      float s = (float) scale;
      for (int i = 0; i < n; i++) {
        int base = i * units;
        for (int u = 0; u < units; u++) {
          values[base + u] = keep(firstRow + i, layer, u) ? values[base + u] * s : 0.0f;
        }
      }
    }
  }

  /** SplitMix64's finaliser: a bijective mix of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
