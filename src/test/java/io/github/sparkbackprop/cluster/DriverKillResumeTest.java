package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.examples.FashionMnist;
import io.github.sparkbackprop.examples.FashionMnistClassification;
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault checkpoints exist for: the driver dies. The Fashion-MNIST example is submitted with
 * {@code scripts/spark-submit} to a standalone cluster (a Master and two one-core Workers) with a
 * {@code --checkpoint-dir}; once a checkpoint is complete, the driver JVM is killed with
 * SIGKILL ({@code kill -9}: no shutdown hook, no cleanup). The same command submitted again
 * resumes from the checkpoint and ends with exactly the weights of an uninterrupted training
 * (run in the test JVM on {@code local[2]}: partition sums are combined in double-double, so the
 * cluster and {@code local[2]} agree to the bit). Every process started is stopped in any case.
 */
@Tag("cluster")
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class DriverKillResumeTest {

  private static final String EPOCHS = "12";
  private static final String INTERVAL = "2";

  @TempDir
  Path tmp;

  private static FashionMnistClassification.Options options(Path dataDir) {
    return new FashionMnistClassification.Options().dataDir(dataDir).trainLimit(2000)
        .testLimit(100).hiddenLayers(32).maxIter(Integer.parseInt(EPOCHS)).batchSize(500)
        .partitions(2);
  }

  private List<String> submitCommand(String masterUrl, Path dataDir, Path checkpoints,
      Path model) {
    return List.of("bash", ChildProcess.basedir().resolve("scripts/spark-submit").toString(),
        "--master", masterUrl,
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=512m",
        "--class", FashionMnistClassification.class.getName(),
        "--jars", System.getProperty("sparkbackprop.libraryJar"),
        System.getProperty("sparkbackprop.examplesJar"),
        "--data-dir", dataDir.toString(),
        "--limit", "2000", "--test-limit", "100", "--hidden", "32", "--max-iter", EPOCHS,
        "--batch-size", "500", "--partitions", "2",
        "--checkpoint-dir", checkpoints.toString(), "--checkpoint-interval", INTERVAL,
        "--model-out", model.toString());
  }

  /** The complete checkpoints in {@code dir}: folders under their final name with a manifest. */
  private static List<String> completeCheckpoints(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("checkpoint-")
              && Files.exists(p.resolve("manifest.txt")))
          .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      return List.of(); // the writer renamed or pruned a folder while we listed: look again
    }
  }

  @Test
  void aDriverKilledMidTrainingResumesOnTheNextSubmissionWithTheSameWeights()
      throws Exception {
    Path dataDir = Paths.get(FashionMnist.DEFAULT_DATA_DIR);
    assertTrue(Files.isReadable(FashionMnist.Part.TRAIN.imagesFile(dataDir)),
        "Fashion-MNIST is not installed in " + dataDir
            + ": run 'apt-get install dataset-fashion-mnist' (.ci/run does)");
    Path checkpoints = tmp.resolve("checkpoints");
    Path model = tmp.resolve("model");
    try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2, 1)) {
      List<String> command = submitCommand(cluster.masterUrl(), dataDir, checkpoints, model);

      List<String> seenBeforeKill;
      try (ChildProcess first = ChildProcess.start("first submission", command, Map.of(),
          tmp.resolve("first.log"))) {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while ((seenBeforeKill = completeCheckpoints(checkpoints)).isEmpty()) {
          assertTrue(first.isAlive(), "the first submission ended before any checkpoint:\n"
              + first.logTail(40));
          assertTrue(System.nanoTime() < deadline, "no checkpoint after 4 minutes:\n"
              + first.logTail(40));
          Thread.sleep(100);
        }
        // scripts/spark-submit execs the driver: the process is the driver JVM itself
        ProcessHandle driver = ProcessHandle.of(first.pid()).orElseThrow();
        assertTrue(driver.info().command().orElse("").endsWith("java"),
            "not the driver JVM: " + driver.info());
        driver.destroyForcibly(); // SIGKILL
        assertEquals(137, first.waitFor(Duration.ofSeconds(30)), "exit status after SIGKILL");
        System.out.println("DriverKillResumeTest: driver killed after " + seenBeforeKill);
      }
      assertFalse(Files.exists(model), "the first submission saved a model: killed too late");
      List<String> left = completeCheckpoints(checkpoints);
      assertFalse(left.isEmpty(), "no checkpoint survived the kill");
      int newest = Integer.parseInt(left.get(left.size() - 1).substring("checkpoint-".length()));
      assertTrue(newest < Integer.parseInt(EPOCHS), "the kill came after the last epoch");

      String log = ChildProcess.sparkSubmit(command, tmp.resolve("second.log"),
          "DriverKillResumeTest second submission", 12);
      int resumedFrom = (int) ChildProcess.firstNumber(log,
          "Resumed from the checkpoint after iteration (\\d+)");
      assertEquals(newest, resumedFrom, "resumed from another checkpoint than the newest");
      assertFalse(Files.exists(checkpoints), "a finished training keeps no checkpoints");

      double[] uninterrupted = FashionMnistClassification.run(TestSpark.session(),
          options(dataDir)).model().weights().toArray();
      double[] resumed = NeuralNetworkClassificationModel.load(model.toString()).weights()
          .toArray();
      assertArrayEquals(uninterrupted, resumed,
          "the resumed training's weights differ from an uninterrupted one's");
      System.out.println("DriverKillResumeTest: resumed from " + resumedFrom + " of " + EPOCHS
          + " epochs; " + resumed.length + " weights identical to the uninterrupted run");
    }
  }
}
