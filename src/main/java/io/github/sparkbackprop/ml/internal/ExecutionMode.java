package io.github.sparkbackprop.ml.internal;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the epochs of {@code gd}, {@code adam} and {@code adamw} run on Spark: the values of the
 * {@code executionMode} param, and the two modes a fit actually runs in.
 */
public enum ExecutionMode {
  /** A barrier stage where Spark can run one ({@code BarrierSupport}), else one job per step. */
  AUTO("auto"),
  /** Barrier stages, each a span of epochs, whose tasks add up their sums among themselves. */
  BARRIER("barrier"),
  /** One Spark job per step (or per round of local steps): the driver merges the sums. */
  PER_STEP("perStep");

  private final String paramName;

  ExecutionMode(String paramName) {
    this.paramName = paramName;
  }

  /** The value of the {@code executionMode} param. */
  public String paramName() {
    return paramName;
  }

  /** The values of the {@code executionMode} param. */
  public static String[] paramNames() {
    return Arrays.stream(values()).map(ExecutionMode::paramName).toArray(String[]::new);
  }

  /** The mode named {@code name} (the param's own spelling, any case). */
  public static ExecutionMode fromParamName(String name) {
    for (ExecutionMode mode : values()) {
      if (mode.paramName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("executionMode must be one of "
        + Arrays.toString(paramNames()) + " but was '" + name + "'");
  }

  @Override
  public String toString() {
    return paramName;
  }
}
