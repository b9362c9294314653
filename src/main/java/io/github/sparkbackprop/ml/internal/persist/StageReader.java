package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import java.io.IOException;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;

/**
 * Loads a stage saved by {@link StageWriter}: checks the directory, restores the params from the
 * metadata and, for a model, the network from the data part.
 *
 * <p>Whatever is wrong with the directory (missing, empty, corrupt or truncated files, another
 * Spark ML stage, a newer format) ends in an {@link IllegalArgumentException} that names the
 * path and what is missing or wrong, never in a bare JSON, Parquet or Spark trace.
 *
 * @param <T> the stage type
 */
public final class StageReader<T extends Params> extends MLReader<T> {

  private final Class<T> type;
  private final BiFunction<String, NetworkModelData.Loaded, T> factory;
  private final boolean hasData;

  private StageReader(
      Class<T> type, BiFunction<String, NetworkModelData.Loaded, T> factory, boolean hasData) {
    this.type = type;
    this.factory = factory;
    this.hasData = hasData;
  }

  /** A reader for an estimator built by {@code constructor(uid)}. */
  public static <T extends Params> StageReader<T> forEstimator(
      Class<T> type, java.util.function.Function<String, T> constructor) {
    return new StageReader<>(type, (uid, data) -> constructor.apply(uid), false);
  }

  /** A reader for a model built by {@code constructor(uid, network)}. */
  public static <T extends Params> StageReader<T> forModel(
      Class<T> type, BiFunction<String, NetworkModelData.Loaded, T> constructor) {
    return new StageReader<>(type, constructor, true);
  }

  @Override
  public T load(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("Cannot load a " + type.getSimpleName()
          + " from an empty path");
    }
    requireDirectory(path, "");
    requireDirectory(path, "metadata");
    DefaultParamsReader.Metadata metadata = readMetadata(path);
    NetworkModelData.Loaded data = hasData ? NetworkModelData.read(sparkSession(), path) : null;
    T stage = factory.apply(metadata.uid(), data);
    try {
      metadata.getAndSetParams(stage, scala.Option.empty());
    } catch (RuntimeException e) {
      throw cannotLoad(path, "the params in its metadata cannot be restored (" + e.getMessage()
          + "); was it saved by a newer spark-backprop?", e);
    }
    return stage;
  }

  /** The metadata, checked to describe a stage of this reader's type. */
  private DefaultParamsReader.Metadata readMetadata(String path) {
    String metadataPath = new Path(path, "metadata").toString();
    DefaultParamsReader.Metadata metadata;
    try {
      // No expected class here: a mismatch gets its own, clearer message below.
      metadata = SparkInternals.LINE.loadMetadata(path, sparkSession());
    } catch (Exception e) { // Spark throws undeclared checked exceptions too
      throw cannotLoad(path, "its metadata " + metadataPath + " is missing, empty, truncated"
          + " or not Spark ML metadata JSON (" + SparkErrors.describe(e) + ")", e);
    }
    String className = metadata.className();
    if (!type.getName().equals(className)) {
      String simpleName = className.substring(className.lastIndexOf('.') + 1);
      throw cannotLoad(path, "it holds a " + className + ", not a " + type.getName()
          + "; load it with " + simpleName + ".load(path)", null);
    }
    if (metadata.uid() == null || metadata.uid().isEmpty()) {
      throw cannotLoad(path, "its metadata " + metadataPath + " has no uid", null);
    }
    return metadata;
  }

  private IllegalArgumentException cannotLoad(String path, String why, Throwable cause) {
    return new IllegalArgumentException(
        "Cannot load a " + type.getSimpleName() + " from " + path + ": " + why, cause);
  }

  private void requireDirectory(String path, String child) {
    try {
      Path p = child.isEmpty() ? new Path(path) : new Path(path, child);
      FileSystem fs = p.getFileSystem(sc().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException(child.isEmpty()
            ? "Cannot load a " + type.getSimpleName() + " from " + path + ": no such directory"
            : "Cannot load a " + type.getSimpleName() + " from " + path + ": its " + child
                + " directory is missing (the save did not complete, or this is not a saved"
                + " Spark ML stage)");
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw cannotLoad(path, (child.isEmpty() ? "it" : "its " + child) + " is a file, not"
            + " the directory a saved Spark ML stage is", null);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
