package io.github.sparkbackprop.ml.internal.check;

import java.util.Arrays;
import java.util.function.Predicate;
import scala.Function1;

/**
 * Param validators whose failures say what the valid values are.
 *
 * <p>Spark's own validators only report "given invalid value"; these throw an
 * {@link IllegalArgumentException} naming the param, the value and the valid range, which Spark's
 * {@code Params.set} passes on unchanged. Each is a {@link Rule}, bound to its param's name where
 * the param is declared, so that the name is written once.
 */
public final class ParamChecks {

  private ParamChecks() {}

  /**
   * A check a param's value must pass, not yet bound to a param.
   *
   * @param <T> the param's value type as Spark's validators see it
   */
  @FunctionalInterface
  public interface Rule<T> {
    /** The validator of the param named {@code param}. */
    Function1<T, Object> forParam(String param);
  }

  /** Accepts what {@code valid} accepts; a failure says the value must {@code requirement}. */
  public static <T> Rule<T> check(String requirement, Predicate<T> valid) {
    return name -> value -> {
      if (value == null || !valid.test(value)) {
        throw new IllegalArgumentException(
            "Param " + name + " " + requirement + ", but was " + render(value));
      }
      return Boolean.TRUE;
    };
  }

  /** Accepts integers {@code >= min}. */
  public static Rule<Object> intAtLeast(int min) {
    return check("must be >= " + min, v -> ((Integer) v) >= min);
  }

  /** Accepts finite numbers {@code >= min}. */
  public static Rule<Object> doubleAtLeast(double min) {
    return check("must be a finite number >= " + min,
        v -> Double.isFinite((Double) v) && (Double) v >= min);
  }

  /** Accepts finite numbers {@code > min}. */
  public static Rule<Object> doubleAbove(double min) {
    return check("must be a finite number > " + min,
        v -> Double.isFinite((Double) v) && (Double) v > min);
  }

  /** Accepts numbers between {@code min} and {@code max}, each bound in or out. */
  public static Rule<Object> doubleInRange(
      double min, double max, boolean lowerInclusive, boolean upperInclusive) {
    String requirement = "must be in " + (lowerInclusive ? "[" : "(") + min + ", " + max
        + (upperInclusive ? "]" : ")");
    return check(requirement, v -> {
      double d = (Double) v;
      return (lowerInclusive ? d >= min : d > min) && (upperInclusive ? d <= max : d < max);
    });
  }

  /** Accepts one of {@code names}, ignoring case. */
  public static Rule<String> oneOf(String... names) {
    return check("must be one of " + String.join(", ", names),
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
    if (value instanceof double[]) {
      return Arrays.toString((double[]) value);
    }
    if (value instanceof String) {
      return "'" + value + "'";
    }
    return String.valueOf(value);
  }
}
