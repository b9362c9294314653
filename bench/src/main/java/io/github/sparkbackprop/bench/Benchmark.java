package io.github.sparkbackprop.bench;

import io.github.sparkbackprop.examples.FashionMnist;
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.nn.Blas;
import io.github.sparkbackprop.nn.Topology;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Fashion-MNIST benchmark: this library against Spark's own {@code
 * MultilayerPerceptronClassifier}, side by side on the same cached data and partitions, in one
 * JVM on {@code local[2]}.
 *
 * <p>It measures the GEMM peak of the BLAS in use for the training shapes (the physical limit),
 * seconds per full-batch gradient (for both libraries the difference of two runs of different
 * lengths divided by the extra iterations, interleaved and repeated, the median kept), test
 * accuracy against
 * training wall time (each point a complete training run of that length), and
 * {@code transform} throughput. Figures go to stdout and to {@code results.csv},
 * {@code results.json} and {@code accuracy-vs-time.{csv,png}} in the output folder.
 */
public final class Benchmark {

  private static final int[] LAYERS = {784, 256, 128, 10};
  private static final int[] HIDDEN = {256, 128};
  private static final long SEED = 42;
  /** The batch size of the fast recipe ({@link #fastAdam}). */
  private static final int FAST_BATCH = 2048;
  /** Every part, in the order they run. */
  static final String ALL_PARTS =
      "gemm,gradient,steps,curve,local,batches,defaults,pytorch,transform,attributions";

  private final SparkSession spark;
  private final List<Measurement> results = new ArrayList<>();
  private final boolean quick;
  private final java.util.Set<String> parts;
  /** The {@code --conf} settings, beyond Spark's defaults. */
  private final List<String> settings;
  private Dataset<Row> train;
  private Dataset<Row> test;
  private long trainRows;
  private double doublePeak;
  private double floatPeak;

  /** The Python that runs the PyTorch contender. */
  private final String python;

