package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.nn.Topology;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.SparkSession;

/**
 * Saves an estimator (params only) or a model (params plus its network in Parquet), atomically,
 * in Spark ML's own format.
 */
public final class StageWriter extends AtomicMLWriter {

  private final Params stage;
  private final Topology topology;
  private final double[] weights;

  /** A writer for an estimator: the params are all there is. */
  public StageWriter(Params stage) {
    this(stage, null, null);
  }

  /** A writer for a model with its network, trained on a label that is not a vector. */
  public StageWriter(Params stage, Topology topology, double[] weights) {
    this.stage = stage;
    this.topology = topology;
    this.weights = weights;
  }

  @Override
  public void saveImpl(String path) {
    write(stage, topology, weights, false, null, path, sparkSession());
  }

  /**
   * Writes a stage in Spark ML's format into {@code path}: its metadata and, for a model
   * ({@code topology} not null), its network.
   *
   * @param vectorLabel whether a model was trained on a vector label
   * @param featureMeans a model's training features' means, or {@code null}
   */
  public static void write(Params stage, Topology topology, double[] weights,
      boolean vectorLabel, double[] featureMeans, String path, SparkSession spark) {
    SparkInternals.LINE.saveMetadata(stage, path, spark);
    if (topology != null) {
      NetworkModelData.write(spark, path, topology, weights, vectorLabel, featureMeans);
    }
  }
}
