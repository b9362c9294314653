package io.github.sparkbackprop.ml.internal.checkpoint;

import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one training in a folder of any Hadoop file system.
 *
 * <p>Layout: {@code checkpoint-00000010/} holds {@code state.bin} (the {@link TrainingCheckpoint})
 * and {@code manifest.txt} (format, iteration, the state's length and CRC32C checksum, and the
 * {@link TrainingFingerprint}). A checkpoint is written into a hidden
 * {@code .checkpoint-00000010.writing-UUID/} folder, state first and manifest last, then renamed
 * into place; a checkpoint counts only under its final name, with a manifest whose length and
 * checksum match the state. So a writer killed at any moment leaves at worst a hidden folder
 * (removed by the next fit) or, on object stores whose renames copy file by file, a folder
 * without a valid manifest, which is skipped with a warning for the one before. The newest
 * {@link #KEEP} checkpoints are kept.
 */
public final class CheckpointStore {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  static final String PREFIX = "checkpoint-";
  /** A checkpoint's state file. */
  public static final String STATE_FILE = "state.bin";
  /** A checkpoint's manifest, written last. */
  public static final String MANIFEST_FILE = "manifest.txt";
  /** Checkpoints kept: the newest, and one more in case the newest turns out damaged. */
  static final int KEEP = 2;

  private static final String FORMAT = "spark-backprop checkpoint 1";
  private static final String FINGERPRINT = "fingerprint.";
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  /**
   * A seam for tests to stop a training the way a crash would: between the files of a
   * checkpoint, or just after a checkpoint is complete. Never set outside tests.
   */
  public interface Faults {
    Faults NONE = new Faults() { };

    /** Called once the state file of a checkpoint is written, before its manifest. */
    default void afterStateFile(int iteration) { }

    /** Called once a checkpoint is complete and in place. */
    default void afterCheckpoint(int iteration) { }
  }

  /** The faults tests inject; {@link Faults#NONE} otherwise. */
  public static volatile Faults faults = Faults.NONE;

  private final FileSystem fs;
  private final Path dir;

  private CheckpointStore(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
  }

  /**
   * Opens (creating if needed) the folder {@code dir} and removes what a writer that died left
   * half-written there.
   *
   * @throws IllegalArgumentException naming the folder if it cannot be used
   */
  public static CheckpointStore open(String dir, Configuration hadoopConf) {
    try {
      Path path = new Path(dir);
      FileSystem fs = path.getFileSystem(hadoopConf);
      path = fs.makeQualified(path);
      if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
        throw new IllegalArgumentException("checkpointDir '" + dir + "' is a file; set"
            + " checkpointDir to a folder (it is created if missing)");
      }
      if (!fs.mkdirs(path)) {
        throw new IOException("mkdirs returned false");
      }
      CheckpointStore store = new CheckpointStore(fs, path);
      store.removeUnfinished();
      return store;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException && e.getMessage() != null
          && e.getMessage().startsWith("checkpointDir")) {
        throw (IllegalArgumentException) e;
      }
      throw new IllegalArgumentException("checkpointDir '" + dir + "' cannot be used ("
          + SparkErrors.describe(e) + "); set checkpointDir to a folder training may write"
          + " to, or unset it to train without checkpoints", e);
    }
  }

  /** The folder, fully qualified. */
  public Path dir() {
    return dir;
  }

  /**
   * The newest complete checkpoint, skipping (with a warning) any that is damaged or incomplete.
   *
   * @throws IllegalArgumentException if the newest complete one belongs to a different training,
   *     naming what differs and how to start over
   */
  Optional<TrainingCheckpoint> latest(TrainingFingerprint expected) {
    for (Path candidate : checkpoints(true)) {
      Map<String, String> manifest;
      byte[] state;
      try {
        manifest = readManifest(candidate);
        state = readVerifiedState(candidate, manifest);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Skipping checkpoint {}: {}; trying the one before", candidate,
            SparkErrors.describe(e));
        continue;
      }
      TrainingFingerprint saved = fingerprint(manifest);
      String differences = expected.differencesFrom(saved);
      if (!differences.isEmpty()) {
        throw new IllegalArgumentException("checkpointDir '" + dir + "' holds a checkpoint of"
            + " a different training (" + candidate.getName() + "): " + differences + ". A"
            + " checkpoint resumes only the training that wrote it: to resume it, fit with the"
            + " params and data it was written with; to start over, delete " + dir
            + " (or its checkpoint-* folders) or set another checkpointDir");
      }
      try {
        TrainingCheckpoint checkpoint = TrainingCheckpoint.readFrom(
            new DataInputStream(new ByteArrayInputStream(state)));
        LOG.info("Resuming from checkpoint {} (iteration {}, written {})", candidate,
            checkpoint.iteration(), manifest.get("written"));
        return Optional.of(checkpoint);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Skipping checkpoint {}: its state cannot be read ({}); trying the one before",
            candidate, SparkErrors.describe(e));
      }
    }
    return Optional.empty();
  }

  /**
   * Writes a checkpoint atomically and prunes older ones. A failure to write is logged and
   * training goes on: the previous checkpoint stays valid.
   */
  public void save(TrainingCheckpoint checkpoint, TrainingFingerprint fingerprint) {
    int iteration = checkpoint.iteration();
    String name = String.format("%s%08d", PREFIX, iteration);
    Path staging = new Path(dir, "." + name + ".writing-" + UUID.randomUUID());
    Path target = new Path(dir, name);
    long start = System.nanoTime();
    try {
      if (!fs.mkdirs(staging)) {
        throw new IOException("cannot create " + staging);
      }
      CRC32C crc = new CRC32C();
      Path stateFile = new Path(staging, STATE_FILE);
      try (OutputStream file = fs.create(stateFile, false);
          CheckedOutputStream checked = new CheckedOutputStream(file, crc);
          DataOutputStream out = new DataOutputStream(
              new BufferedOutputStream(checked, 1 << 16))) {
        checkpoint.writeTo(out);
      }
      long bytes = fs.getFileStatus(stateFile).getLen();
      faults.afterStateFile(iteration);
      writeManifest(new Path(staging, MANIFEST_FILE), iteration, bytes, crc.getValue(),
          fingerprint);
      if (fs.exists(target)) {
        // a damaged checkpoint of the same iteration, skipped when this run resumed
        fs.delete(target, true);
      }
      if (!fs.rename(staging, target)) {
        throw new IOException("cannot rename " + staging + " to " + target);
      }
      prune();
      LOG.info("Checkpoint of iteration {} written to {} ({} bytes, {} s)", iteration, target,
          bytes, String.format(java.util.Locale.ROOT, "%.3f",
              (System.nanoTime() - start) / 1e9));
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not write the checkpoint of iteration {} to {} ({}); training goes on,"
          + " and the previous checkpoint stays the one to resume from", iteration, dir,
          SparkErrors.describe(e));
      deleteQuietly(staging);
      return;
    }
    faults.afterCheckpoint(iteration);
  }

  /**
   * Removes this training's checkpoints and unfinished writes, and the folder itself if that
   * leaves it empty; anything else in the folder is left alone.
   */
  public void removeAll() {
    try {
      for (FileStatus entry : fs.listStatus(dir)) {
        if (isOurs(entry.getPath().getName())) {
          fs.delete(entry.getPath(), true);
        }
      }
      if (fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      LOG.warn("Could not remove the checkpoints in {} ({}); delete them before training"
          + " again with other params", dir, SparkErrors.describe(e));
    }
  }

  /**
   * After a failed training: removes the folder if this training left nothing in it (it was
   * created for checkpoints that never came), so that no empty checkpoint folder is left behind.
   */
  public void removeFolderIfEmpty() {
    try {
      if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
        fs.delete(dir, false);
      }
    } catch (IOException e) {
      LOG.warn("Could not remove the empty folder {} ({})", dir, SparkErrors.describe(e));
    }
  }

  /** Complete-looking checkpoint folders, by iteration, newest first if {@code newestFirst}. */
  private List<Path> checkpoints(boolean newestFirst) {
    List<Path> found = new ArrayList<>();
    try {
      for (FileStatus entry : fs.listStatus(dir)) {
        if (entry.isDirectory() && NAME.matcher(entry.getPath().getName()).matches()) {
          found.add(entry.getPath());
        }
      }
    } catch (FileNotFoundException e) {
      return found;
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpointDir '" + dir + "' cannot be listed ("
          + SparkErrors.describe(e) + ")", e);
    }
    Comparator<Path> byIteration = Comparator.comparingLong(CheckpointStore::iterationOf);
    found.sort(newestFirst ? byIteration.reversed() : byIteration);
    return found;
  }

  private static long iterationOf(Path checkpoint) {
    Matcher m = NAME.matcher(checkpoint.getName());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static boolean isOurs(String name) {
    return NAME.matcher(name).matches()
        || (name.startsWith("." + PREFIX) && name.contains(".writing-"));
  }

  private void prune() throws IOException {
    List<Path> all = checkpoints(true);
    for (int i = KEEP; i < all.size(); i++) {
      fs.delete(all.get(i), true);
    }
  }

  /** Removes the hidden folders of checkpoints whose writer died before finishing them. */
  private void removeUnfinished() throws IOException {
    for (FileStatus entry : fs.listStatus(dir)) {
      String name = entry.getPath().getName();
      if (name.startsWith("." + PREFIX) && name.contains(".writing-")) {
        LOG.warn("Removing {}, a checkpoint whose writing was interrupted", entry.getPath());
        fs.delete(entry.getPath(), true);
      }
    }
  }

  private void writeManifest(Path file, int iteration, long bytes, long crc,
      TrainingFingerprint fingerprint) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("format=").append(FORMAT).append('\n');
    text.append("iteration=").append(iteration).append('\n');
    text.append("written=").append(Instant.now()).append('\n');
    text.append("state.bytes=").append(bytes).append('\n');
    text.append("state.crc32c=").append(Long.toHexString(crc)).append('\n');
    for (Map.Entry<String, String> e : fingerprint.values().entrySet()) {
      text.append(FINGERPRINT).append(e.getKey()).append('=')
          .append(e.getValue().replace('\n', ' ')).append('\n');
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  private Map<String, String> readManifest(Path checkpoint) throws IOException {
    Path file = new Path(checkpoint, MANIFEST_FILE);
    if (!fs.exists(file)) {
      throw new IOException("it has no " + MANIFEST_FILE + " (its writing never finished)");
    }
    String text;
    try (InputStream in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> manifest = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        manifest.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!FORMAT.equals(manifest.get("format"))) {
      throw new IOException(MANIFEST_FILE + " is not a checkpoint manifest of this version");
    }
    return manifest;
  }

  private byte[] readVerifiedState(Path checkpoint, Map<String, String> manifest)
      throws IOException {
    long expectedBytes = Long.parseLong(manifest.get("state.bytes"));
    long expectedCrc = Long.parseLong(manifest.get("state.crc32c"), 16);
    Path file = new Path(checkpoint, STATE_FILE);
    long length = fs.getFileStatus(file).getLen();
    if (length != expectedBytes) {
      throw new IOException(STATE_FILE + " has " + length + " bytes, its manifest says "
          + expectedBytes);
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException(STATE_FILE + " has " + length + " bytes, more than a checkpoint"
          + " of this version can read back (2 GB)");
    }
    byte[] bytes = new byte[(int) length];
    try (FSDataInputStream in = fs.open(file)) {
      in.readFully(0, bytes);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    if (crc.getValue() != expectedCrc) {
      throw new IOException(STATE_FILE + " does not match the checksum in its manifest");
    }
    return bytes;
  }

  private static TrainingFingerprint fingerprint(Map<String, String> manifest) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : manifest.entrySet()) {
      if (e.getKey().startsWith(FINGERPRINT)) {
        values.put(e.getKey().substring(FINGERPRINT.length()), e.getValue());
      }
    }
    return new TrainingFingerprint(values);
  }

  private void deleteQuietly(Path path) {
    try {
      fs.delete(path, true);
    } catch (IOException e) {
      LOG.warn("Could not remove {} ({})", path, SparkErrors.describe(e));
    }
  }
}
