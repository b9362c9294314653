package io.github.sparkbackprop.ml.internal.data;

import io.github.sparkbackprop.nn.RowBlock;
import java.io.Serializable;

/** Totals over stacked blocks, gathered in one pass to check the data before training. */
final class BlockStatistics implements Serializable {

  private static final long serialVersionUID = 1L;

  long trainingRows;
  double trainingWeight;
  long validationRows;
  double validationWeight;
  int minFeatures = Integer.MAX_VALUE;
  int maxFeatures = -1;
  double minLabel = Double.POSITIVE_INFINITY;
  double maxLabel = Double.NEGATIVE_INFINITY;
  /** Largest label of the validation rows: their classes need output units too. */
  double maxValidationLabel = Double.NEGATIVE_INFINITY;

  void add(RowBlock block) {
    if (block.isValidation()) {
      validationRows += block.numRows();
      validationWeight += block.rowWeightSum();
      for (double label : block.labels()) {
        maxValidationLabel = Math.max(maxValidationLabel, label);
      }
    } else {
      trainingRows += block.numRows();
      trainingWeight += block.rowWeightSum();
      for (double label : block.labels()) {
        minLabel = Math.min(minLabel, label);
        maxLabel = Math.max(maxLabel, label);
      }
    }
    minFeatures = Math.min(minFeatures, block.numFeatures());
    maxFeatures = Math.max(maxFeatures, block.numFeatures());
  }

  BlockStatistics merge(BlockStatistics o) {
    trainingRows += o.trainingRows;
    trainingWeight += o.trainingWeight;
    validationRows += o.validationRows;
    validationWeight += o.validationWeight;
    minFeatures = Math.min(minFeatures, o.minFeatures);
    maxFeatures = Math.max(maxFeatures, o.maxFeatures);
    minLabel = Math.min(minLabel, o.minLabel);
    maxLabel = Math.max(maxLabel, o.maxLabel);
    maxValidationLabel = Math.max(maxValidationLabel, o.maxValidationLabel);
    return this;
  }
}
