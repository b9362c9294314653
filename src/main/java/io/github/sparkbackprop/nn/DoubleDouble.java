package io.github.sparkbackprop.nn;

/**
 * Double-double accumulation: a sum kept as an unevaluated pair {@code hi + lo} with about 106
 * bits of precision, using Knuth's TwoSum (Knuth, TAOCP vol. 2, 4.2.2; Dekker 1971).
 *
 * <p>Spark combines the partial sums of partitions in whatever order tasks finish. With plain
 * doubles that order shows in the last bits of the gradient, and over many iterations in the
 * trained weights. Summing the partials in double-double and rounding once makes the rounded
 * result independent of the order (short of a sum landing within {@code 2^-100} of a rounding
 * boundary), so a seeded training run repeats bit for bit.
 */
public final class DoubleDouble {

  private DoubleDouble() {}

  /**
   * Adds {@code (bHi, bLo)} into {@code (hi[i], lo[i])} for every {@code i}.
   *
   * @param hi high parts of the running sum, updated
   * @param lo low parts of the running sum, updated
   * @param bHi high parts to add
   * @param bLo low parts to add, or {@code null} for zeros
   */
  public static void addInto(double[] hi, double[] lo, double[] bHi, double[] bLo) {
    for (int i = 0; i < hi.length; i++) {
      double a = hi[i];
      double b = bHi[i];
      double s = a + b;
      double bb = s - a;
      double err = (a - (s - bb)) + (b - bb);
      err += lo[i] + (bLo == null ? 0.0 : bLo[i]);
      double t = s + err;
      lo[i] = err - (t - s);
      hi[i] = t;
    }
  }

  /** Adds {@code (bHi, bLo)} to the pair {@code ab = {hi, lo}} in place. */
  public static void addInto(double[] ab, double bHi, double bLo) {
    double a = ab[0];
    double s = a + bHi;
    double bb = s - a;
    double err = (a - (s - bb)) + (bHi - bb) + ab[1] + bLo;
    double t = s + err;
    ab[1] = err - (t - s);
    ab[0] = t;
  }

  /** The pair rounded to one double. */
  public static double value(double hi, double lo) {
    return hi + lo;
  }
}
