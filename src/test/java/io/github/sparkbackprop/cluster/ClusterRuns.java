package io.github.sparkbackprop.cluster;

import io.github.sparkbackprop.ml.TestSpark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.SparkSession;

/** Runs {@link ClusterTraining} in the test JVM or in a {@link TrainingDriver} JVM. */
final class ClusterRuns {

  private ClusterRuns() {}

  /** The reference: {@code spec} trained on the test JVM's {@code local[2]} session. */
  static double[] trainLocally(ClusterTraining.Spec spec) {
    SparkSession spark = TestSpark.session();
    return ClusterTraining.train(spec, ClusterTraining.data(spark, spec, null, false))
        .weights().toArray();
  }

  /** The outcome of a driver JVM: its report, and the weights of each of its trainings. */
  static final class DriverRun {
    final Properties report;
    final Path out;

    DriverRun(Properties report, Path out) {
      this.report = report;
      this.out = out;
    }

    double[] weights(String solver) {
      return ClusterTraining.readWeights(out.resolve("weights-" + solver + ".bin"));
    }

    int intValue(String key) {
      String value = report.getProperty(key);
      if (value == null) {
        throw new AssertionError("the driver's report has no " + key + ": " + report);
      }
      return Integer.parseInt(value);
    }
  }

  /**
   * Runs a {@link TrainingDriver} JVM to completion (stopped in any case when this returns).
   *
   * @param out a fresh folder for the weights, the report and the log
   * @param driverArgs the driver's arguments besides the spec's and {@code --out}
   */
  static DriverRun runDriver(ClusterTraining.Spec spec, Path out, List<String> driverArgs) {
    List<String> args = new ArrayList<>(spec.toArgs());
    args.add("--out");
    args.add(out.toString());
    args.addAll(driverArgs);
    List<String> command = ChildProcess.javaCommand(TrainingDriver.class.getName(),
        List.of("-Xmx768m"), args);
    try (ChildProcess driver = ChildProcess.start("TrainingDriver", command, Map.of(),
        out.resolve("driver.log"))) {
      driver.requireSuccess(Duration.ofMinutes(5));
      return new DriverRun(TrainingDriver.readReport(out), out);
    }
  }

  /** {@code spark.executor.extraClassPath} for executors of a driver outside spark-submit. */
  static String executorClassPath() {
    Path target = ChildProcess.buildDir();
    return target.resolve("classes") + ":" + target.resolve("test-classes");
  }
}
