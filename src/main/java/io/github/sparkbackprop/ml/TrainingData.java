package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.RowBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The training rows as checked, cached {@link RowBlock}s, with their totals.
 *
 * <p>Built in one pass over the input (stacking and row checks together) and one cheap pass over
 * the cache (totals). Close it to unpersist the cache.
 */
final class TrainingData implements AutoCloseable {

  private final JavaRDD<RowBlock> blocks;
  private final BlockStatistics stats;
  private final int numClasses;

  private TrainingData(JavaRDD<RowBlock> blocks, BlockStatistics stats, int numClasses) {
    this.blocks = blocks;
    this.stats = stats;
    this.numClasses = numClasses;
  }

  /**
   * Stacks, caches and checks the training rows.
   *
   * @param dataset input with the features, label and (optional) weight columns
   * @param config the training params (column names, block size)
   * @param labelKind what the labels must be
   * @throws IllegalArgumentException on bad input, with a message naming column, value and fix
   */
  static TrainingData prepare(Dataset<?> dataset, TrainingConfig config, LabelKind labelKind) {
    Column weight = config.weightCol == null
        ? functions.lit(1.0)
        : functions.col(config.weightCol).cast(DataTypes.DoubleType);
    Dataset<Row> selected = dataset.select(
        functions.col(config.featuresCol),
        functions.col(config.labelCol).cast(DataTypes.DoubleType),
        weight);
    JavaRDD<RowBlock> blocks = selected.javaRDD()
        .mapPartitions(new RowBlockStacker(config.blockSize, labelKind, config.featuresCol,
            config.labelCol, config.weightCol))
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.setName("spark-backprop training blocks");
    try {
      BlockStatistics stats = SparkErrors.unwrap(() -> blocks
          .map(BlockStatistics::of)
          .fold(new BlockStatistics(), BlockStatistics::merge));
      int numClasses = check(stats, config, labelKind);
      return new TrainingData(blocks, stats, numClasses);
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
  }

  private static int check(BlockStatistics stats, TrainingConfig config, LabelKind labelKind) {
    if (stats.rows == 0) {
      throw new IllegalArgumentException(
          "The training dataset is empty: there are no rows to train on");
    }
    if (stats.minFeatures != stats.maxFeatures) {
      throw new IllegalArgumentException("Column '" + config.featuresCol
          + "' holds vectors of different sizes (" + stats.minFeatures + " and "
          + stats.maxFeatures + "); every row needs the same number of features");
    }
    if (stats.minFeatures == 0) {
      throw new IllegalArgumentException("Column '" + config.featuresCol
          + "' holds empty vectors; a network needs at least one feature");
    }
    if (!(stats.weightSum > 0)) {
      throw new IllegalArgumentException("The weights in column '" + config.weightCol
          + "' are all zero; at least one row needs a positive weight");
    }
    if (!labelKind.classification) {
      return 0;
    }
    if (stats.minLabel == stats.maxLabel) {
      throw new IllegalArgumentException("Column '" + config.labelCol
          + "' holds a single class (" + stats.minLabel + "); a classifier needs at least two"
          + " classes to learn from");
    }
    int observed = (int) stats.maxLabel + 1;
    return labelKind.declaredNumClasses > 0
        ? Math.max(labelKind.declaredNumClasses, observed)
        : observed;
  }

  /** The cached blocks. */
  JavaRDD<RowBlock> blocks() {
    return blocks;
  }

  /** Number of training rows. */
  long numRows() {
    return stats.rows;
  }

  /** Sum of the row weights. */
  double weightSum() {
    return stats.weightSum;
  }

  /** Features per row. */
  int numFeatures() {
    return stats.minFeatures;
  }

  /** Number of classes (classification only; 0 for regression). */
  int numClasses() {
    return numClasses;
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }
}
