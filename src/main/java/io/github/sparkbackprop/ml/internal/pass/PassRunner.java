package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Weights;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Runs distributed passes over the cached blocks: broadcast the weights, let every partition sum
 * what the {@link PassRequest} asks for ({@link DataPass}), combine the partition sums with
 * {@code treeAggregate}, destroy the broadcast. Nothing but the one aggregate comes back to the
 * driver.
 */
public final class PassRunner {

  private static final ClassTag<PassSums> SUMS_TAG = ClassTag$.MODULE$.apply(PassSums.class);

  private final JavaRDD<RowBlock> blocks;
  private final Precision precision;
  private final NetworkPasses network;
  private final int aggregationDepth;
  private final JavaSparkContext jsc;

  /**
   * @param blocks the cached blocks
   * @param precision the precision they were stacked in: the weights travel in it too (as
   *     {@code float}, half the bytes, for single-precision blocks)
   * @param network the network's passes
   * @param aggregationDepth depth of the {@code treeAggregate}
   */
  public PassRunner(JavaRDD<RowBlock> blocks, Precision precision, NetworkPasses network,
      int aggregationDepth) {
    this.blocks = blocks;
    this.precision = precision;
    this.network = network;
    this.aggregationDepth = aggregationDepth;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  /** Runs one pass at weights {@code x}. */
  public PassSums run(double[] x, PassRequest request) {
    Broadcast<Weights> weights = jsc.broadcast(precision.weights(x));
    try {
      return blocks.rdd()
          .mapPartitionsWithIndex(new DataPass(network, weights, request), true, SUMS_TAG)
          .treeAggregate(new PassSums(), PassSums.Merge.INSTANCE, PassSums.Merge.INSTANCE,
              aggregationDepth, SUMS_TAG);
    } finally {
      weights.destroy();
    }
  }

  /** Sets the description Spark's UI shows for the next jobs. */
  public void describe(String description) {
    jsc.setJobDescription(description);
  }
}
