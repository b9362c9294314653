package io.github.sparkbackprop.ml.internal.check;

import java.util.Arrays;
import java.util.function.Predicate;
import scala.Function1;

/**
 * Param validators whose failures say what the valid values are.
 *
 * <p>Spark's own validators only report "given invalid value"; these throw an
 * {@link IllegalArgumentException} naming the param, the value and the valid range, which Spark's
 * {@code Params.set} passes on unchanged.
 */
public final class ParamChecks {

  private ParamChecks() {}

  /** A validator that accepts what {@code valid} accepts and names {@code requirement} else. */
  public static <T> Function1<T, Object> check(String name, String requirement,
      Predicate<T> valid) {
    return value -> {
      if (value == null || !valid.test(value)) {
        throw new IllegalArgumentException(
            "Param " + name + " " + requirement + ", but was " + render(value));
      }
      return Boolean.TRUE;
    };
  }

  /** Accepts integers {@code >= min}. */
  public static Function1<Object, Object> intAtLeast(String name, int min) {
    return check(name, "must be >= " + min, v -> ((Integer) v) >= min);
  }

  /** Accepts finite numbers {@code >= min}. */
  public static Function1<Object, Object> doubleAtLeast(String name, double min) {
    return check(name, "must be a finite number >= " + min,
        v -> Double.isFinite((Double) v) && (Double) v >= min);
  }

  /** Accepts finite numbers {@code > min}. */
  public static Function1<Object, Object> doubleAbove(String name, double min) {
    return check(name, "must be a finite number > " + min,
        v -> Double.isFinite((Double) v) && (Double) v > min);
  }

  /** Accepts numbers between {@code min} and {@code max}, each bound in or out. */
  public static Function1<Object, Object> doubleInRange(
      String name, double min, double max, boolean lowerInclusive, boolean upperInclusive) {
    String requirement = "must be in " + (lowerInclusive ? "[" : "(") + min + ", " + max
        + (upperInclusive ? "]" : ")");
    return check(name, requirement, v -> {
      double d = (Double) v;
      return (lowerInclusive ? d >= min : d > min) && (upperInclusive ? d <= max : d < max);
    });
  }

  /** Accepts one of {@code names}, ignoring case. */
  public static Function1<String, Object> oneOf(String name, String... names) {
    return check(name, "must be one of " + String.join(", ", names),
        v -> Arrays.stream(names).anyMatch(n -> n.equalsIgnoreCase(v)));
  }

  /** Returns the entry of {@code names} equal to {@code value} ignoring case. */
  public static String canonical(String value, String... names) {
    return Arrays.stream(names).filter(n -> n.equalsIgnoreCase(value)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "'" + value + "' is not one of " + String.join(", ", names)));
  }

  private static String render(Object value) {
    if (value instanceof int[]) {
      return Arrays.toString((int[]) value);
    }
    if (value instanceof String) {
      return "'" + value + "'";
    }
    return String.valueOf(value);
  }
}
