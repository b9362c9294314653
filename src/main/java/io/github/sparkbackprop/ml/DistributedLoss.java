package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.optim.DifferentiableFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The weighted mean loss over all training blocks, {@code sum_i w_i loss_i / sum_i w_i}, and its
 * gradient: each evaluation broadcasts the weights, sums per partition, combines the partition
 * sums with {@code treeAggregate} and destroys the broadcast.
 *
 * <p>Dividing the global sums once, on the driver, makes the result independent of block sizes
 * and of the number of partitions.
 */
final class DistributedLoss implements DifferentiableFunction {

  private final JavaRDD<RowBlock> blocks;
  private final Backpropagation backprop;
  private final int aggregationDepth;
  private final JavaSparkContext jsc;
  private int evaluations;

  DistributedLoss(JavaRDD<RowBlock> blocks, Backpropagation backprop, int aggregationDepth) {
    this.blocks = blocks;
    this.backprop = backprop;
    this.aggregationDepth = aggregationDepth;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  @Override
  public double evaluate(double[] x, double[] gradient) {
    GradientSum sum = aggregate(x);
    if (sum.gradient == null || !(sum.weightSum > 0)) {
      throw new IllegalStateException("No training rows with positive weight were found");
    }
    double scale = 1.0 / sum.weightSum;
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = sum.gradient[i] * scale;
    }
    return sum.lossSum * scale;
  }

  /** Number of distributed passes so far. */
  int evaluations() {
    return evaluations;
  }

  private GradientSum aggregate(double[] x) {
    evaluations++;
    Broadcast<double[]> weights = jsc.broadcast(x);
    try {
      return blocks
          .mapPartitions(new PartitionGradient(backprop, weights))
          .treeAggregate(new GradientSum(), GradientSum::merge, GradientSum::merge,
              aggregationDepth);
    } finally {
      weights.destroy();
    }
  }
}
