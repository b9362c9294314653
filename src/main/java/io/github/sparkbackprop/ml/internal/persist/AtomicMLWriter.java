package io.github.sparkbackprop.ml.internal.persist;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWriter;

/**
 * An {@link MLWriter} that never leaves a half-written stage behind ({@link AtomicSave}): it
 * writes into a hidden sibling directory and moves it into place only once everything is
 * written. An existing directory is replaced only after {@code overwrite()}, and only once the
 * new one is complete; if the final move fails, the previous stage is put back.
 */
public abstract class AtomicMLWriter extends MLWriter {

  @Override
  public void save(String path) throws IOException {
    AtomicSave.save(path, shouldOverwrite(), sc().hadoopConfiguration(), this::saveImpl,
        this::move);
  }

  /** Renames {@code from} to {@code to}; a seam for tests that need the move to fail. */
  protected void move(FileSystem fs, Path from, Path to) throws IOException {
    AtomicSave.rename(fs, from, to);
  }
}