  private Benchmark(SparkSession spark, boolean quick, java.util.Set<String> parts,
      List<String> settings, String python) {
    this.spark = spark;
    this.python = python;
    this.settings = settings;
    this.quick = quick;
    this.parts = parts;
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code --data-dir DIR} (default the Debian package's folder), {@code --out DIR}
   *     (default {@code target/bench}), {@code --master M} (default {@code local[2]}),
   *     {@code --quick} (fewer and shorter runs, to check the harness), {@code --parts
   *     gemm,gradient,steps,curve,local,defaults,pytorch,transform,attributions} (default all),
   *     {@code --conf
   *     key=value} (a Spark setting for the session both libraries run in; repeatable),
   *     {@code --python PATH} (the Python with {@code torch} for the PyTorch part; default
   *     {@code /usr/bin/python3}, Debian's)
   */
  public static void main(String[] args) throws Exception {
    List<String> confs = new ArrayList<>();
    Map<String, String> options = parse(args, confs);
    Path out = Paths.get(options.getOrDefault("out", "target/bench"));
    Files.createDirectories(out);
    SparkSession.Builder builder = SparkSession.builder()
        .master(options.getOrDefault("master", "local[2]"))
        .appName("spark-backprop benchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2");
    for (String setting : confs) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf needs key=value, got '" + setting + "'");
      }
      builder.config(setting.substring(0, eq), setting.substring(eq + 1));
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // The trainer's one line per epoch would bury the table: keep its warnings only.
    org.apache.logging.log4j.core.config.Configurator.setLevel("io.github.sparkbackprop",
        org.apache.logging.log4j.Level.WARN);
    try {
      java.util.Set<String> parts = new java.util.HashSet<>(Arrays.asList(
          options.getOrDefault("parts", ALL_PARTS).split(",")));
      Benchmark bench = new Benchmark(spark, options.containsKey("quick"), parts, confs,
          options.getOrDefault("python", "/usr/bin/python3"));
      bench.run(Paths.get(options.getOrDefault("data-dir", FashionMnist.DEFAULT_DATA_DIR)), out);
    } finally {
      spark.stop();
    }
  }

  private void run(Path dataDir, Path out) throws Exception {
    environment();
    if (parts.contains("gemm") || parts.contains("gradient")) {
      gemmPeak();
    }
    train = FashionMnist.load(spark, dataDir, FashionMnist.Part.TRAIN, 0, 2).cache();
    test = FashionMnist.load(spark, dataDir, FashionMnist.Part.TEST, 0, 2).cache();
    trainRows = train.count();
    test.count();
    if (parts.contains("gradient")) {
      fullBatchGradient();
    }
    if (parts.contains("steps")) {
      perStepCosts();
    }
    Map<String, List<double[]>> curves =
        parts.contains("curve") ? accuracyCurves() : new LinkedHashMap<>();
    if (parts.contains("local")) {
      curves.putAll(localStepCurves());
    }
    if (parts.contains("batches")) {
      curves.putAll(batchSizes());
    }
    if (parts.contains("defaults")) {
      curves.putAll(defaults());
    }
    if (parts.contains("pytorch")) {
      curves.putAll(new PyTorchContender(python, dataDir, quick).run(this::record));
    }
    if (parts.contains("transform")) {
      transformThroughput();
    }
    if (parts.contains("attributions")) {
      attributions();
    }
    System.out.println();
    SummaryTable.lines(results, Blas.implementationName()).forEach(System.out::println);
    write(out, curves);
  }

  private void environment() {
    Measurement m = new Measurement("environment", "machine")
        .put("date", Instant.now().toString())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.version"))
        .put("spark", spark.version())
        .put("master", spark.sparkContext().master())
        .put("blas", Blas.implementationName())
        .put("nativeBlas", Blas.isNative())
        .put("OPENBLAS_NUM_THREADS", String.valueOf(System.getenv("OPENBLAS_NUM_THREADS")))
        .put("sparkSettings", String.join(" ", settings));
    record(m);
  }

  private void gemmPeak() throws Exception {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    double seconds = quick ? 1 : 4;
    GemmPeak.Result d = GemmPeak.measure(LAYERS, 256, false, threads, seconds);
    GemmPeak.Result f = GemmPeak.measure(LAYERS, 256, true, threads, seconds);
    doublePeak = d.allThreads;
    floatPeak = f.allThreads;
    record(new Measurement("gemm peak", "dgemm, training shapes, 256-row blocks")
        .put("gflopsOneThread", d.singleThread).put("gflopsAllThreads", d.allThreads)
        .put("threads", threads));
    record(new Measurement("gemm peak", "sgemm, training shapes, 256-row blocks")
        .put("gflopsOneThread", f.singleThread).put("gflopsAllThreads", f.allThreads)
        .put("threads", threads));
  }

  /**
   * Seconds per full-batch gradient (one pass forward and backward over all 60,000 rows),
   * measured the same way for every contender, since Spark's perceptron reports no per-iteration
   * times: two full-batch {@code gd} runs of different lengths, each timed whole, their
   * difference divided by the extra iterations (start-up and JIT warm-up cancel out). The
   * contenders' runs are interleaved and repeated and the median kept, so that a noisy moment on
   * a shared machine hits them alike instead of deciding the comparison. For the same reason the
   * GEMM peak is measured again at the start of every round, and the shares are taken of the
   * median of those peaks rather than of one measurement minutes earlier. Spark's timestamps of
   * the last round's long runs show where each pass spends the time its arithmetic does not.
   */
  private void fullBatchGradient() throws Exception {
    int shortRun = quick ? 2 : 10;
    int longRun = quick ? 6 : 30;
    int repeats = quick ? 1 : 3;
    long params = Topology.countParameters(LAYERS);
    double trueFlops = 2.0 * new Topology(LAYERS, io.github.sparkbackprop.nn.Activation.RELU,
        io.github.sparkbackprop.nn.OutputLoss.softmaxCrossEntropy())
        .multiplyAddsPerRowForGradient() * trainRows;
    Map<String, java.util.function.IntFunction<Object>> contenders = new LinkedHashMap<>();
    contenders.put("spark-backprop double", n -> fullBatchGd("double", n).fit(train));
    contenders.put("spark-backprop float", n -> fullBatchGd("float", n).fit(train));
    // Spark's perceptron does the same GEMMs (it too skips the input layer's error signal).
    contenders.put("Spark MultilayerPerceptronClassifier",
        n -> sparkMlp().setSolver("gd").setMaxIter(n).setTol(0).fit(train));
    Map<String, double[]> estimates = new LinkedHashMap<>();
    contenders.keySet().forEach(name -> estimates.put(name, new double[repeats]));
    // Spark's own timestamps of every job and task of the last round's long runs
    JobTimeline timeline = new JobTimeline();
    spark.sparkContext().addSparkListener(timeline);
    Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
    int threads = Runtime.getRuntime().availableProcessors();
    double[] dgemmPeaks = new double[repeats];
    double[] sgemmPeaks = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      dgemmPeaks[r] = GemmPeak.throughput(LAYERS, 256, false, threads, quick ? 0.5 : 2);
      sgemmPeaks[r] = GemmPeak.throughput(LAYERS, 256, true, threads, quick ? 0.5 : 2);
      for (Map.Entry<String, java.util.function.IntFunction<Object>> c : contenders.entrySet()) {
        double tShort = timed(() -> c.getValue().apply(shortRun));
        boolean lastRound = r == repeats - 1;
        if (lastRound) {
          timeline.start();
        }
        double tLong = timed(() -> c.getValue().apply(longRun));
        if (lastRound) {
          timeline.stop();
          costs.put(c.getKey(), timeline.medians());
        }
        estimates.get(c.getKey())[r] = (tLong - tShort) / (longRun - shortRun);
      }
    }
    doublePeak = median(dgemmPeaks);
    floatPeak = median(sgemmPeaks);
    record(new Measurement("gemm peak", "all threads, at the start of each gradient round")
        .put("dgemmGflopsMedian", doublePeak)
        .put("dgemmGflopsMin", Arrays.stream(dgemmPeaks).min().getAsDouble())
        .put("dgemmGflopsMax", Arrays.stream(dgemmPeaks).max().getAsDouble())
        .put("sgemmGflopsMedian", floatPeak)
        .put("sgemmGflopsMin", Arrays.stream(sgemmPeaks).min().getAsDouble())
        .put("sgemmGflopsMax", Arrays.stream(sgemmPeaks).max().getAsDouble()));
    // the same arithmetic without Spark: how much of the gap to the peak is Spark's
    double kernel = KernelThroughput.secondsPerGradient(LAYERS, (int) trainRows, 256, threads);
    record(new Measurement("full-batch gradient", "spark-backprop double, without Spark")
        .put("seconds", kernel)
        .put("effectiveGflops", 6.0 * params * trainRows / kernel / 1e9)
        .put("trueGflops", trueFlops / kernel / 1e9)
        .put("shareOfGemmPeak", trueFlops / kernel / 1e9 / doublePeak));
    spark.sparkContext().removeSparkListener(timeline);
    for (Map.Entry<String, Map<String, Double>> e : costs.entrySet()) {
      Measurement m = new Measurement("per-pass costs, ms", e.getKey());
      e.getValue().forEach(m::put);
      record(m);
    }
    for (Map.Entry<String, double[]> e : estimates.entrySet()) {
      double seconds = median(e.getValue());
      double peak = e.getKey().endsWith("float") ? floatPeak : doublePeak;
      record(new Measurement("full-batch gradient", e.getKey())
          .put("seconds", seconds)
          .put("min", Arrays.stream(e.getValue()).min().getAsDouble())
          .put("max", Arrays.stream(e.getValue()).max().getAsDouble())
          .put("effectiveGflops", 6.0 * params * trainRows / seconds / 1e9)
          .put("trueGflops", trueFlops / seconds / 1e9)
          .put("shareOfGemmPeak", trueFlops / seconds / 1e9 / peak));
    }
  }

