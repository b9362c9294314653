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
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can go wrong with a checkpoint folder, and what a fit then does: a checkpoint whose
 * writer died between its files is never loaded; a damaged or incomplete one is skipped with a
 * warning for the one before; another training's checkpoints are an error naming what differs;
 * a folder that cannot hold checkpoints fails the fit before training; nothing half-written or
 * empty is left behind.
 */
class CheckpointFaultsTest {

  private static final int MAX_ITER = 12;
  private static final int INTERVAL = 3;

  @TempDir
  Path tmp;

  private static Dataset<Row> data;
  private static double[] uninterrupted;

  @BeforeAll
  static void reference() {
    data = TestData.blobs(400, 3, 3, 17);
    uninterrupted = classifier().fit(data).weights().toArray();
  }

  @AfterEach
  void noFaults() {
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
  }

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier().setHiddenLayers(new int[] {5}).setMaxIter(MAX_ITER)
        .setTol(0).setSeed(3);
  }

  private NeuralNetworkClassifier checkpointed(Path dir) {
    return classifier().setCheckpointDir(dir.toString()).setCheckpointInterval(INTERVAL);
  }

  /** Fits with a crash after checkpoint {@code k}, leaving checkpoints k - 3 and k. */
  private void crashAfterCheckpoint(Path dir, int k) {
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterCheckpoint(int iteration) {
        if (iteration == k) {
          throw new CheckpointResumeTest.SimulatedCrash("after checkpoint " + iteration);
        }
      }
    };
    assertThrows(CheckpointResumeTest.SimulatedCrash.class, () -> checkpointed(dir).fit(data));
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc"))
          .sorted().collect(Collectors.toList());
    }
  }

  private static String name(int iteration) {
    return String.format("checkpoint-%08d", iteration);
  }

  /** Fits again and requires a resume from {@code expected}, with the uninterrupted weights. */
  private NeuralNetworkTrainingSummary resumeAndCheck(Path dir, int expected) {
    NeuralNetworkClassificationModel model = checkpointed(dir).fit(data);
    assertEquals(expected, model.summary().resumedFrom());
    assertArrayEquals(uninterrupted, model.weights().toArray());
    assertFalse(Files.exists(dir));
    return model.summary();
  }

  @Test
  void aCheckpointInterruptedWhileBeingWrittenIsNeverLoaded() throws IOException {
    Path dir = tmp.resolve("torn");
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterStateFile(int iteration) {
        if (iteration == 6) {
          throw new CheckpointResumeTest.SimulatedCrash("between the files of " + iteration);
        }
      }
    };
    assertThrows(CheckpointResumeTest.SimulatedCrash.class, () -> checkpointed(dir).fit(data));
    CheckpointStore.faults = CheckpointStore.Faults.NONE;
    // what the dead writer left: checkpoint 3, and 6 half-written under a hidden name
    List<String> left = entries(dir);
    assertEquals(2, left.size(), left.toString());
    assertEquals(name(3), left.get(1));
    assertTrue(left.get(0).startsWith("." + name(6) + ".writing-"), left.toString());
    try (Stream<Path> files = Files.list(dir.resolve(left.get(0)))) {
      assertEquals(List.of(CheckpointStore.STATE_FILE), files.map(p -> p.getFileName()
          .toString()).filter(n -> !n.endsWith(".crc")).collect(Collectors.toList()));
    }
    try (LogCapture warnings = new LogCapture(CheckpointStore.class, Level.WARN)) {
      resumeAndCheck(dir, 3);
      assertTrue(warnings.messages().stream().anyMatch(m -> m.contains("interrupted")),
          warnings.messages().toString());
    }
  }

  @Test
  void aCheckpointWithoutItsManifestIsSkippedWithAWarning() throws IOException {
    // an object store's rename copies file by file: a copy cut short has the final name
    Path dir = tmp.resolve("no-manifest");
    crashAfterCheckpoint(dir, 9);
    Files.delete(dir.resolve(name(9)).resolve(CheckpointStore.MANIFEST_FILE));
    Files.deleteIfExists(dir.resolve(name(9)).resolve("." + CheckpointStore.MANIFEST_FILE
        + ".crc"));
    try (LogCapture warnings = new LogCapture(CheckpointStore.class, Level.WARN)) {
      resumeAndCheck(dir, 6);
      assertTrue(warnings.messages().stream().anyMatch(m -> m.contains(name(9))
          && m.contains("no " + CheckpointStore.MANIFEST_FILE)), warnings.messages().toString());
    }
  }

  @Test
  void aCorruptCheckpointIsSkippedWithAWarningForThePreviousOne() throws IOException {
    Path dir = tmp.resolve("corrupt");
    crashAfterCheckpoint(dir, 9);
    Path state = dir.resolve(name(9)).resolve(CheckpointStore.STATE_FILE);
    byte[] bytes = Files.readAllBytes(state);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(state, bytes);
    // without Hadoop's own sidecar checksum, only the manifest's checksum can tell
    Files.deleteIfExists(dir.resolve(name(9)).resolve("." + CheckpointStore.STATE_FILE
        + ".crc"));
    try (LogCapture warnings = new LogCapture(CheckpointStore.class, Level.WARN)) {
      resumeAndCheck(dir, 6);
      assertTrue(warnings.messages().stream().anyMatch(m -> m.contains(name(9))
          && m.contains("checksum")), warnings.messages().toString());
    }
  }

  @Test
  void aCheckpointOfAnotherTrainingIsAClearError() throws IOException {
    Path dir = tmp.resolve("other");
    crashAfterCheckpoint(dir, 6);
    IllegalArgumentException changedParams = assertThrows(IllegalArgumentException.class,
        () -> checkpointed(dir).setMaxIter(MAX_ITER + 1).setRegParam(0.1).fit(data));
    String message = changedParams.getMessage();
    assertTrue(message.contains("maxIter was 12, is 13"), message);
    assertTrue(message.contains("regParam was 0.0, is 0.1"), message);
    assertTrue(message.contains(dir.toString()) && message.contains("delete")
        && message.contains("another checkpointDir"), message);

    IllegalArgumentException changedData = assertThrows(IllegalArgumentException.class,
        () -> checkpointed(dir).fit(TestData.blobs(399, 3, 3, 17)));
    assertTrue(changedData.getMessage().contains("training rows were 400, are 399"),
        changedData.getMessage());
    IllegalArgumentException wider = assertThrows(IllegalArgumentException.class,
        () -> checkpointed(dir).fit(TestData.blobs(400, 4, 3, 17)));
    assertTrue(wider.getMessage().contains("features was 3, is 4"), wider.getMessage());
    // the error touched nothing: the original training still resumes
    assertEquals(List.of(name(3), name(6)), entries(dir));
    resumeAndCheck(dir, 6);
  }

  @Test
  void successRemovesOnlyTheCheckpointsAndAFolderItEmptied() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("shared"));
    Files.writeString(dir.resolve("notes.txt"), "not ours");
    crashAfterCheckpoint(dir, 6);
    assertEquals(List.of(name(3), name(6), "notes.txt"), entries(dir));
    NeuralNetworkClassificationModel model = checkpointed(dir).fit(data);
    assertEquals(6, model.summary().resumedFrom());
    assertEquals(List.of("notes.txt"), entries(dir));
  }

  @Test
  void aFailedFitLeavesNoEmptyFolderAndACompleteOneWritesNone() {
    Path dir = tmp.resolve("never-used");
    // fails on the data, before any checkpoint: the folder it created goes again
    assertThrows(IllegalArgumentException.class, () -> checkpointed(dir)
        .fit(data.withColumn("label", functions.lit(0.0))));
    assertFalse(Files.exists(dir));
    // a training shorter than the interval writes nothing and leaves nothing
    NeuralNetworkClassificationModel model = checkpointed(dir).setMaxIter(2).fit(data);
    assertFalse(model.summary().resumed());
    assertFalse(Files.exists(dir));
  }

  @Test
  void intervalMinusOneDisablesCheckpoints() {
    Path dir = tmp.resolve("disabled");
    CheckpointStore.faults = new CheckpointStore.Faults() {
      @Override
      public void afterCheckpoint(int iteration) {
        throw new AssertionError("checkpoint " + iteration + " written with interval -1");
      }
    };
    checkpointed(dir).setCheckpointInterval(-1).fit(data);
    assertFalse(Files.exists(dir));
  }

  @Test
  void aFileAsCheckpointDirFailsBeforeTraining() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> checkpointed(file).fit(data));
    assertTrue(e.getMessage().contains("checkpointDir") && e.getMessage().contains(
        file.toString()) && e.getMessage().contains("folder"), e.getMessage());
    assertEquals("x", Files.readString(file));
  }
}
