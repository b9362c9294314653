package io.github.sparkbackprop.ml;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWriter;

/**
 * An {@link MLWriter} that never leaves a half-written stage behind: it writes into a hidden
 * sibling directory and moves it into place only once everything is written. An existing
 * directory is replaced only after {@code overwrite()}, and only once the new one is complete;
 * if the final move fails, the previous stage is put back.
 */
abstract class AtomicMLWriter extends MLWriter {

  @Override
  public void save(String path) throws IOException {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Cannot save to an empty path");
    }
    Path target = new Path(path);
    FileSystem fs = target.getFileSystem(sc().hadoopConfiguration());
    target = fs.makeQualified(target);
    if (fs.exists(target) && !shouldOverwrite()) {
      throw new IOException("Path " + path + " already exists. To overwrite it, use"
          + " write().overwrite().save(path)");
    }
    Path parent = target.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("Cannot save to " + path + ": a stage needs a"
          + " directory of its own, not the root of a file system");
    }
    Path staging = new Path(parent, "." + target.getName() + ".saving-" + UUID.randomUUID());
    boolean moved = false;
    try {
      try {
        saveImpl(staging.toString());
      } catch (IllegalArgumentException e) {
        throw e;
      } catch (Exception e) { // Hadoop and Spark may throw undeclared IOExceptions
        throw new IOException("Could not save to " + path + " (" + StageReader.describe(e)
            + "); nothing was written there"
            + (fs.exists(target) ? " and the stage saved there before is unchanged" : ""), e);
      }
      if (fs.exists(target)) {
        Path old = new Path(parent, "." + target.getName() + ".replaced-" + UUID.randomUUID());
        move(fs, target, old);
        try {
          move(fs, staging, target);
        } catch (IOException | RuntimeException e) {
          // A failed overwrite must not lose what was there: put it back.
          if (!fs.exists(target)) {
            fs.rename(old, target);
          }
          throw e;
        }
        fs.delete(old, true);
      } else {
        move(fs, staging, target);
      }
      moved = true;
    } finally {
      if (!moved) {
        fs.delete(staging, true);
      }
    }
  }

  /** Renames {@code from} to {@code to}; a seam for tests that need the move to fail. */
  void move(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Could not move " + from + " to " + to);
    }
  }
}
