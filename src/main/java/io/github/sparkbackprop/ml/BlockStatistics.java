package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.RowBlock;
import java.io.Serializable;

/** Totals over the stacked blocks, gathered in one pass to check the data before training. */
final class BlockStatistics implements Serializable {

  private static final long serialVersionUID = 1L;

  long rows;
  double weightSum;
  int minFeatures = Integer.MAX_VALUE;
  int maxFeatures = -1;
  double minLabel = Double.POSITIVE_INFINITY;
  double maxLabel = Double.NEGATIVE_INFINITY;

  static BlockStatistics of(RowBlock block) {
    BlockStatistics s = new BlockStatistics();
    s.rows = block.numRows();
    s.weightSum = block.weightSum();
    s.minFeatures = block.numFeatures();
    s.maxFeatures = block.numFeatures();
    for (double label : block.labels()) {
      s.minLabel = Math.min(s.minLabel, label);
      s.maxLabel = Math.max(s.maxLabel, label);
    }
    return s;
  }

  BlockStatistics merge(BlockStatistics o) {
    rows += o.rows;
    weightSum += o.weightSum;
    minFeatures = Math.min(minFeatures, o.minFeatures);
    maxFeatures = Math.max(maxFeatures, o.maxFeatures);
    minLabel = Math.min(minLabel, o.minLabel);
    maxLabel = Math.max(maxLabel, o.maxLabel);
    return this;
  }
}
