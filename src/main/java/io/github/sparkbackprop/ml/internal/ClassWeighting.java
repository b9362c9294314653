package io.github.sparkbackprop.ml.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a classifier weighs its classes in the loss: the values of the {@code classWeighting}
 * param.
 */
public enum ClassWeighting {
  /** Every row counts by its row weight alone. */
  NONE("none"),
  /**
   * scikit-learn's {@code "balanced"}: a row of class {@code c} also weighs
   * {@code n / (k * n_c)}; multi-label: each label's positives and negatives balanced
   * ({@code io.github.sparkbackprop.nn.ClassWeights}).
   */
  BALANCED("balanced");

  private final String paramName;

  ClassWeighting(String paramName) {
    this.paramName = paramName;
  }

  /** The value of the {@code classWeighting} param. */
  public String paramName() {
    return paramName;
  }

  /** The values of the {@code classWeighting} param. */
  public static String[] paramNames() {
    return Arrays.stream(values()).map(ClassWeighting::paramName).toArray(String[]::new);
  }

  /** The weighting named {@code name} (any case). */
  public static ClassWeighting fromParamName(String name) {
    for (ClassWeighting w : values()) {
      if (w.paramName.equals(name.toLowerCase(Locale.ROOT))) {
        return w;
      }
    }
    throw new IllegalArgumentException("classWeighting must be one of "
        + Arrays.toString(paramNames()) + " but was '" + name + "'");
  }

  @Override
  public String toString() {
    return paramName;
  }
}
