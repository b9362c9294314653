package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Barrier epochs where the test JVM's {@code local[2]} session cannot show them, in driver JVMs
 * of their own: more partitions than {@code treeAggregate} merges on the driver, and tasks that
 * fail.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BarrierStagesTest {

  /**
   * With 8 partitions the per-step path sums through a {@code treeAggregate} with an
   * intermediate level (its partial sums merged on executors, in the order tasks finish), while
   * a barrier epoch adds the 8 partitions in partition order: both add in double-double, whose
   * rounding to a double does not depend on the order, so the models are still the same.
   */
  @Test
  void withATreeOfPartialSumsTheModelIsStillTheSame(@TempDir Path tmp) {
    ClusterTraining.Spec spec = new ClusterTraining.Spec().rows(16_000).solver("adam")
        .batchSize(1000).partitions(8);
    ClusterRuns.DriverRun run = ClusterRuns.runDriver(spec, tmp, List.of(
        "--master", "local[8]",
        "--runs", "adam:3:perStep,adam:3:barrier,gd:2:perStep,gd:2:barrier"));
    assertEquals("barrier", run.report.getProperty("adam-barrier.executionMode"));
    assertEquals("perStep", run.report.getProperty("adam-perStep.executionMode"));
    assertArrayEquals(run.weights("adam-perStep"), run.weights("adam-barrier"), 0.0, "adam");
    assertArrayEquals(run.weights("gd-perStep"), run.weights("gd-barrier"), 0.0, "gd");
  }

  /**
   * A task of a barrier epoch fails (from epoch 2 on, the cached blocks are dropped and the
   * first attempt of every stage that recomputes them fails): Spark runs the stage again from
   * the same start, and the model equals the uninterrupted one.
   */
  @Test
  void aFailedTaskRunsTheEpochAgainFromItsStart(@TempDir Path tmp) {
    ClusterTraining.Spec spec = new ClusterTraining.Spec().rows(20_000).solver("adam")
        .maxIter(3).partitions(2);
    double[] uninterrupted = ClusterRuns.trainLocally(spec.executionMode("perStep"));
    ClusterRuns.DriverRun run = ClusterRuns.runDriver(spec, tmp, List.of(
        "--master", "local[2,3]",
        "--runs", "adam:3:barrier",
        "--fault", "first-attempt",
        "--fault-iteration", "2"));
    System.out.println("BarrierStagesTest (retry): " + run.report);
    assertEquals("true", run.report.getProperty("struck"), "the cache was never dropped");
    assertEquals("barrier", run.report.getProperty("adam-barrier.executionMode"));
    assertTrue(run.intValue("failedTrainingTasks") >= 1, "no task of an epoch failed: "
        + run.report);
    assertTrue(run.report.getProperty("failures").contains("injected fault"),
        run.report::toString);
    assertEquals(3, run.intValue("adam-barrier.iterations"));
    assertArrayEquals(uninterrupted, run.weights("adam-barrier"),
        "weights with a failed barrier epoch differ from the fault-free run");
  }
}
