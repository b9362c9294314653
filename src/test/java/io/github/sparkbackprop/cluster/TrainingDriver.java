package io.github.sparkbackprop.cluster;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.internal.line.SparkLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * A Spark driver in a JVM of its own, for the cluster tests: trains {@link ClusterTraining}'s
 * problem on the given master, optionally with a fault, and writes the weights and a report
 * for the test JVM to compare.
 *
 * <p>Arguments: the {@link ClusterTraining.Spec} options ({@code --rows}, {@code --hidden}, ...),
 * {@code --master URL}, {@code --out DIR}, {@code --runs l-bfgs:15,adam:2} (the trainings to run
 * one after the other, as solver:maxIter[:executionMode]; each writes {@code weights-SOLVER.bin}
 * (or {@code weights-SOLVER-MODE.bin}) into DIR, and {@code report.properties} sums up: its
 * iterations and the execution mode that ran), {@code --conf key=value} (repeatable),
 * {@code --executors N} (wait for N executors before training),
 * {@code --fault none|first-attempt|kill-executor},
 * {@code --fault-iteration K} (default 3) and {@code --cluster-dir DIR} (for
 * {@code kill-executor}: the folder of {@code scripts/cluster}, with the Workers' PID files).
 *
 * <p>Faults, both struck from a listener once l-bfgs iteration K has started, so that training
 * is under way:
 * <ul>
 *   <li>{@code kill-executor}: {@code kill -9} (SIGKILL) of the executor JVM that runs a task of
 *       that iteration, while the task runs. Its cached training blocks are lost with it and
 *       must be recomputed from the lineage.
 *   <li>{@code first-attempt}: every task that computes a partition of the input fails on its
 *       first attempt ({@code local[2,3]} allows 3). The first job computes and caches the
 *       blocks; at iteration K the driver drops the cached blocks, so that every later training
 *       pass recomputes them from the input, and every one of its tasks fails once.
 * </ul>
 */
public final class TrainingDriver {

  private static final Pattern ITERATION =
      Pattern.compile("spark-backprop: (?:l-bfgs iteration|epochs?) (?:from )?(\\d+)"
          + "(?: to (?:at most )?(\\d+))? of");

  /**
   * A driver JVM of the tests must never linger: the test waits for it with a timeout and kills
   * it, but a forgotten one would also stop by itself here. Started from {@link #main} only: the
   * test JVM loads this class too (for {@code readReport}) and must not be halted by it.
   */
  private static void startWatchdog() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(600_000);
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("TrainingDriver: still running after 10 minutes, exiting");
      Runtime.getRuntime().halt(3);
    }, "training-driver-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private TrainingDriver() {}

  /** See the class comment. */
  public static void main(String[] args) throws Exception {
    startWatchdog();
    ClusterTraining.Spec spec = new ClusterTraining.Spec();
    String master = null;
    Path out = null;
    Map<String, String> conf = new HashMap<>();
    int executors = 0;
    String fault = "none";
    int faultIteration = 3;
    Path clusterDir = null;
    String runs = "l-bfgs:" + spec.maxIter;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].substring(2);
      String value = args[i + 1];
      if (spec.set(name, value)) {
        continue;
      }
      switch (name) {
        case "master": master = value; break;
        case "out": out = Paths.get(value); break;
        case "conf":
          conf.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
          break;
        case "executors": executors = Integer.parseInt(value); break;
        case "fault": fault = value; break;
        case "fault-iteration": faultIteration = Integer.parseInt(value); break;
        case "cluster-dir": clusterDir = Paths.get(value); break;
        case "runs": runs = value; break;
        default: throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (master == null || out == null) {
      throw new IllegalArgumentException("--master and --out are required");
    }

    SparkSession.Builder builder = SparkSession.builder()
        .master(master)
        .appName("spark-backprop cluster test (" + fault + ")")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
    conf.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    Properties report = new Properties();
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      waitForExecutors(jsc, executors);
      report.setProperty("executorsAtStart",
          Integer.toString(spark.sparkContext().statusTracker().getExecutorInfos().length - 1));
      Map<String, Long> pids = fault.equals("kill-executor")
          ? executorPids(clusterDir, spark.sparkContext().applicationId(), executors)
          : Collections.emptyMap();

      LongAccumulator computed = spark.sparkContext().longAccumulator("partitions computed");
      FaultListener listener = new FaultListener(jsc, fault, faultIteration, pids);
      spark.sparkContext().addSparkListener(listener);
      for (String run : runs.split(",")) {
        String[] parts = run.split(":");
        String name = parts.length > 2 ? parts[0] + "-" + parts[2] : parts[0];
        spec.solver(parts[0]).maxIter(Integer.parseInt(parts[1]));
        if (parts.length > 2) {
          spec.executionMode(parts[2]);
        }
        NeuralNetworkClassificationModel model = ClusterTraining.train(spec,
            ClusterTraining.data(spark, spec, computed, fault.equals("first-attempt")));
        ClusterTraining.writeWeights(model.weights().toArray(),
            out.resolve("weights-" + name + ".bin"));
        report.setProperty(name + ".iterations",
            Integer.toString(model.summary().totalIterations()));
        report.setProperty(name + ".executionMode", model.summary().executionMode());
      }
      // let the listener bus deliver the last events before reading the counts
      Thread.sleep(500);
      report.setProperty("partitionsComputed", Long.toString(computed.value()));
      listener.report(report);
    } finally {
      try (OutputStream stream = Files.newOutputStream(out.resolve("report.properties"))) {
        report.store(stream, "TrainingDriver " + String.join(" ", args));
      }
      spark.stop();
    }
  }

  private static void waitForExecutors(JavaSparkContext jsc, int executors)
      throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    // the driver counts as one entry of getExecutorInfos
    while (jsc.sc().statusTracker().getExecutorInfos().length - 1 < executors) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only "
            + (jsc.sc().statusTracker().getExecutorInfos().length - 1) + " of " + executors
            + " executors registered within 120 s");
      }
      Thread.sleep(100);
    }
  }

  /**
   * The PID of each executor of this application: the Workers' child processes (their PIDs are
   * in the cluster folder's {@code worker-N.pid}) whose command line names the application.
   */
  private static Map<String, Long> executorPids(Path clusterDir, String appId, int executors)
      throws IOException, InterruptedException {
    List<Long> workers = new ArrayList<>();
    try (Stream<Path> files = Files.list(clusterDir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith("worker-") && name.endsWith(".pid")) {
          workers.add(Long.parseLong(Files.readString(file).trim()));
        }
      }
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Map<String, Long> pids = new HashMap<>();
      for (long worker : workers) {
        ProcessHandle.of(worker).ifPresent(w -> w.children().forEach(child -> {
          List<String> command = List.of(child.info().arguments().orElse(new String[0]));
          int app = command.indexOf("--app-id");
          int executor = command.indexOf("--executor-id");
          if (app >= 0 && executor >= 0 && appId.equals(command.get(app + 1))) {
            pids.put(command.get(executor + 1), child.pid());
          }
        }));
      }
      if (pids.size() >= executors) {
        return pids;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("found only the executors " + pids + " of " + appId
            + " among the children of the Workers " + workers);
      }
      Thread.sleep(200);
    }
  }

  /** Strikes the fault and counts what happened. */
  private static final class FaultListener extends SparkListener {

    private final JavaSparkContext jsc;
    private final String fault;
    private final int faultIteration;
    private final Map<String, Long> executorPids;
    private final Map<Integer, Integer> stageIteration = new ConcurrentHashMap<>();
    private final AtomicInteger failedTasks = new AtomicInteger();
    private final AtomicInteger failedTrainingTasks = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger trainingJobsAfterFault = new AtomicInteger();
    private final AtomicInteger executorsRemoved = new AtomicInteger();
    private final AtomicLong killedPid = new AtomicLong(-1);
    private volatile boolean struck;
    private volatile String killedExecutor = "";
    private volatile int struckAtIteration = -1;

    FaultListener(JavaSparkContext jsc, String fault, int faultIteration,
        Map<String, Long> executorPids) {
      this.jsc = jsc;
      this.fault = fault;
      this.faultIteration = faultIteration;
      this.executorPids = executorPids;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
      String description = jobStart.properties() == null
          ? null : jobStart.properties().getProperty("spark.job.description");
      Matcher m = description == null ? null : ITERATION.matcher(description);
      if (m == null || !m.find()) {
        return;
      }
      // a barrier stage's span of epochs counts as the last epoch it may run
      int iteration = Integer.parseInt(m.group(m.group(2) != null ? 2 : 1));
      for (Object stage : SparkLine.current().toJava(jobStart.stageIds())) {
        stageIteration.put((Integer) stage, iteration);
      }
      if (struck) {
        trainingJobsAfterFault.incrementAndGet();
      } else if (fault.equals("first-attempt") && iteration >= faultIteration) {
        struck = true;
        struckAtIteration = iteration;
        // From now on every training pass recomputes its blocks from the failing input.
        for (JavaRDD<?> rdd : jsc.getPersistentRDDs().values()) {
          if ("spark-backprop training blocks".equals(rdd.name())) {
            rdd.unpersist(false);
          }
        }
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
      Integer iteration = stageIteration.get(taskStart.stageId());
      if (!fault.equals("kill-executor") || struck || iteration == null
          || iteration < faultIteration) {
        return;
      }
      String executor = taskStart.taskInfo().executorId();
      Long pid = executorPids.get(executor);
      if (pid == null) {
        return;
      }
      struck = true;
      struckAtIteration = iteration;
      killedExecutor = executor;
      killedPid.set(pid);
      // SIGKILL, as kill -9: no shutdown hook, no goodbye to the driver
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (!taskEnd.taskInfo().failed() && !taskEnd.taskInfo().killed()) {
        return;
      }
      failedTasks.incrementAndGet();
      if (stageIteration.containsKey(taskEnd.stageId())) {
        failedTrainingTasks.incrementAndGet();
      }
      if (failures.size() < 5) {
        String reason = taskEnd.reason() instanceof TaskFailedReason
            ? ((TaskFailedReason) taskEnd.reason()).toErrorString()
            : taskEnd.reason().toString();
        // the first line: the exception and its message, without the stack trace
        reason = reason.split("\n", 2)[0];
        failures.add(reason.length() > 200 ? reason.substring(0, 200) + "..." : reason);
      }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
      executorsRemoved.incrementAndGet();
    }

    void report(Properties report) {
      report.setProperty("fault", fault);
      report.setProperty("struck", Boolean.toString(struck));
      report.setProperty("struckAtIteration", Integer.toString(struckAtIteration));
      report.setProperty("killedExecutor", killedExecutor);
      report.setProperty("killedPid", Long.toString(killedPid.get()));
      report.setProperty("trainingJobsAfterFault", Integer.toString(trainingJobsAfterFault.get()));
      report.setProperty("failedTasks", Integer.toString(failedTasks.get()));
      report.setProperty("failedTrainingTasks", Integer.toString(failedTrainingTasks.get()));
      report.setProperty("executorsRemoved", Integer.toString(executorsRemoved.get()));
      report.setProperty("failures", String.join(" | ", failures));
    }
  }


  /** For tests: reads a report written by a driver. */
  static Properties readReport(Path dir) {
    Properties report = new Properties();
    try (var in = Files.newInputStream(dir.resolve("report.properties"))) {
      report.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return report;
  }
}
