package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Saving that never leaves a half-written stage behind: the stage (a directory, or one file such
 * as an ONNX model) is written under a hidden sibling name and moved into place only once it is
 * complete. An existing one is replaced only when overwriting, and only once the new one is
 * complete; if the final move fails, the previous one is put back. Shared by every writer of the
 * library ({@link AtomicMLWriter}, {@link NetworkModelWriter}).
 */
final class AtomicSave {

  /** Writes the stage to the path it is given (the hidden staging path). */
  interface Write {
    void to(String path) throws Exception;
  }

  /** Renames a path; a seam for tests that need the move to fail. */
  interface Move {
    void move(FileSystem fs, Path from, Path to) throws IOException;
  }

  private AtomicSave() {}

  /**
   * Saves through {@code write} to {@code path}.
   *
   * @throws IOException if the path exists and {@code overwrite} is false, or writing or moving
   *     failed (nothing is then left at the path but what was there before)
   * @throws IllegalArgumentException for an empty path or the root of a file system, or when
   *     {@code write} rejects its input
   */
  static void save(String path, boolean overwrite, Configuration hadoopConf, Write write,
      Move move) throws IOException {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Cannot save to an empty path");
    }
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(hadoopConf);
    target = fs.makeQualified(target);
    if (fs.exists(target) && !overwrite) {
      throw new IOException("Path " + path + " already exists. To overwrite it, use"
          + " write().overwrite().save(path)");
    }
    Path parent = target.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("Cannot save to " + path + ": a stage needs a"
          + " path of its own, not the root of a file system");
    }
    Path staging = new Path(parent, "." + target.getName() + ".saving-" + UUID.randomUUID());
    boolean moved = false;
    try {
      try {
        write.to(staging.toString());
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) { // Hadoop and Spark may throw undeclared IOExceptions
        throw new IOException("Could not save to " + path + " (" + SparkErrors.describe(e)
            + "); nothing was written there"
            + (fs.exists(target) ? " and the stage saved there before is unchanged" : ""), e);
      }
      if (fs.exists(target)) {
        Path old = new Path(parent, "." + target.getName() + ".replaced-" + UUID.randomUUID());
        move.move(fs, target, old);
        try {
          move.move(fs, staging, target);
        } catch (IOException | RuntimeException e) {
          // A failed overwrite must not lose what was there: put it back.
          if (!fs.exists(target)) {
            fs.rename(old, target);
          }
          throw e;
        }
        fs.delete(old, true);
      } else {
        move.move(fs, staging, target);
      }
      moved = true;
    } finally {
      if (!moved) {
        fs.delete(staging, true);
      }
    }
  }

  /** The plain move: a rename that must succeed. */
  static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Could not move " + from + " to " + to);
    }
  }
}
