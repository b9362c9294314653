package io.github.sparkbackprop.examples;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The command line the examples share, so that each example's file reads as the ML it shows.
 * An example declares its options once, in a table ({@link #option}): name, placeholder, help,
 * and how the value sets the example's {@code Options}. From that table come the parsing
 * ({@code --name value} or {@code --name=value}; an unknown option or a malformed value fails
 * naming the option, so a typo never silently runs with a default), the {@code --help} text and
 * the exit codes; {@link #main} adds {@code --help} and {@code --master} and runs the example in
 * a session.
 *
 * @param <O> the example's options
 */
public final class ExampleCli<O> {

  /** Sets one option's value on the options. */
  @FunctionalInterface
  public interface Setter<O> {
    /**
     * @param options the options being filled
     * @param value the text given on the command line ({@code "true"} for a flag)
     */
    void set(O options, String value);
  }

  /** What {@code main} does once the options are read: run and print. */
  @FunctionalInterface
  public interface Body<O> {
    /** Runs the example in {@code spark}. */
    void run(SparkSession spark, O options);
  }

  private static final String MASTER = "master";
  private static final String HELP = "help";

  private final String usageLine;
  private final String summary;
  private final String appName;
  private final Map<String, Option<O>> options = new LinkedHashMap<>();

  /**
   * @param example the example's main class
   * @param runName its name for {@code scripts/run-example}
   * @param appName the Spark application name
   * @param summary what it does, for the help
   */
  public ExampleCli(Class<?> example, String runName, String appName, String summary) {
    this.usageLine = "Usage: " + example.getSimpleName() + " [options]   (scripts/run-example "
        + runName + ", or\n       scripts/spark-submit --class " + example.getName() + " ...)";
    this.appName = appName;
    this.summary = summary;
  }

  /** Declares {@code --name placeholder}: its help line and how its value sets the options. */
  public ExampleCli<O> option(String name, String placeholder, String help, Setter<O> setter) {
    options.put(name, new Option<>(name + " " + placeholder, help, setter, true));
    return this;
  }

  /** Declares the value-less flag {@code --name}. */
  public ExampleCli<O> flag(String name, String help, Setter<O> setter) {
    options.put(name, new Option<>(name, help, setter, false));
    return this;
  }

  /** The help text: what the example does and every option. */
  public String usage() {
    Map<String, String> lines = new LinkedHashMap<>();
    options.values().forEach(o -> lines.put(o.shown, o.help));
    lines.put(MASTER + " URL", "Spark master (default: spark.master if set, else local[2])");
    lines.put(HELP, "print this help");
    int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    StringBuilder text = new StringBuilder(usageLine).append('\n').append(summary).append("\n\n");
    lines.forEach((shown, help) -> text.append("  --").append(shown)
        .append(" ".repeat(width - shown.length())).append(help).append('\n'));
    return text.toString().stripTrailing();
  }

  /**
   * Sets {@code options} from {@code args}.
   *
   * @return the value of {@code --master}, or {@code null}
   * @throws IllegalArgumentException on an unknown option, a missing or malformed value or a
   *     stray argument
   */
  public String parse(String[] args, O options) {
    String master = null;
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
      Option<O> option = this.options.get(name);
      boolean takesValue = name.equals(MASTER) || option != null && option.takesValue;
      if (option == null && !takesValue) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (!takesValue && value != null) {
        throw new IllegalArgumentException("option --" + name + " takes no value");
      }
      if (takesValue && value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option --" + name + " needs a value");
        }
        value = args[++i];
      }
      if (option == null) {
        master = value;
      } else {
        option.setter.set(options, takesValue ? value : "true");
      }
    }
    return master;
  }

  /**
   * The example's {@code main}: prints the help for {@code --help}; exits with status 2 on bad
   * options and 1 on a missing local input file or unreadable data; else runs {@code body} in a
   * session (the {@code --master} given, else {@code spark.master}, else {@code local[2]}) that
   * it stops afterwards.
   *
   * @param fresh the options with their defaults
   * @param inputOf the local input file to check before starting Spark, or {@code null}
   */
  public void main(String[] args, Supplier<O> fresh, Function<O, String> inputOf, Body<O> body) {
    if (Arrays.asList(args).contains("--" + HELP)) {
      System.out.println(usage());
      return;
    }
    O parsed = fresh.get();
    String master;
    try {
      master = parse(args, parsed);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    String input = inputOf.apply(parsed);
    if (input != null && ExampleSession.missingLocalFile(input)) {
      System.err.println("error: " + input + " does not exist; run from the project's root"
          + " folder or pass --input FILE");
      System.exit(1);
      return;
    }
    SparkSession spark = ExampleSession.start(appName, master);
    int status = 0;
    try {
      body.run(spark, parsed);
    } catch (UncheckedIOException e) {
      // Missing or malformed data files: the message names the file and the fix.
      System.err.println("error: " + e.getMessage());
      status = 1;
    } finally {
      spark.stop();
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * {@code value} of option {@code --name} as an int.
   *
   * @throws IllegalArgumentException if it is not an integer
   */
  public static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs an integer, got '" + value
          + "'");
    }
  }

  /**
   * {@code value} of option {@code --name} as a long.
   *
   * @throws IllegalArgumentException if it is not an integer
   */
  public static long longInteger(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs an integer, got '" + value
          + "'");
    }
  }

  /**
   * {@code value} of option {@code --name} as a double.
   *
   * @throws IllegalArgumentException if it is not a number
   */
  public static double real(String name, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option --" + name + " needs a number, got '" + value
          + "'");
    }
  }

  /**
   * {@code value} of option {@code --name} as comma-separated ints (e.g. {@code 256,128}; empty
   * for none).
   *
   * @throws IllegalArgumentException if an element is not an integer
   */
  public static int[] integers(String name, String value) {
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

  /** One declared option. */
  private static final class Option<O> {
    final String shown;
    final String help;
    final Setter<O> setter;
    final boolean takesValue;

    Option(String shown, String help, Setter<O> setter, boolean takesValue) {
      this.shown = shown;
      this.help = help;
      this.setter = setter;
      this.takesValue = takesValue;
    }
  }
}
