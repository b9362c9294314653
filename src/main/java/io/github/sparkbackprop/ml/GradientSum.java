package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Workspace;
import java.io.Serializable;

/**
 * The sums one pass over the data produces: weighted loss, weight and gradient of the batch, and
 * optionally the weighted loss of all training rows and of the validation rows.
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
  double fullLossSum;
  double fullWeightSum;
  double validationLossSum;
  double validationWeightSum;

  /** Adds the gradient of {@code n} rows starting at {@code first} of a block. */
  void addGradient(Backpropagation backprop, double[] weights, RowBlock block, int first, int n,
      Workspace ws) {
    if (gradient == null) {
      gradient = new double[weights.length];
    }
    lossSum += backprop.addGradient(weights, block, first, n, gradient, ws);
    weightSum += weightSum(block, first, n);
    rows += n;
  }

  /** Adds a whole block's loss (no gradient) to the full-training or validation sums. */
  void addLoss(Backpropagation backprop, double[] weights, RowBlock block, Workspace ws) {
    double loss = backprop.loss(weights, block.features(), 0, block.numRows(), block.labels(),
        block.weights(), 0, ws);
    double weight = weightSum(block, 0, block.numRows());
    if (block.isValidation()) {
      validationLossSum += loss;
      validationWeightSum += weight;
    } else {
      fullLossSum += loss;
      fullWeightSum += weight;
    }
  }

  private static double weightSum(RowBlock block, int first, int n) {
    double s = 0;
    double[] w = block.weights();
    for (int i = first; i < first + n; i++) {
      s += w[i];
    }
    return s;
  }

  private boolean isEmpty() {
    return gradient == null && rows == 0 && fullWeightSum == 0 && validationWeightSum == 0;
  }

  /** Adds {@code other} into this sum (or returns {@code other} if this one is empty). */
  GradientSum merge(GradientSum other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    lossSum += other.lossSum;
    weightSum += other.weightSum;
    rows += other.rows;
    fullLossSum += other.fullLossSum;
    fullWeightSum += other.fullWeightSum;
    validationLossSum += other.validationLossSum;
    validationWeightSum += other.validationWeightSum;
    if (other.gradient != null) {
      if (gradient == null) {
        gradient = other.gradient;
      } else {
        double[] g = other.gradient;
        for (int i = 0; i < g.length; i++) {
          gradient[i] += g[i];
        }
      }
    }
    return this;
  }
}
