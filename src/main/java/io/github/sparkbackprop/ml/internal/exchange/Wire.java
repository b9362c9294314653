package io.github.sparkbackprop.ml.internal.exchange;

/**
 * What {@link AllReduce} moves: a sum's scalars (small; every task sees every task's) and its
 * arrays (all of one length, or absent), which are split into one range per task and summed
 * element by element by that range's owner. An array marked {@code singlePrecision} holds values
 * that are exact in {@code float} and travels as 4 bytes a value.
 */
public final class Wire {

  private final double[] scalars;
  private final double[][] arrays;
  private final boolean[] singlePrecision;

  /**
   * @param scalars the sum's scalars; taken, not copied
   * @param arrays the sum's arrays, each {@code null} (absent) or of the common length; taken
   * @param singlePrecision for each array, whether its values are exact in {@code float}
   */
  public Wire(double[] scalars, double[][] arrays, boolean[] singlePrecision) {
    if (arrays.length != singlePrecision.length) {
      throw new IllegalArgumentException(arrays.length + " arrays but " + singlePrecision.length
          + " precision flags");
    }
    this.scalars = scalars;
    this.arrays = arrays;
    this.singlePrecision = singlePrecision;
  }

  /** The scalars (not a copy). */
  public double[] scalars() {
    return scalars;
  }

  /** The arrays, each possibly {@code null} (not a copy). */
  public double[][] arrays() {
    return arrays;
  }

  /** Whether array {@code i} travels in single precision. */
  public boolean singlePrecision(int i) {
    return singlePrecision[i];
  }
}
