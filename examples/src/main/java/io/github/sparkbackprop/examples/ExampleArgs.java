package io.github.sparkbackprop.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the examples: {@code --name value} or {@code --name=value}, plus
 * value-less flags such as {@code --help}. Unknown options and malformed values fail with a
 * message naming the option, so a typo never silently runs with a default.
 */
public final class ExampleArgs {

  private final Map<String, String> values;

  private ExampleArgs(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code args}.
   *
   * @param args the arguments of {@code main}
   * @param withValue names (without {@code --}) of the options that take a value
   * @param flags names of the options that take none
   * @return the parsed options
   * @throws IllegalArgumentException on an unknown option, a missing value or a stray argument
   */
  public static ExampleArgs parse(String[] args, Set<String> withValue, Set<String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; options look like"
            + " --name value");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new IllegalArgumentException("option --" + name + " takes no value");
        }
        values.put(name, "true");
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("option --" + name + " needs a value");
          }
          value = args[++i];
        }
        values.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    return new ExampleArgs(values);
  }

  /** Whether the option or flag was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The option's value, or {@code fallback} when absent. */
  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * The option's value as an int, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException if the value is not an integer
   */
  public int integer(String name, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs an integer, got '" + value
          + "'");
    }
  }

  /**
   * The option's value as a long, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException if the value is not an integer
   */
  public long longInteger(String name, long fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs an integer, got '" + value
          + "'");
    }
  }

  /**
   * The option's value as a double, or {@code fallback} when absent.
   *
   * @throws IllegalArgumentException if the value is not a number
   */
  public double real(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs a number, got '" + value
          + "'");
    }
  }

  /**
   * The option's value as comma-separated ints (e.g. {@code 256,128}; empty for none), or
   * {@code fallback} when absent.
   *
   * @throws IllegalArgumentException if an element is not an integer
   */
  public int[] integers(String name, int[] fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback.clone();
    }
    if (value.isBlank()) {
      return new int[0];
    }
    try {
      return Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt)
          .toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs comma-separated integers"
          + " such as 256,128, got '" + value + "'");
    }
  }
}
