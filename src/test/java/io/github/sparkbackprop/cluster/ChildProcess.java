package io.github.sparkbackprop.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A process a test starts (a driver JVM, a script), with its output in a log file. Closing it
 * stops it and every process it started that is still running (SIGTERM, then SIGKILL after a
 * grace period); use it in try-with-resources so that this happens also when the test fails.
 */
public final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** The project's root folder (surefire passes it; elsewhere the working folder). */
  public static Path basedir() {
    return Paths.get(System.getProperty("sparkbackprop.basedir", System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  /**
   * The build folder of the Spark line under test (surefire passes it): {@code target} for the
   * default line, {@code target/spark-LINE} for the others.
   */
  public static Path buildDir() {
    String dir = System.getProperty("sparkbackprop.buildDir");
    return dir == null ? basedir().resolve("target") : Paths.get(dir).toAbsolutePath();
  }

  /** The synthetic SPARK_HOME the build makes: {@code spark-home} in {@link #buildDir()}. */
  public static Path sparkHome() {
    return buildDir().resolve("spark-home");
  }

  /** The JVM flags Spark needs on Java 17 (the pom's spark.jvm.flags, passed by surefire). */
  public static List<String> sparkJvmFlags() {
    String flags = System.getProperty("sparkbackprop.jvmFlags");
    if (flags == null || flags.isBlank()) {
      throw new IllegalStateException("system property sparkbackprop.jvmFlags is not set; run"
          + " the tests with Maven (the pom's surefire configuration sets it)");
    }
    return Arrays.asList(flags.trim().split("\\s+"));
  }

  /**
   * The JIT and GC flags of the JVMs the tests run (the pom's test.jvm.flags, passed by surefire;
   * empty when the tests run with the JVM's defaults), for every JVM a test starts: drivers,
   * their executors and cluster daemons.
   */
  public static List<String> testJvmFlags() {
    String flags = System.getProperty("sparkbackprop.testJvmFlags", "").trim();
    return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
  }

  /**
   * The command of a JVM running {@code mainClass} from this build (main and test classes,
   * Spark's jars from the synthetic SPARK_HOME), with the flags Spark needs.
   */
  public static List<String> javaCommand(String mainClass, List<String> jvmOptions,
      List<String> args) {
    Path target = buildDir();
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(sparkJvmFlags());
    List<String> testFlags = testJvmFlags();
    command.addAll(testFlags);
    if (!testFlags.isEmpty()) {
      // a SparkConf reads spark.* system properties: the driver's executors get them too
      command.add("-Dspark.executor.extraJavaOptions=" + String.join(" ", testFlags));
    }
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, target.resolve("test-classes").toString(),
        target.resolve("classes").toString(), sparkHome().resolve("jars") + File.separator + "*"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Starts {@code command} in the project's root folder, its output (stdout and stderr) going
   * to {@code log}. The JVMs the project's scripts start get {@link #testJvmFlags()}:
   * {@code scripts/spark-submit}'s driver and its executors (through {@code SPARK_SUBMIT_OPTS})
   * and {@code scripts/cluster}'s daemons (through {@code DAEMON_JAVA_OPTS}).
   *
   * @param env variables added to the test JVM's environment (they win over those above)
   */
  public static ChildProcess start(String name, List<String> command, Map<String, String> env,
      Path log) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(basedir().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    String flags = String.join(" ", testJvmFlags());
    if (!flags.isEmpty()) {
      builder.environment().merge("SPARK_SUBMIT_OPTS",
          flags + " \"-Dspark.executor.extraJavaOptions=" + flags + "\"",
          (theirs, ours) -> theirs + " " + ours);
      builder.environment().put("DAEMON_JAVA_OPTS", flags);
    }
    builder.environment().putAll(env);
    try {
      return new ChildProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  /**
   * Runs {@code scripts/spark-submit} with {@code arguments} until it succeeds (5 minutes at
   * most), prints the last {@code tailLines} lines of its output under {@code label}, and returns
   * the whole output.
   *
   * @throws AssertionError if it fails or times out, with the end of its log
   */
  public static String sparkSubmit(List<String> arguments, Path log, String label,
      int tailLines) {
    try (ChildProcess submit = start("scripts/spark-submit", arguments, Map.of(), log)) {
      submit.requireSuccess(Duration.ofMinutes(5));
      System.out.println(label + ":\n" + submit.logTail(tailLines));
      return submit.output();
    }
  }

  /**
   * The number the first group of {@code regex} captures at its first match in {@code output}.
   *
   * @throws AssertionError if nothing matches, with the output
   */
  public static double firstNumber(String output, String regex) {
    Matcher m = Pattern.compile(regex).matcher(output);
    if (!m.find()) {
      throw new AssertionError("no match for /" + regex + "/ in the output:\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  /**
   * Waits for the process to end.
   *
   * @return its exit status
   * @throws AssertionError if it is still running after {@code timeout} (it is then stopped),
   *     with the end of its log
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new AssertionError(name + " did not finish within " + timeout + "; the end of its"
            + " log:\n" + logTail(60));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new AssertionError("interrupted while waiting for " + name, e);
    }
  }

  /**
   * Waits for the process and requires exit status 0.
   *
   * @throws AssertionError otherwise, with the end of its log
   */
  public void requireSuccess(Duration timeout) {
    int status = waitFor(timeout);
    if (status != 0) {
      throw new AssertionError(name + " exited with status " + status + "; the end of its log:\n"
          + logTail(60));
    }
  }

  /** The process's output so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code lines} lines of the output. */
  public String logTail(int lines) {
    List<String> all = Arrays.asList(output().split("\n"));
    return all.subList(Math.max(0, all.size() - lines), all.size()).stream()
        .collect(Collectors.joining("\n"));
  }

  /** The process's PID. */
  public long pid() {
    return process.pid();
  }

  /** Whether it is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Stops the process and its descendants, if still running. */
  @Override
  public void close() {
    stop(process.toHandle());
  }

  /**
   * Stops {@code handle} and the processes it started: SIGTERM to all, SIGKILL to those still
   * alive after 10 seconds.
   */
  static void stop(ProcessHandle handle) {
    // collected first: once the parent is gone its children are no longer its descendants
    List<ProcessHandle> all = new ArrayList<>();
    handle.descendants().forEach(all::add);
    all.add(handle);
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (ProcessHandle p : all) {
      while (p.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
