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

  /**
   * What went wrong, in one line: the message of the innermost cause that has one (Spark wraps
   * the useful "not a Parquet file" or JSON error in "Job aborted due to stage failure"), or the
   * class name.
   */
  public static String describe(Throwable e) {
    String message = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t.getMessage() != null && !t.getMessage().isEmpty()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      return e.getClass().getName();
    }
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