  /** Full-batch gradient descent: every iteration is one pass over all rows. */
  private NeuralNetworkClassifier fullBatchGd(String precision, int iterations) {
    return ours().setSolver("gd").setStepSize(0.01).setBatchSize((int) trainRows)
        .setMaxIter(iterations).setTol(0).setPrecision(precision);
  }

  /** Test accuracy against training time; each point is a whole training run. */
  private Map<String, List<double[]>> accuracyCurves() {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    int[] epochs = quick ? new int[] {1, 2} : new int[] {4, 6, 8, 10, 12, 15, 20};
    for (String[] variant : new String[][] {{"float", "barrier"}, {"double", "barrier"},
        {"float", "perStep"}, {"double", "perStep"}}) {
      String precision = variant[0];
      String mode = variant[1];
      String name = "spark-backprop adam " + precision + " " + mode;
      List<double[]> points = new ArrayList<>();
      for (int e : epochs) {
        double[] point = trainAndTest(name, e,
            () -> fastAdam(precision).setExecutionMode(mode).setMaxIter(e));
        points.add(point);
        if (point[1] >= 0.89) {
          break; // past both targets; longer runs only cost time
        }
      }
      curves.put(name, points);
    }
    String mlp = "Spark MLP l-bfgs";
    List<double[]> points = new ArrayList<>();
    for (int iterations : quick ? new int[] {5} : new int[] {25, 50, 100}) {
      points.add(trainAndTest(mlp, iterations,
          () -> sparkMlp().setSolver("l-bfgs").setMaxIter(iterations)));
    }
    curves.put(mlp, points);
    for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
      double best = 0;
      for (double[] p : e.getValue()) {
        best = Math.max(best, p[1]);
      }
      record(new Measurement("time to accuracy", e.getKey())
          .put("secondsTo85", firstReaching(e.getValue(), 0.85))
          .put("secondsTo88", firstReaching(e.getValue(), 0.88))
          .put("secondsTo89", firstReaching(e.getValue(), 0.89))
          .put("bestAccuracy", best));
    }
    return curves;
  }

  /**
   * The fast recipe with {@code localSteps} (parameter averaging): every Spark job a round of
   * that many Adam steps, each partition on its own share of each batch, the weights and moments
   * averaged after it; test accuracy against training time, each point a whole run, to set
   * beside the exact mode's curve.
   */
  private Map<String, List<double[]>> localStepCurves() {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    int[] epochs = quick ? new int[] {1, 2} : new int[] {4, 6, 8, 10, 12, 15, 20};
    String[][] variants = quick ? new String[][] {{"double", "4"}}
        : new String[][] {{"double", "4"}, {"double", "10"}, {"float", "4"}};
    for (String[] variant : variants) {
      String precision = variant[0];
      int localSteps = Integer.parseInt(variant[1]);
      String name = "spark-backprop adam " + precision + ", localSteps=" + localSteps;
      List<double[]> points = new ArrayList<>();
      for (int e : epochs) {
        double[] point = trainAndTest(name, e,
            () -> fastAdam(precision).setLocalSteps(localSteps).setMaxIter(e));
        points.add(point);
        if (point[1] >= 0.89) {
          break; // past both targets; longer runs only cost time
        }
      }
      curves.put(name, points);
      double best = 0;
      for (double[] p : points) {
        best = Math.max(best, p[1]);
      }
      record(new Measurement("time to accuracy", name)
          .put("secondsTo85", firstReaching(points, 0.85))
          .put("secondsTo88", firstReaching(points, 0.88))
          .put("secondsTo89", firstReaching(points, 0.89))
          .put("bestAccuracy", best));
    }
    return curves;
  }

  /**
   * How the batch size the defaults would choose plays out, for re-deriving that choice: {@code
   * adam} with only {@code batchSize} and {@code maxIter} set (the rule chooses the rate, the
   * warm-up, the cosine decay and its floor for that batch), each point a whole run, in the
   * default execution mode; test accuracy against training time, time to 85%, 88% and 89%.
   */
  private Map<String, List<double[]>> batchSizes() {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    int[] batches = quick ? new int[] {512} : new int[] {256, 512, 1024, 2048};
    int[] epochs = quick ? new int[] {1} : new int[] {5, 10, 15, 20};
    for (String precision : new String[] {"float", "double"}) {
      for (int batch : batches) {
        String name = "spark-backprop adam " + precision + ", batches of " + batch
            + ", the rule's rate";
        List<double[]> points = new ArrayList<>();
        for (int e : epochs) {
          points.add(trainAndTest(name, e, () -> ours().setSolver("adam").setBatchSize(batch)
              .setPrecision(precision).setMaxIter(e)));
        }
        curves.put(name, points);
        double best = 0;
        for (double[] p : points) {
          best = Math.max(best, p[1]);
        }
        record(new Measurement("time to accuracy", name)
            .put("secondsTo85", firstReaching(points, 0.85))
            .put("secondsTo88", firstReaching(points, 0.88))
            .put("secondsTo89", firstReaching(points, 0.89))
            .put("bestAccuracy", best));
      }
    }
    return curves;
  }

  /**
   * What a user gets who sets nothing but the layers and the solver: {@code adam} with every
   * other param at its default, one whole training run (it chooses its own batch size, rate,
   * schedule and length; the summary says what it chose).
   */
  private Map<String, List<double[]>> defaults() {
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    curves.putAll(defaults(null));
    curves.putAll(defaults("perStep"));
    return curves;
  }

  /** {@link #defaults()} in {@code mode}, or with every param at its default ({@code null}). */
  private Map<String, List<double[]>> defaults(String mode) {
    String name = "spark-backprop adam, all defaults" + (mode == null ? "" : ", " + mode);
    NeuralNetworkClassifier classifier = new NeuralNetworkClassifier().setHiddenLayers(HIDDEN)
        .setSolver("adam");
    if (mode != null) {
      classifier.setExecutionMode(mode);
    }
    if (quick) {
      classifier.setMaxIter(2);
    }
    long start = System.nanoTime();
    NeuralNetworkClassificationModel model = classifier.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    io.github.sparkbackprop.ml.NeuralNetworkTrainingSummary summary = model.summary();
    record(new Measurement("accuracy curve", name).put("iterations", summary.totalIterations())
        .put("trainingSeconds", seconds).put("testAccuracy", accuracy)
        .put("batchSize", summary.batchSize()).put("stepSize", summary.stepSize())
        .put("precision", model.getPrecision())
        .put("executionMode", summary.executionMode())
        .put("stopReason", summary.stopReason()));
    List<double[]> points = List.of(new double[] {seconds, accuracy});
    record(new Measurement("time to accuracy", name)
        .put("secondsTo85", firstReaching(points, 0.85))
        .put("secondsTo88", firstReaching(points, 0.88))
        .put("secondsTo89", firstReaching(points, 0.89))
        .put("bestAccuracy", accuracy));
    Map<String, List<double[]>> curves = new LinkedHashMap<>();
    curves.put(name, points);
    return curves;
  }

  /**
   * Spark's cost per mini-batch step: everything a step takes beyond its slowest task's
   * arithmetic (the driver between jobs, the job's set-up, shipping the task and its result),
   * from Spark's own timestamps of every job of a short fast-recipe run; and the same for Spark's
   * perceptron, per gradient job of its {@code gd}, in the same run.
   */
  private void perStepCosts() {
    Map<String, Supplier<Object>> runs = new LinkedHashMap<>();
    // with localSteps, one job is a round of up to that many steps (a round ends with its
    // epoch), whose cost its steps share
    Map<String, Double> stepsPerJob = new LinkedHashMap<>();
    long stepsPerEpoch = (trainRows + FAST_BATCH - 1) / FAST_BATCH;
    int epochs = quick ? 1 : 3;
    for (int localSteps : new int[] {1, 4}) {
      for (String precision : new String[] {"double", "float"}) {
        String name = "spark-backprop adam " + precision + ", batches of " + FAST_BATCH
            + (localSteps > 1 ? ", localSteps=" + localSteps : "");
        runs.put(name, () -> fastAdam(precision).setLocalSteps(localSteps)
            .setExecutionMode("perStep").setMaxIter(epochs).fit(train));
        long roundsPerEpoch = (stepsPerEpoch + localSteps - 1) / localSteps;
        stepsPerJob.put(name, (double) stepsPerEpoch / roundsPerEpoch);
      }
    }
    runs.put("Spark MultilayerPerceptronClassifier gd",
        () -> sparkMlp().setSolver("gd").setMaxIter(quick ? 5 : 20).setTol(0).fit(train));
    JobTimeline timeline = new JobTimeline();
    spark.sparkContext().addSparkListener(timeline);
    Map<String, Double> arithmeticPerStep = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Supplier<Object>> run : runs.entrySet()) {
        run.getValue().get(); // warms up the JIT and Spark's code paths
        timeline.start();
        run.getValue().get();
        timeline.stop();
        Map<String, Double> medians = timeline.medians();
        Measurement m = new Measurement("per-step costs, ms", run.getKey());
        medians.forEach(m::put);
        double perJob = stepsPerJob.getOrDefault(run.getKey(), 1.0);
        double costPerJob =
            medians.get("gapBeforeJob") + medians.get("job") - medians.get("slowestTaskRun");
        arithmeticPerStep.put(run.getKey(), medians.get("slowestTaskRun") / perJob);
        m.put("stepsPerJob", perJob);
        m.put("sparkCostPerJob", costPerJob);
        m.put("sparkCostPerStep", costPerJob / perJob);
        record(m);
      }
    } finally {
      spark.sparkContext().removeSparkListener(timeline);
    }
    barrierStepCosts(stepsPerEpoch, arithmeticPerStep);
  }

  /**
   * Spark's cost per step in barrier stages: an epoch's time (the difference of a 1-epoch and a
   * {@code 1 + k}-epoch run, divided by {@code k}: start-up and the first epoch's stage cancel
   * out, the other {@code k} epochs being one span, one stage) per step, less the same step's
   * arithmetic, as the slowest task of the per-step run took it (the
   * same batches, the same partition sums). What remains is the exchange between the tasks and
   * the update rule that every task applies, where the per-step path pays a job.
   */
  private void barrierStepCosts(long stepsPerEpoch, Map<String, Double> arithmeticPerStep) {
    int extraEpochs = quick ? 1 : 3;
    for (int localSteps : new int[] {1, 4}) {
      for (String precision : new String[] {"double", "float"}) {
        String perStep = "spark-backprop adam " + precision + ", batches of " + FAST_BATCH
            + (localSteps > 1 ? ", localSteps=" + localSteps : "");
        java.util.function.IntFunction<Object> fit = epochs -> fastAdam(precision)
            .setLocalSteps(localSteps).setExecutionMode("barrier").setMaxIter(epochs)
            .fit(train);
        fit.apply(1); // warms up
        double[] perEpoch = new double[quick ? 1 : 3];
        for (int r = 0; r < perEpoch.length; r++) {
          double one = timed(() -> fit.apply(1));
          double more = timed(() -> fit.apply(1 + extraEpochs));
          perEpoch[r] = (more - one) / extraEpochs;
        }
        double stepMs = 1000 * median(perEpoch) / stepsPerEpoch;
        double arithmetic = arithmeticPerStep.get(perStep);
        record(new Measurement("per-step costs, ms", perStep + ", barrier")
            .put("epochSeconds", median(perEpoch))
            .put("stepsPerEpoch", stepsPerEpoch)
            .put("stepMs", stepMs)
            .put("arithmeticPerStepFromPerStepRun", arithmetic)
            .put("sparkCostPerStep", stepMs - arithmetic));
      }
    }
  }

  private double[] trainAndTest(String name, int iterations,
      Supplier<? extends org.apache.spark.ml.Estimator<?>> estimator) {
    long start = System.nanoTime();
    PredictionModel<?, ?> model = (PredictionModel<?, ?>) estimator.get().fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(test));
    record(new Measurement("accuracy curve", name).put("iterations", iterations)
        .put("trainingSeconds", seconds).put("testAccuracy", accuracy));
    return new double[] {seconds, accuracy};
  }

  private void transformThroughput() {
    NeuralNetworkClassificationModel ours = ours().setMaxIter(1).fit(train);
    NeuralNetworkClassificationModel oursFloat = ours().setMaxIter(1).setPrecision("float")
        .fit(train);
    MultilayerPerceptronClassificationModel theirs = sparkMlp().setMaxIter(1).fit(train);
    long rows = test.count();
    Map<String, Supplier<Dataset<Row>>> models = new LinkedHashMap<>();
    models.put("spark-backprop double", () -> ours.transform(test));
    models.put("spark-backprop float", () -> oursFloat.transform(test));
    models.put("Spark MLP", () -> theirs.transform(test));
    // what Spark alone costs to read and write the same rows: the floor under every model
    models.put("no model (the input rows alone)", () -> test.toDF());
    int repeats = quick ? 3 : 9;
    Map<String, double[]> times = new LinkedHashMap<>();
    models.keySet().forEach(name -> times.put(name, new double[repeats]));
    // interleaved, so that a noisy moment on a shared machine hits every model alike
    for (int i = 0; i < repeats; i++) {
      for (Map.Entry<String, Supplier<Dataset<Row>>> e : models.entrySet()) {
        // "noop" computes every output column of every row and writes nothing
        times.get(e.getKey())[i] = timed(() -> {
          e.getValue().get().write().format("noop").mode("overwrite").save();
          return null;
        });
      }
    }
    for (Map.Entry<String, double[]> e : times.entrySet()) {
      // the first round warms up the JIT and Spark's code generation
      double seconds = median(Arrays.copyOfRange(e.getValue(), 1, repeats));
      record(new Measurement("transform", e.getKey()).put("rows", rows)
          .put("seconds", seconds).put("rowsPerSecond", rows / seconds));
    }
  }

  /**
   * Attributions ({@code attributionCol}) on a trained 784-256-128-10 network: the completeness
   * error against the number of steps (how far the attributions' sum is from the explained raw
   * score at the row minus at the baseline, the training means, relative to the latter), then
   * rows per second of {@code transform} with the attribution column (at the default steps, in
   * double and float) against plain {@code transform}, interleaved like {@link
   * #transformThroughput}.
   */
  private void attributions() {
    NeuralNetworkClassificationModel model = fastAdam("double").setMaxIter(quick ? 1 : 10)
        .fit(train);
    double[] means = ((org.apache.spark.ml.linalg.Vector) train.select(
        org.apache.spark.ml.stat.Summarizer.mean(org.apache.spark.sql.functions.col("features")))
        .first().get(0)).toArray();
    double[] rawAtMeans = model.predictRaw(
        org.apache.spark.ml.linalg.Vectors.dense(means)).toArray();
    Dataset<Row> sample = test.limit(quick ? 50 : 300).cache();
    long sampleRows = sample.count();
    int[] stepCounts = quick ? new int[] {1, 4, 16, 50}
        : new int[] {1, 2, 4, 8, 16, 32, 50, 64, 128, 256};
    for (String precision : new String[] {"double", "float"}) {
      for (int steps : precision.equals("float") ? new int[] {50} : stepCounts) {
        List<Row> rows = withAttributions(model, steps, precision).transform(sample)
            .select("rawPrediction", "prediction", "attributions").collectAsList();
        double error = 0;
        double size = 0;
        double worst = 0;
        for (Row row : rows) {
          int c = (int) row.getDouble(1);
          double difference = ((org.apache.spark.ml.linalg.Vector) row.get(0)).apply(c)
              - rawAtMeans[c];
          double sum = Arrays.stream(((org.apache.spark.ml.linalg.Vector) row.get(2))
              .toArray()).sum();
          error += Math.abs(sum - difference);
          size += Math.abs(difference);
          worst = Math.max(worst, Math.abs(sum - difference) / Math.abs(difference));
        }
        record(new Measurement("attribution error", "steps " + steps + ", " + precision)
            .put("rows", sampleRows).put("meanAbsError", error / rows.size())
            .put("meanAbsOutputDifference", size / rows.size())
            .put("relativeError", error / size).put("worstRowRelativeError", worst));
      }
    }
    Dataset<Row> rows = test.limit(quick ? 500 : 5000).cache();
    long count = rows.count();
    Map<String, Supplier<Dataset<Row>>> runs = new LinkedHashMap<>();
    runs.put("transform, double", () -> model.transform(rows));
    runs.put("transform, float", () -> withAttributions(model, 50, "float")
        .setAttributionCol("").transform(rows));
    runs.put("transform + attributions (50 steps), double",
        () -> withAttributions(model, 50, "double").transform(rows));
    runs.put("transform + attributions (50 steps), float",
        () -> withAttributions(model, 50, "float").transform(rows));
    int repeats = quick ? 2 : 5;
    Map<String, double[]> times = new LinkedHashMap<>();
    runs.keySet().forEach(name -> times.put(name, new double[repeats]));
    for (int i = 0; i < repeats; i++) {
      for (Map.Entry<String, Supplier<Dataset<Row>>> e : runs.entrySet()) {
        times.get(e.getKey())[i] = timed(() -> {
          e.getValue().get().write().format("noop").mode("overwrite").save();
          return null;
        });
      }
    }
    for (Map.Entry<String, double[]> e : times.entrySet()) {
      // the first round warms up the JIT
      double seconds = median(Arrays.copyOfRange(e.getValue(), 1, repeats));
      record(new Measurement("attributions", e.getKey()).put("rows", count)
          .put("seconds", seconds).put("rowsPerSecond", count / seconds));
    }
  }

  /** A copy of {@code model} with an attribution column of {@code steps} in {@code precision}. */
  private static NeuralNetworkClassificationModel withAttributions(
      NeuralNetworkClassificationModel model, int steps, String precision) {
    return model.copy(new org.apache.spark.ml.param.ParamMap()
        .put(model.precision().w(precision))).setAttributionCol("attributions")
        .setAttributionSteps(steps);
  }

  /** The configuration that reaches 88% fastest that we found; see docs/benchmark.md. */
  private static NeuralNetworkClassifier fastAdam(String precision) {
    return ours().setSolver("adam").setBatchSize(FAST_BATCH).setStepSize(0.008)
        .setWarmupSteps(30).setLearningRateSchedule("cosine").setMinLearningRate(0.0001)
        .setPrecision(precision);
  }

  private static NeuralNetworkClassifier ours() {
    return new NeuralNetworkClassifier().setHiddenLayers(HIDDEN).setActivation("relu")
        .setSeed(SEED);
  }

  private static MultilayerPerceptronClassifier sparkMlp() {
    return new MultilayerPerceptronClassifier().setLayers(LAYERS).setSeed(SEED);
  }

  private static double firstReaching(List<double[]> points, double target) {
    for (double[] p : points) {
      if (p[1] >= target) {
        return p[0];
      }
    }
    return Double.NaN;
  }

  private static double timed(Supplier<?> work) {
    long start = System.nanoTime();
    work.get();
    return (System.nanoTime() - start) / 1e9;
  }

  /** The median of {@code values}; the mean of the middle two for an even count. */
  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private void record(Measurement m) {
    results.add(m);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s %-40s",
        m.section, m.name));
    for (Map.Entry<String, Object> e : m.values.entrySet()) {
      line.append(' ').append(e.getKey()).append('=').append(Measurement.format(e.getValue()));
    }
    System.out.println(line);
    System.out.flush();
  }

  private void write(Path out, Map<String, List<double[]>> curves) throws IOException {
    try (PrintWriter json = new PrintWriter(out.resolve("results.json").toFile(),
        StandardCharsets.UTF_8)) {
      json.println("[");
      for (int i = 0; i < results.size(); i++) {
        json.println("  " + results.get(i).toJson() + (i + 1 < results.size() ? "," : ""));
      }
      json.println("]");
    }
    try (PrintWriter csv = new PrintWriter(out.resolve("results.csv").toFile(),
        StandardCharsets.UTF_8)) {
      csv.println("section,name,key,value");
      for (Measurement m : results) {
        for (Map.Entry<String, Object> e : m.values.entrySet()) {
          csv.println(m.section + ",\"" + m.name + "\"," + e.getKey() + ","
              + Measurement.format(e.getValue()));
        }
      }
    }
    try (PrintWriter csv = new PrintWriter(out.resolve("accuracy-vs-time.csv").toFile(),
        StandardCharsets.UTF_8)) {
      csv.println("system,trainingSeconds,testAccuracy");
      for (Map.Entry<String, List<double[]>> e : curves.entrySet()) {
        for (double[] p : e.getValue()) {
          csv.printf(Locale.ROOT, "\"%s\",%.3f,%.4f%n", e.getKey(), p[0], p[1]);
        }
      }
    }
    if (curves.isEmpty()) {
      return;
    }
    File png = out.resolve("accuracy-vs-time.png").toFile();
    AccuracyPlot.write(png, "Fashion-MNIST 784-256-128-10: test accuracy vs training time",
        curves, new double[] {0.85, 0.88});
    System.out.println("Figures written to " + out.toAbsolutePath());
  }

  private static Map<String, String> parse(String[] args, List<String> confs) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + args[i] + "'");
      }
      String key = args[i].substring(2);
      if (key.equals("quick")) {
        options.put(key, "true");
      } else if (key.equals("conf") && i + 1 < args.length) {
        confs.add(args[++i]);
      } else if (i + 1 < args.length) {
        options.put(key, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + key + " needs a value");
      }
    }
    return options;
  }
}
