package io.github.sparkbackprop.ml;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWriter;

/**
 * An {@link MLWriter} that never leaves a half-written stage behind: it writes into a hidden
 * sibling directory and moves it into place only once everything is written. An existing
 * directory is replaced only after {@code overwrite()}, and only once the new one is complete.
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
    Path staging = new Path(parent, "." + target.getName() + ".saving-" + UUID.randomUUID());
    boolean moved = false;
    try {
      saveImpl(staging.toString());
      if (fs.exists(target)) {
        Path old = new Path(parent, "." + target.getName() + ".replaced-" + UUID.randomUUID());
        rename(fs, target, old);
        rename(fs, staging, target);
        fs.delete(old, true);
      } else {
        rename(fs, staging, target);
      }
      moved = true;
    } finally {
      if (!moved) {
        fs.delete(staging, true);
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("Could not move " + from + " to " + to);
    }
  }
}
