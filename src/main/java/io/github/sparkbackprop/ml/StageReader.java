package io.github.sparkbackprop.ml;

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
 * @param <T> the stage type
 */
final class StageReader<T extends Params> extends MLReader<T> {

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
  static <T extends Params> StageReader<T> forEstimator(
      Class<T> type, java.util.function.Function<String, T> constructor) {
    return new StageReader<>(type, (uid, data) -> constructor.apply(uid), false);
  }

  /** A reader for a model built by {@code constructor(uid, network)}. */
  static <T extends Params> StageReader<T> forModel(
      Class<T> type, BiFunction<String, NetworkModelData.Loaded, T> constructor) {
    return new StageReader<>(type, constructor, true);
  }

  @Override
  public T load(String path) {
    requireDirectory(path, "");
    requireDirectory(path, "metadata");
    DefaultParamsReader.Metadata metadata =
        DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
    NetworkModelData.Loaded data = hasData ? NetworkModelData.read(sparkSession(), path) : null;
    T stage = factory.apply(metadata.uid(), data);
    metadata.getAndSetParams(stage, scala.Option.empty());
    return stage;
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
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
