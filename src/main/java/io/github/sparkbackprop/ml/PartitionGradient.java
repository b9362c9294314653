package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Workspace;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sums loss, weight and gradient over all blocks of one partition into a single
 * {@link GradientSum}, reusing one workspace for every block.
 */
final class PartitionGradient implements FlatMapFunction<Iterator<RowBlock>, GradientSum> {

  private static final long serialVersionUID = 1L;

  private final Backpropagation backprop;
  private final Broadcast<double[]> weights;

  PartitionGradient(Backpropagation backprop, Broadcast<double[]> weights) {
    this.backprop = backprop;
    this.weights = weights;
  }

  @Override
  public Iterator<GradientSum> call(Iterator<RowBlock> blocks) {
    GradientSum sum = new GradientSum();
    if (!blocks.hasNext()) {
      return Collections.singletonList(sum).iterator();
    }
    double[] w = weights.value();
    Workspace ws = null;
    while (blocks.hasNext()) {
      RowBlock block = blocks.next();
      if (ws == null) {
        ws = WorkspaceCache.get(backprop.topology(), block.numRows());
      }
      sum.add(backprop, w, block, 0, block.numRows(), ws);
    }
    return Collections.singletonList(sum).iterator();
  }
}
