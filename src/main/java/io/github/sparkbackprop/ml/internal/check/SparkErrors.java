package io.github.sparkbackprop.ml.internal.check;

import java.util.function.Supplier;

/**
 * Turns a failed Spark job whose root cause is one of our input checks back into that
 * {@link IllegalArgumentException}, so users see the message, not a stage-failure trace.
 */
public final class SparkErrors {

  private SparkErrors() {}

  /**
   * Runs a Spark action; if it fails because a task threw an {@link IllegalArgumentException},
   * throws a new one with the same message (the Spark failure kept as its cause).
   */
  public static <T> T unwrap(Supplier<T> job) {
    try {
      return job.get();
    } catch (Exception e) { // Spark throws the checked SparkException without declaring it
      IllegalArgumentException cause = findInputError(e);
      if (cause != null && cause != e) {
        throw new IllegalArgumentException(cause.getMessage(), e);
      }
      throw SparkErrors.<RuntimeException>sneaky(e);
    }
  }

  private static IllegalArgumentException findInputError(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 20; c = c.getCause(), depth++) {
      if (c instanceof IllegalArgumentException) {
        return (IllegalArgumentException) c;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
