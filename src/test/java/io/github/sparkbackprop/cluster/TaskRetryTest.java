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
 * Tasks that fail on their first attempt and succeed on the retry ({@code local[2,3]}: 3
 * attempts per task) leave the model unchanged: a retried task must not add its partition's
 * sums twice, nor lose them. The driver runs in a JVM of its own, since the test JVM's session
 * is {@code local[2]} and stays so.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TaskRetryTest {

  @Test
  void tasksFailingTheirFirstAttemptGiveTheSameModel(@TempDir Path tmp) {
    ClusterTraining.Spec spec = new ClusterTraining.Spec().rows(20_000);
    double[] reference = ClusterRuns.trainLocally(spec);

    ClusterRuns.DriverRun run = ClusterRuns.runDriver(spec, tmp, List.of(
        "--master", "local[2,3]",
        "--fault", "first-attempt",
        "--fault-iteration", "3"));

    System.out.println("TaskRetryTest: " + run.report);
    assertEquals("true", run.report.getProperty("struck"), "the cache was never dropped");
    // the first job's 4 tasks, and the recomputing tasks of every later training job
    assertTrue(run.intValue("failedTasks") >= ClusterTraining.PARTITIONS + 1,
        "too few failed tasks: " + run.report);
    assertTrue(run.intValue("failedTrainingTasks") >= ClusterTraining.PARTITIONS,
        "no training task failed: " + run.report);
    assertTrue(run.report.getProperty("failures").contains("injected fault"), run.report::toString);
    assertEquals(spec.maxIter, run.intValue("l-bfgs.iterations"));
    assertArrayEquals(reference, run.weights("l-bfgs"),
        "weights with retried tasks differ from the fault-free run");
  }

  @Test
  void miniBatchTrainingWithRetriedTasksGivesTheSameModel(@TempDir Path tmp) {
    // 5 steps per epoch; from epoch 2 on every step's tasks recompute their blocks and fail once
    ClusterTraining.Spec spec = new ClusterTraining.Spec().rows(20_000).solver("adam")
        .maxIter(3);
    double[] reference = ClusterRuns.trainLocally(spec);

    ClusterRuns.DriverRun run = ClusterRuns.runDriver(spec, tmp, List.of(
        "--master", "local[2,3]",
        "--runs", "adam:3",
        "--fault", "first-attempt",
        "--fault-iteration", "2"));

    System.out.println("TaskRetryTest (adam): " + run.report);
    assertEquals("true", run.report.getProperty("struck"), "the cache was never dropped");
    assertTrue(run.intValue("failedTrainingTasks") >= ClusterTraining.PARTITIONS,
        "no training task failed: " + run.report);
    assertEquals(3, run.intValue("adam.iterations"));
    assertArrayEquals(reference, run.weights("adam"),
        "adam weights with retried tasks differ from the fault-free run");
  }
}
