package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Workspace;
import java.io.Serializable;

/**
 * The sums one pass over the data produces: weighted loss, weight and gradient.
 *
 * <p>The zero value is tiny, its gradient buffer allocated on first use, so that
 * {@code treeAggregate} ships no large empty arrays to the tasks, and merging into an empty sum
 * takes the other side as it is instead of copying it.
 */
final class GradientSum implements Serializable {

  private static final long serialVersionUID = 1L;

  double lossSum;
  double weightSum;
  long rows;
  double[] gradient;

  /** Adds rows {@code [first, first + n)} of a block. */
  void add(Backpropagation backprop, double[] weights, RowBlock block, int first, int n,
      Workspace ws) {
    if (gradient == null) {
      gradient = new double[weights.length];
    }
    lossSum += backprop.addGradient(weights, block, first, n, gradient, ws);
    double[] w = block.weights();
    for (int i = first; i < first + n; i++) {
      weightSum += w[i];
    }
    rows += n;
  }

  /** Adds {@code other} into this sum (or returns {@code other} if this one is empty). */
  GradientSum merge(GradientSum other) {
    if (other.gradient == null && other.rows == 0) {
      return this;
    }
    if (gradient == null && rows == 0) {
      return other;
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    rows += other.rows;
    double[] g = other.gradient;
    for (int i = 0; i < g.length; i++) {
      gradient[i] += g[i];
    }
    return this;
  }
}
