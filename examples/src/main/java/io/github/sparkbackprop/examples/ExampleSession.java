package io.github.sparkbackprop.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** What the examples' {@code main} methods share: starting a session, resolving paths. */
public final class ExampleSession {

  private ExampleSession() {}

  /**
   * Starts (or joins) a session. The master is {@code master} if not {@code null}, else what
   * {@code spark-submit} set ({@code spark.master}), else {@code local[2]}.
   */
  public static SparkSession start(String appName, String master) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    SparkConf fromSystem = new SparkConf();
    if (master != null) {
      builder.master(master);
    } else if (!fromSystem.contains("spark.master")) {
      builder.master("local[2]");
    }
    // The progress bar would interleave with the examples' own progress lines.
    if (!fromSystem.contains("spark.ui.showConsoleProgress")) {
      builder.config("spark.ui.showConsoleProgress", "false");
    }
    return builder.getOrCreate();
  }

  /**
   * A path for Spark: one with a scheme ({@code hdfs://...}, {@code s3a://...},
   * {@code file:/...}) as given, a local one made absolute against the driver's working folder,
   * so that executors started elsewhere read the same file.
   */
  public static String qualify(String path) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !path.matches("^[a-zA-Z]:[\\\\/].*")) {
      return path;
    }
    return Paths.get(path).toAbsolutePath().normalize().toUri().toString();
  }

  /** Whether a local input file (no scheme, or {@code file:}) is missing. */
  public static boolean missingLocalFile(String path) {
    String qualified = qualify(path);
    return qualified.startsWith("file:") && !Files.exists(Paths.get(URI.create(qualified)));
  }

  /** Writes {@code json} to {@code file}, creating its folder. */
  public static void writeJson(Path file, String json) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the figures to " + file, e);
    }
  }
}
