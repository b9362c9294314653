package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Topology;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter;

/**
 * Saves an estimator (params only) or a model (params plus its network in Parquet), atomically.
 */
final class StageWriter extends AtomicMLWriter {

  private final Params stage;
  private final Topology topology;
  private final double[] weights;

  /** A writer for an estimator: the params are all there is. */
  StageWriter(Params stage) {
    this(stage, null, null);
  }

  /** A writer for a model with its network. */
  StageWriter(Params stage, Topology topology, double[] weights) {
    this.stage = stage;
    this.topology = topology;
    this.weights = weights;
  }

  @Override
  public void saveImpl(String path) {
    DefaultParamsWriter.saveMetadata(stage, path, sparkSession());
    if (topology != null) {
      NetworkModelData.write(sparkSession(), path, topology, weights);
    }
  }
}
