package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training interrupted after checkpoint k and fitted again with the same params and
 * {@code checkpointDir} ends bit for bit where the uninterrupted training ends: same weights,
 * same histories, same stopping point, for every solver and for the state each one carries
 * (L-BFGS memory, Adam moments, momentum, schedule position, early stopping's best weights and
 * patience). The interruption is a crash simulated right after a checkpoint (or between its
 * files), through {@link CheckpointStore#faults}; the resuming fit is a plain {@code fit}.
 */
@Tag("slow")
class CheckpointResumeTest {

  @TempDir
  Path tmp;

  /** What the simulated crash throws: nothing in the library catches it. */
  static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash(String where) {
      super("simulated crash " + where);
    }
  }

  @AfterEach
  void noFaults() {
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
  }

  private static Dataset<Row> blobs() {
    return TestData.blobs(600, 4, 3, 11);
  }

  private static Dataset<Row> blobsWithValidation() {
    return TestData.blobs(600, 4, 3, 11).withColumn("holdOut", functions.rand(3).lt(0.25));
  }

  private static void crashAfterCheckpoint(int iteration) {
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterCheckpoint(int k) {
        if (k == iteration) {
          throw new SimulatedCrash("after checkpoint " + k);
        }
      }
    };
  }

  private static void crashWhileWriting(int iteration) {
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterStateFile(int k) {
        if (k == iteration) {
          throw new SimulatedCrash("between the files of checkpoint " + k);
        }
      }
    };
  }

  /** Runs {@code nn} with a crash armed, which must strike; then disarms it. */
  private static void interruptedFit(NeuralNetworkClassifier nn, Dataset<Row> data) {
    assertThrows(SimulatedCrash.class, () -> nn.fit(data));
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc"))
          .sorted().collect(Collectors.toList());
    }
  }

  private static void assertSameTraining(NeuralNetworkClassificationModel expected,
      NeuralNetworkClassificationModel actual) {
    assertArrayEquals(expected.weights().toArray(), actual.weights().toArray(), "weights");
    NeuralNetworkTrainingSummary e = expected.summary();
    NeuralNetworkTrainingSummary a = actual.summary();
    assertArrayEquals(e.objectiveHistory(), a.objectiveHistory(), "objective history");
    assertArrayEquals(e.validationHistory(), a.validationHistory(), "validation history");
    assertArrayEquals(e.learningRateHistory(), a.learningRateHistory(), "learning rates");
    assertEquals(e.iterationSeconds().length, a.iterationSeconds().length, "timed iterations");
    assertEquals(e.bestIteration(), a.bestIteration(), "best iteration");
    assertEquals(e.stopReason(), a.stopReason(), "stop reason");
  }

  /**
   * Trains {@code nn} uninterrupted (no checkpoints), then with checkpoints every
   * {@code interval}, crashing after checkpoint {@code crashAfter}, then once more: the last fit
   * must resume from {@code crashAfter} and match the first.
   */
  private void checkExactResume(NeuralNetworkClassifier nn, Dataset<Row> data, int interval,
      int crashAfter) throws IOException {
    NeuralNetworkClassificationModel uninterrupted = nn.fit(data);
    assertFalse(uninterrupted.summary().resumed());
    assertEquals(-1, uninterrupted.summary().resumedFrom());
    assertTrue(uninterrupted.summary().totalIterations() > crashAfter,
        "the reference stopped after " + uninterrupted.summary().totalIterations());

    Path dir = tmp.resolve("checkpoints");
    nn.setCheckpointDir(dir.toString()).setCheckpointInterval(interval);
    crashAfterCheckpoint(crashAfter);
    interruptedFit(nn, data);
    assertEquals(List.of(String.format("checkpoint-%08d", crashAfter - interval),
        String.format("checkpoint-%08d", crashAfter)), entries(dir),
        "the last two checkpoints are kept");

    NeuralNetworkClassificationModel resumed = nn.fit(data);
    assertTrue(resumed.summary().resumed());
    assertEquals(crashAfter, resumed.summary().resumedFrom());
    assertSameTraining(uninterrupted, resumed);
    assertFalse(Files.exists(dir), "a successful training removes its checkpoints");
  }

  @Test
  void lbfgsResumesExactly() throws IOException {
    checkExactResume(new NeuralNetworkClassifier().setHiddenLayers(new int[] {6})
        .setMaxIter(14).setTol(0).setSeed(5), blobs(), 3, 9);
  }

  @Test
  void lbfgsWithEarlyStoppingOnAValidationColumnResumesExactly() throws IOException {
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setHiddenLayers(new int[] {12})
        .setMaxIter(60).setTol(0).setSeed(5).setValidationIndicatorCol("holdOut")
        .setEarlyStoppingPatience(3).setValidationTol(0.01);
    Dataset<Row> data = blobsWithValidation();
    NeuralNetworkTrainingSummary reference = nn.fit(data).summary();
    System.out.println("l-bfgs with validation: " + reference.stopReason());
    assertTrue(reference.stopReason().startsWith("validation loss did not improve"),
        reference.stopReason());
    int crashAfter = reference.totalIterations() - 2;
    assertTrue(reference.bestIteration() < crashAfter, "best " + reference.bestIteration());
    checkExactResume(nn, data, 1, crashAfter);
  }

  @Test
  void adamResumesExactly() throws IOException {
    checkExactResume(new NeuralNetworkClassifier().setSolver("adam")
        .setHiddenLayers(new int[] {8}).setBatchSize(64).setStepSize(0.01).setMaxIter(7)
        .setTol(0).setSeed(6), blobs(), 2, 4);
  }

  @Test
  void adamWithDropoutResumesExactly() throws IOException {
    // the masks of the steps after the resume are those the uninterrupted fit drew
    checkExactResume(new NeuralNetworkClassifier().setSolver("adam").setDropout(0.4)
        .setHiddenLayers(new int[] {8}).setBatchSize(64).setStepSize(0.01).setMaxIter(7)
        .setTol(0).setSeed(6), blobs(), 2, 4);
  }

  @Test
  void adamWithLocalStepsResumesExactly() throws IOException {
    // the averaged weights and moments are the state; the partitioning (3) is kept
    Dataset<Row> partitioned = blobs().repartition(3).cache();
    try {
      checkExactResume(new NeuralNetworkClassifier().setSolver("adam").setLocalSteps(3)
          .setHiddenLayers(new int[] {8}).setBatchSize(64).setStepSize(0.01).setMaxIter(7)
          .setTol(0).setSeed(6), partitioned, 2, 4);
    } finally {
      partitioned.unpersist();
    }
  }

  @Test
  void aCheckpointWithLocalStepsResumesOnlyOnTheSamePartitioning() {
    Dataset<Row> three = blobs().repartition(3).cache();
    try {
      NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setSolver("adam")
          .setLocalSteps(3).setHiddenLayers(new int[] {8}).setBatchSize(64).setStepSize(0.01)
          .setMaxIter(4).setTol(0).setSeed(6)
          .setCheckpointDir(tmp.resolve("checkpoints").toString()).setCheckpointInterval(1);
      crashAfterCheckpoint(2);
      interruptedFit(nn, three);
      // the same rows in 2 partitions would train another model: refused, naming why
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> nn.fit(three.coalesce(2)));
      assertTrue(e.getMessage().contains("partitions were 3, are 2"), e.getMessage());
      assertTrue(nn.fit(three).summary().resumed(), "the same partitioning resumes");
    } finally {
      three.unpersist();
    }
  }

  @Test
  void aCheckpointWrittenInOneExecutionModeResumesExactlyInTheOther() throws IOException {
    // two partitions: a barrier stage has a task slot for each on local[2]
    Dataset<Row> data = blobsWithValidation().repartition(2).cache();
    try {
      NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setSolver("adam")
          .setHiddenLayers(new int[] {8}).setBatchSize(64).setStepSize(0.01).setMaxIter(7)
          .setTol(0).setSeed(6).setValidationIndicatorCol("holdOut");
      for (String[] modes : new String[][] {{"barrier", "perStep"}, {"perStep", "barrier"}}) {
        nn.clear(nn.checkpointDir());
        NeuralNetworkClassificationModel uninterrupted = nn.setExecutionMode(modes[1]).fit(data);
        Path dir = tmp.resolve("checkpoints-" + modes[0]);
        nn.setCheckpointDir(dir.toString()).setCheckpointInterval(2);
        crashAfterCheckpoint(4);
        interruptedFit(nn.setExecutionMode(modes[0]), data);
        NeuralNetworkClassificationModel resumed = nn.setExecutionMode(modes[1]).fit(data);
        assertEquals(4, resumed.summary().resumedFrom(), modes[0] + " then " + modes[1]);
        assertEquals(modes[1], resumed.summary().executionMode());
        assertSameTraining(uninterrupted, resumed);
      }
    } finally {
      data.unpersist();
    }
  }

  @Test
  void gdWithNesterovMomentumResumesExactly() throws IOException {
    checkExactResume(new NeuralNetworkClassifier().setSolver("gd").setMomentum(0.9)
        .setNesterov(true).setHiddenLayers(new int[] {8}).setBatchSize(100).setStepSize(0.02)
        .setMaxIter(6).setTol(0).setSeed(7).setRegParam(0.01).setElasticNetParam(0.5),
        blobs(), 2, 4);
  }

  @Test
  void adamWithWarmupAndCosineScheduleResumesExactly() throws IOException {
    checkExactResume(new NeuralNetworkClassifier().setSolver("adamw")
        .setHiddenLayers(new int[] {8}).setBatchSize(50).setStepSize(0.02).setMaxIter(6)
        .setWarmupSteps(7).setLearningRateSchedule("cosine").setMinLearningRate(1e-3)
        .setRegParam(0.01).setTol(0).setSeed(8), blobs(), 1, 3);
  }

  @Test
  void earlyStoppingOnAValidationColumnResumesExactly() throws IOException {
    // a large rate overfits quickly: the best epoch comes before the crash, the stop after it
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setSolver("adam")
        .setHiddenLayers(new int[] {32}).setBatchSize(64).setStepSize(0.05).setMaxIter(40)
        .setSeed(9).setValidationIndicatorCol("holdOut").setEarlyStoppingPatience(3)
        .setValidationTol(0.02);
    Dataset<Row> data = blobsWithValidation();
    NeuralNetworkTrainingSummary reference = nn.fit(data).summary();
    System.out.println("adam with validation: " + reference.stopReason());
    assertTrue(reference.stopReason().startsWith("validation loss did not improve"),
        reference.stopReason());
    // the crash comes after the best epoch and before the stop: both the best weights and
    // the patience used up must survive it
    int crashAfter = reference.totalIterations() - 1;
    assertTrue(reference.bestIteration() < crashAfter, "best " + reference.bestIteration());
    checkExactResume(nn, data, 1, crashAfter);
  }
}
