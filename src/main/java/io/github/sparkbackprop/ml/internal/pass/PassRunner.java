package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Weights;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;

/**
 * Runs distributed passes over the cached blocks: broadcast the weights, let every partition sum
 * what the {@link PassRequest} asks for, combine the partition sums with {@code treeAggregate},
 * destroy the broadcast. Nothing but the one aggregate comes back to the driver.
 */
public final class PassRunner {

  private static final ClassTag<GradientSum> SUM_TAG = ClassTag$.MODULE$.apply(GradientSum.class);

  private final JavaRDD<RowBlock> blocks;
  private final Backpropagation backprop;
  private final int aggregationDepth;
  private final BatchSampling sampling;
  private final boolean singlePrecision;
  private final JavaSparkContext jsc;
  private int passes;

  /**
   * @param sampling how mini-batches are drawn; {@code null} if only full passes are run
   * @param singlePrecision whether the blocks are single precision: the weights then travel as
   *     {@code float}, half the bytes
   */
  public PassRunner(JavaRDD<RowBlock> blocks, Backpropagation backprop, int aggregationDepth,
      BatchSampling sampling, boolean singlePrecision) {
    this.singlePrecision = singlePrecision;
    this.blocks = blocks;
    this.backprop = backprop;
    this.aggregationDepth = aggregationDepth;
    this.sampling = sampling;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  /** Runs one pass at weights {@code x}. */
  public GradientSum run(double[] x, PassRequest request) {
    passes++;
    Broadcast<Weights> weights =
        jsc.broadcast(singlePrecision ? Weights.singlePrecision(x) : Weights.of(x));
    try {
      return blocks.rdd()
          .mapPartitionsWithIndex(new DataPass(backprop, weights, request, sampling), true,
              SUM_TAG)
          .treeAggregate(new GradientSum(), GradientSum.Merge.INSTANCE,
              GradientSum.Merge.INSTANCE, aggregationDepth, SUM_TAG);
    } finally {
      weights.destroy();
    }
  }

  /** Number of passes run so far. */
  public int passes() {
    return passes;
  }

  /** The Spark context, for job descriptions. */
  public JavaSparkContext sparkContext() {
    return jsc;
  }
}
