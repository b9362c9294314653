package io.github.sparkbackprop.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's closing table: one row per contender, its figures from every part of the run
 * side by side. A part that did not run leaves its columns as "-".
 */
final class SummaryTable {

  /** A contender and the names its measurements carry in each section. */
  private static final class Contender {
    final String label;
    final String gradient;
    final String curve;
    final String transform;
    final String steps;

    Contender(String label, String gradient, String curve, String transform, String steps) {
      this.label = label;
      this.gradient = gradient;
      this.curve = curve;
      this.transform = transform;
      this.steps = steps;
    }
  }

  private static final String NONE = "-";

  private static final String FAST = ", batches of 2048";

  private static final List<Contender> CONTENDERS = List.of(
      new Contender("spark-backprop double barrier", "spark-backprop double",
          "spark-backprop adam double barrier", "spark-backprop double",
          "spark-backprop adam double" + FAST + ", barrier"),
      new Contender("spark-backprop double perStep", NONE,
          "spark-backprop adam double perStep", NONE, "spark-backprop adam double" + FAST),
      new Contender("spark-backprop float barrier", "spark-backprop float",
          "spark-backprop adam float barrier", "spark-backprop float",
          "spark-backprop adam float" + FAST + ", barrier"),
      new Contender("spark-backprop float perStep", NONE,
          "spark-backprop adam float perStep", NONE, "spark-backprop adam float" + FAST),
      new Contender("spark-backprop dbl local=4", NONE,
          "spark-backprop adam double, localSteps=4", NONE,
          "spark-backprop adam double" + FAST + ", localSteps=4"),
      new Contender("spark-backprop dbl local=10", NONE,
          "spark-backprop adam double, localSteps=10", NONE, NONE),
      new Contender("spark-backprop float local=4", NONE,
          "spark-backprop adam float, localSteps=4", NONE,
          "spark-backprop adam float" + FAST + ", localSteps=4"),
      new Contender("spark-backprop defaults", NONE, "spark-backprop adam, all defaults", NONE,
          NONE),
      new Contender("spark-backprop defaults perStep", NONE,
          "spark-backprop adam, all defaults, perStep", NONE, NONE),
      new Contender("Spark MultilayerPerceptron", "Spark MultilayerPerceptronClassifier",
          "Spark MLP l-bfgs", "Spark MLP", "Spark MultilayerPerceptronClassifier gd"),
      new Contender("PyTorch classic recipe", NONE, "PyTorch classic recipe", NONE, NONE),
      new Contender("PyTorch fast recipe", NONE, "PyTorch fast recipe", NONE, NONE));

  private SummaryTable() {}

  /** The table as lines of text, to print. */
  static List<String> lines(List<Measurement> results, String blas) {
    List<String> out = new ArrayList<>();
    out.add("Summary: Fashion-MNIST 784-256-128-10, local[2], BLAS " + blas);
    String format = "%-32s %10s %8s %8s %8s %9s %9s %9s %9s %12s";
    out.add(String.format(Locale.ROOT, format, "", "s/gradient", "GFLOP/s", "of peak",
        "ms/step", "to 85%", "to 88%", "to 89%", "best acc.", "transform/s"));
    for (Contender c : CONTENDERS) {
      out.add(String.format(Locale.ROOT, format, c.label,
          number(find(results, "full-batch gradient", c.gradient, "seconds"), "%.3f"),
          number(find(results, "full-batch gradient", c.gradient, "effectiveGflops"), "%.1f"),
          percent(find(results, "full-batch gradient", c.gradient, "shareOfGemmPeak")),
          number(find(results, "per-step costs, ms", c.steps, "sparkCostPerStep"), "%.1f"),
          seconds(find(results, "time to accuracy", c.curve, "secondsTo85")),
          seconds(find(results, "time to accuracy", c.curve, "secondsTo88")),
          seconds(find(results, "time to accuracy", c.curve, "secondsTo89")),
          percent(find(results, "time to accuracy", c.curve, "bestAccuracy")),
          number(find(results, "transform", c.transform, "rowsPerSecond"), "%,.0f")));
    }
    out.add("(GFLOP/s: 6 x parameters x rows / seconds; of peak: the flops a gradient needs per"
        + " second, as a share of the GEMM peak; ms/step: Spark's cost per mini-batch step,"
        + " or per gradient job for Spark's perceptron, beyond the slowest task's arithmetic"
        + " (with local=k, a job's cost shared by the steps of its round; barrier: an epoch's"
        + " time per step less the per-step run's arithmetic); local=k: localSteps=k;"
        + " to 85%/88%/89%: training seconds to that test accuracy, - if never reached)");
    return out;
  }

  private static Double find(List<Measurement> results, String section, String name,
      String key) {
    for (Measurement m : results) {
      if (m.section.equals(section) && m.name.equals(name) && m.values.get(key) != null) {
        return ((Number) m.values.get(key)).doubleValue();
      }
    }
    return null;
  }

  private static String number(Double v, String format) {
    return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, format, v);
  }

  private static String percent(Double v) {
    return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static String seconds(Double v) {
    return v == null || !Double.isFinite(v) ? "-" : String.format(Locale.ROOT, "%.1f s", v);
  }
}
