package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a real standalone cluster: a Master and two Workers of one core each, started by
 * {@code scripts/cluster} on loopback, so that the two executors are JVMs of their own and the
 * driver (a {@link TrainingDriver} JVM) talks to them over the network. One cluster serves the
 * class; {@link #stopCluster()} stops it, also when a test fails, and checks that
 * {@code scripts/cluster stop} alone stopped every JVM it started.
 *
 * <p>Every run trains {@link ClusterTraining}'s problem (4 fixed partitions, same seed) and
 * must give exactly the weights of the test JVM's {@code local[2]} run: partition sums are
 * combined in double-double, so neither the executors nor the order in which their results
 * arrive may change a bit.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {

  @TempDir
  static Path tmp;

  private static StandaloneCluster cluster;
  private static double[] reference;
  private static final ClusterTraining.Spec SPEC = new ClusterTraining.Spec();

  @BeforeAll
  static void startCluster() {
    cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, 1);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      List<ProcessHandle> daemons = cluster.daemons();
      cluster.close();
      for (ProcessHandle daemon : daemons) {
        assertFalse(daemon.isAlive(), "cluster JVM " + daemon.pid() + " survived close()");
      }
      assertEquals(List.of(), cluster.leftAliveByStopScript(),
          "scripts/cluster stop left these cluster JVMs running; it said:\n"
              + cluster.stopScriptOutput());
    }
  }

  private static synchronized double[] reference() {
    if (reference == null) {
      reference = ClusterRuns.trainLocally(SPEC);
    }
    return reference;
  }

  private static List<String> clusterArgs(String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--master", cluster.masterUrl(),
        "--executors", "2",
        "--conf", "spark.executor.memory=512m",
        "--conf", "spark.executor.extraClassPath=" + ClusterRuns.executorClassPath()));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void twoWorkerClusterTrainsTheModelOfLocal2() throws Exception {
    ClusterTraining.Spec adam = new ClusterTraining.Spec().solver("adam").maxIter(2);
    double[] adamReference = ClusterRuns.trainLocally(adam);

    Path out = Files.createDirectories(tmp.resolve("same-model"));
    ClusterRuns.DriverRun run = ClusterRuns.runDriver(SPEC, out,
        clusterArgs("--runs", "l-bfgs:" + SPEC.maxIter + ",adam:2"));

    assertEquals(2, run.intValue("executorsAtStart"), "executors: " + run.report);
    assertEquals(SPEC.maxIter, run.intValue("l-bfgs.iterations"));
    assertArrayEquals(reference(), run.weights("l-bfgs"),
        "l-bfgs weights on the standalone cluster differ from local[2]");
    assertArrayEquals(adamReference, run.weights("adam"),
        "adam weights on the standalone cluster differ from local[2]");
    assertEquals(0, run.intValue("failedTasks"), "no task should fail: " + run.report);
  }

  @Test
  void executorKilledMidTrainingStillGivesTheSameModel() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("kill"));
    ClusterRuns.DriverRun run = ClusterRuns.runDriver(SPEC, out, clusterArgs(
        "--fault", "kill-executor",
        "--fault-iteration", "3",
        "--cluster-dir", cluster.dir().toString()));

    System.out.println("StandaloneClusterTest kill run: " + run.report);
    assertEquals("true", run.report.getProperty("struck"), "no executor was killed");
    long pid = Long.parseLong(run.report.getProperty("killedPid"));
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "the killed executor " + pid + " is alive");
    assertTrue(run.intValue("executorsRemoved") >= 1,
        "the driver never saw the executor go: " + run.report);
    // the kill landed while training still had work to do
    assertTrue(run.intValue("trainingJobsAfterFault") >= 1, "training ended before the kill");
    // the killed executor's cached blocks were recomputed from the lineage
    assertTrue(run.intValue("partitionsComputed") > ClusterTraining.PARTITIONS,
        "no partition was recomputed: " + run.report);
    assertEquals(SPEC.maxIter, run.intValue("l-bfgs.iterations"));
    assertArrayEquals(reference(), run.weights("l-bfgs"),
        "weights after losing an executor differ from the fault-free run");
  }

  /**
   * A barrier epoch whose executor is killed ({@code kill -9}) while its task runs: Spark fails
   * the stage, kills the other task (which was waiting on its lost peer), and, once the Worker
   * has started a new executor so that both partitions have a slot again, runs the whole epoch
   * again from the driver's state at its start; the model equals the uninterrupted one.
   */
  @Test
  void executorKilledInABarrierEpochStillGivesTheSameModel() throws Exception {
    // two partitions: one for each one-core executor, so that the epochs run as barrier stages
    ClusterTraining.Spec spec = new ClusterTraining.Spec().solver("adam").maxIter(4)
        .batchSize(1024).partitions(2);
    double[] uninterrupted = ClusterRuns.trainLocally(spec.executionMode("perStep"));
    Path out = Files.createDirectories(tmp.resolve("kill-barrier"));
    ClusterRuns.DriverRun run = ClusterRuns.runDriver(spec, out, clusterArgs(
        "--runs", "adam:4:barrier",
        "--fault", "kill-executor",
        "--fault-iteration", "2",
        "--cluster-dir", cluster.dir().toString()));

    System.out.println("StandaloneClusterTest barrier kill run: " + run.report);
    assertEquals("true", run.report.getProperty("struck"), "no executor was killed");
    assertEquals("barrier", run.report.getProperty("adam-barrier.executionMode"));
    assertTrue(run.intValue("executorsRemoved") >= 1,
        "the driver never saw the executor go: " + run.report);
    assertTrue(run.intValue("failedTrainingTasks") >= 1, "no task of an epoch failed: "
        + run.report);
    assertEquals(4, run.intValue("adam-barrier.iterations"));
    assertArrayEquals(uninterrupted, run.weights("adam-barrier"),
        "weights after losing an executor in a barrier epoch differ from the fault-free run");
  }

  /**
   * The user's way onto a cluster: {@code scripts/spark-submit --master spark://...} with the
   * library jar shipped by {@code --jars} (executors fetch it from the driver; no class path is
   * set up for them) and the pipeline example's main class from the examples jar.
   */
  @Test
  void pipelineExampleRunsThroughSparkSubmitOnTheCluster() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("submit"));
    Path model = out.resolve("best-model");
    List<String> command = List.of("bash",
        ChildProcess.basedir().resolve("scripts/spark-submit").toString(),
        "--master", cluster.masterUrl(),
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=512m",
        "--class", "io.github.sparkbackprop.examples.CustomerChurnPipeline",
        "--jars", System.getProperty("sparkbackprop.libraryJar"),
        System.getProperty("sparkbackprop.examplesJar"),
        // one grid point, 2 folds: the test is the submission to the cluster, not the tuning
        "--hidden-grid", "4",
        "--reg-grid", "0.01",
        "--folds", "2",
        "--max-iter", "10",
        "--output", model.toString());
    String log = ChildProcess.sparkSubmit(command, out.resolve("spark-submit.log"),
        "StandaloneClusterTest spark-submit", 3);
    assertTrue(log.contains("Best PipelineModel saved to " + model), log);
    assertTrue(log.contains("Best: hidden layers [4], regParam 0.01"), log);
    double auc = ChildProcess.firstNumber(log, "Test AUC ([0-9.]+)");
    assertTrue(auc > 0.75, "test AUC " + auc);
    assertTrue(Files.exists(model.resolve("stages")), "no pipeline saved at " + model);
  }
}
