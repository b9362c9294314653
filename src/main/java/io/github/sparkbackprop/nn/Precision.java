package io.github.sparkbackprop.nn;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The arithmetic of a network's passes, by the names the {@code precision} param takes. Only
 * {@code nn} asks which one is in use: the rest of the library hands it to the factories here
 * and to {@link RowBlock}, which chooses the arrays and the BLAS routines.
 */
public enum Precision {

  /** IEEE double precision for everything. */
  DOUBLE("double"),

  /**
   * Single precision for the cached features, the GEMMs and the activations; losses, gradient
   * sums across blocks and partitions, and the optimiser stay in double precision.
   */
  FLOAT("float");

  private final String paramName;

  Precision(String paramName) {
    this.paramName = paramName;
  }

  /** The name used in the {@code precision} param: {@code "double"} or {@code "float"}. */
  public String paramName() {
    return paramName;
  }

  /**
   * The weights {@code x} as they travel to the executors in this precision: wrapped as they
   * are, or rounded once to {@code float} (half the bytes, and no conversion in every task).
   */
  public Weights weights(double[] x) {
    return this == FLOAT ? Weights.singlePrecision(x) : Weights.of(x);
  }

  /**
   * Bytes per value of a gradient as one partition ships it to the driver: a gradient computed
   * in {@code float} travels rounded to {@code float}.
   */
  public int shippedGradientBytes() {
    return this == FLOAT ? Float.BYTES : Double.BYTES;
  }

  /**
   * The precision named {@code name}, ignoring case.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Precision fromParamName(String name) {
    for (Precision p : values()) {
      if (p.paramName.equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not one of "
        + Arrays.stream(values()).map(Precision::paramName).collect(Collectors.joining(", ")));
  }

  /** The param names of all precisions, in declaration order. */
  public static String[] paramNames() {
    return Arrays.stream(values()).map(Precision::paramName).toArray(String[]::new);
  }

  @Override
  public String toString() {
    return paramName;
  }
}
