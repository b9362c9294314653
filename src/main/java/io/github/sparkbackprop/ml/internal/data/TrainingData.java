package io.github.sparkbackprop.ml.internal.data;

import io.github.sparkbackprop.ml.internal.ClassWeighting;
import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.BlasThreads;
import io.github.sparkbackprop.ml.internal.check.NetworkSizeCheck;
import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * The training (and validation) rows as checked, cached {@link RowBlock}s, with their totals.
 *
 * <p>Built in one pass over the input (stacking and row checks together) and one cheap pass over
 * the cache (totals per partition). Close it to unpersist the cache.
 */
public final class TrainingData implements AutoCloseable {

  private final JavaRDD<RowBlock> blocks;
  private final BlockStatistics totals;
  private final long[] trainingRowOffsets;
  private final LabelKind labelKind;
  private final int numOutputs;
  private final Precision precision;

  private TrainingData(JavaRDD<RowBlock> blocks, BlockStatistics totals,
      long[] trainingRowOffsets, LabelKind labelKind, int numOutputs, Precision precision) {
    this.precision = precision;
    this.blocks = blocks;
    this.totals = totals;
    this.trainingRowOffsets = trainingRowOffsets;
    this.labelKind = labelKind;
    this.numOutputs = numOutputs;
  }

  /**
   * Stacks, caches and checks the rows.
   *
   * @param dataset input with the features, label and optional weight and validation columns
   * @param config the training params (column names, block size)
   * @param labelKind what the labels must be; for label sets of an unset number of labels, one
   *     pass over the label column first finds the largest index (and checks every one)
   * @throws IllegalArgumentException on bad input, with a message naming column, value and fix
   */
  public static TrainingData prepare(Dataset<?> dataset, TrainingConfig config,
      LabelKind labelKind) {
    // fit() has checked the schema already, but train() is public: check again, it is cheap
    SchemaChecks.requireTrainingColumns(dataset.schema(), config, labelKind.column());
    SparkContext sc = dataset.sparkSession().sparkContext();
    if (labelKind.isLabelSet() && labelKind.numLabels() < 0) {
      labelKind = labelKind.withNumLabels(inferNumLabels(dataset, config, labelKind));
    }
    int declaredInputs = SchemaChecks.declaredNumFeatures(dataset.schema().apply(
        config.featuresCol()));
    boolean outputsKnown = labelKind.knownOutputs() > 0;
    int outputs = Math.max(labelKind.isClassification() ? 2 : 1, labelKind.knownOutputs());
    NetworkSizeCheck.requireFitsEarly(sc, config, Math.max(1, declaredInputs),
        declaredInputs > 0, outputs, outputsKnown);
    int maxFeatures = NetworkSizeCheck.maxFeatures(sc, config, outputs);
    Column weight = config.weightCol() == null
        ? functions.lit(1.0)
        : functions.col(config.weightCol()).cast(DataTypes.DoubleType);
    Column validation = config.validationCol() == null
        ? functions.lit(false)
        : functions.col(config.validationCol());
    Dataset<Row> selected = dataset.select(
        functions.col(config.featuresCol()),
        labelColumn(config.labelCol(), labelKind),
        weight,
        validation);
    JavaRDD<RowBlock> blocks = selected.javaRDD()
        .mapPartitions(new RowBlockStacker(config.blockSize(), labelKind,
            config.featuresCol(), config.labelCol(), config.weightCol(), config.validationCol(),
            config.precision(), maxFeatures, config.hiddenLayers()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.setName("spark-backprop training blocks");
    // the class weights of classWeighting=balanced come from the classes' totals, counted here
    boolean countClasses = config.classWeighting() == ClassWeighting.BALANCED;
    boolean labelSets = labelKind.isLabelSet();
    try {
      List<BlockStatistics> perPartition = SparkErrors.unwrap(() -> blocks
          .mapPartitions(it -> {
            BlockStatistics s = new BlockStatistics(countClasses, labelSets);
            // where the GEMMs will run: the BLAS of this executor, warned about once per JVM
            s.blas.add(BlasThreads.checkOncePerJvm());
            it.forEachRemaining(s::add);
            return Collections.singletonList(s).iterator();
          })
          .collect());
      BlockStatistics totals = new BlockStatistics(countClasses, labelSets);
      long[] offsets = new long[perPartition.size() + 1];
      for (int p = 0; p < perPartition.size(); p++) {
        totals.merge(perPartition.get(p));
        offsets[p + 1] = offsets[p] + perPartition.get(p).trainingRows;
      }
      int numOutputs = check(totals, config, labelKind);
      NetworkSizeCheck.requireFits(sc, config, totals.minFeatures, numOutputs,
          perPartition.size());
      return new TrainingData(blocks, totals, offsets, labelKind, numOutputs,
          config.precision());
    } catch (RuntimeException e) {
      blocks.unpersist(false);
      throw e;
    }
  }

  /** The label column as the stacker reads it: numbers as doubles, vectors as they are. */
  private static Column labelColumn(String labelCol, LabelKind kind) {
    Column label = functions.col(labelCol);
    if (kind.isRealVector()) {
      return label;
    }
    return label.cast(kind.isLabelSet()
        ? DataTypes.createArrayType(DataTypes.DoubleType) : DataTypes.DoubleType);
  }

  /**
   * The number of labels of a multi-label column: its largest label index + 1, over all rows
   * (a label seen only in validation rows still needs its output unit), every index checked
   * on the way.
   */
  private static int inferNumLabels(Dataset<?> dataset, TrainingConfig config,
      LabelKind kind) {
    String labelCol = config.labelCol();
    JavaRDD<Row> labels = dataset.select(labelColumn(labelCol, kind)).javaRDD();
    List<Double> maxima = SparkErrors.unwrap(() -> labels
        .mapPartitions(rows -> {
          double max = -1;
          while (rows.hasNext()) {
            Row row = rows.next();
            if (row.isNullAt(0)) {
              throw new IllegalArgumentException(LabelKind.nullLabelArray(labelCol));
            }
            List<Double> indices = row.getList(0);
            for (Double index : indices) {
              String problem = kind.problemWithIndex(index, labelCol, indices);
              if (problem != null) {
                throw new IllegalArgumentException(problem);
              }
              max = Math.max(max, index);
            }
          }
          return Collections.singletonList(max).iterator();
        })
        .collect());
    double max = maxima.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
    if (max < 0) {
      throw new IllegalArgumentException("Column '" + labelCol + "' holds only empty label"
          + " arrays (or no rows): no row has a label to learn; give rows their label indices,"
          + " or set numLabels");
    }
    return (int) max + 1;
  }

  private static int check(BlockStatistics stats, TrainingConfig config, LabelKind labelKind) {
    if (stats.trainingRows + stats.validationRows == 0) {
      throw new IllegalArgumentException(
          "The training dataset is empty: there are no rows to train on");
    }
    if (stats.trainingRows == 0) {
      throw new IllegalArgumentException("Every row is flagged for validation in column '"
          + config.validationCol() + "'; flag some rows false to train on them");
    }
    if (stats.minFeatures != stats.maxFeatures) {
      throw new IllegalArgumentException("Column '" + config.featuresCol()
          + "' holds vectors of different sizes (" + stats.minFeatures + " and "
          + stats.maxFeatures + "); every row needs the same number of features");
    }
    if (stats.minFeatures == 0) {
      throw new IllegalArgumentException("Column '" + config.featuresCol()
          + "' holds empty vectors; a network needs at least one feature");
    }
    if (!(stats.trainingWeight > 0)) {
      throw new IllegalArgumentException("The weights in column '" + config.weightCol()
          + "' of the training rows are all zero; at least one row needs a positive weight");
    }
    if (config.validationCol() != null && !(stats.validationWeight > 0)) {
      throw new IllegalArgumentException("Column '" + config.validationCol() + "' flags no rows"
          + " with positive weight for validation; flag some rows true, or unset"
          + " validationIndicatorCol");
    }
    if (labelKind.isLabelSet()) {
      return labelKind.numLabels();
    }
    if (labelKind.isRealVector()) {
      if (stats.minLabelWidth != stats.maxLabelWidth) {
        throw RowBlockStacker.differentLabelSizes(config.labelCol(), stats.minLabelWidth,
            stats.maxLabelWidth);
      }
      return stats.minLabelWidth;
    }
    if (!labelKind.isClassification()) {
      return 1;
    }
    if (stats.minLabel == stats.maxLabel) {
      throw new IllegalArgumentException("Column '" + config.labelCol()
          + "' holds a single class (" + stats.minLabel + ") in the training rows; a classifier"
          + " needs at least two classes to learn from");
    }
    // A class seen only in validation rows still needs its output unit (as in Spark's own
    // classifiers, which count classes over all rows).
    int observed = (int) Math.max(stats.maxLabel, stats.maxValidationLabel) + 1;
    return labelKind.declaredNumClasses() > 0
        ? Math.max(labelKind.declaredNumClasses(), observed)
        : observed;
  }

  /** The cached blocks, training and validation. */
  public JavaRDD<RowBlock> blocks() {
    return blocks;
  }

  /** The precision the blocks are stacked in, and passes over them run in. */
  public Precision precision() {
    return precision;
  }

  /** Number of training rows (validation rows excluded). */
  public long numRows() {
    return totals.trainingRows;
  }

  /** Sum of the training rows' weights. */
  public double trainingWeight() {
    return totals.trainingWeight;
  }

  /** Number of validation rows. */
  public long numValidationRows() {
    return totals.validationRows;
  }

  /** Whether some rows are held out for validation. */
  public boolean hasValidation() {
    return totals.validationRows > 0;
  }

  /**
   * Global index of each partition's first training row: partition {@code p} holds training
   * rows {@code [offsets[p], offsets[p+1])}.
   */
  public long[] trainingRowOffsets() {
    return trainingRowOffsets.clone();
  }

  /**
   * The BLAS the executors that stacked the blocks use, where the GEMMs will run: one
   * {@code Blas.describe()}, or several joined by "; " when executors differ.
   */
  public String blas() {
    return String.join("; ", totals.blas);
  }

  /** Features per row. */
  public int numFeatures() {
    return totals.minFeatures;
  }

  /**
   * The training rows' weight per class (the sum of their row weights: their number without
   * {@code weightCol}), one per output, for the classifier; for the multi-label classifier the
   * weight of the rows that have each label. {@code null} unless {@code classWeighting} asked
   * for them (they are counted in the pass that checks the blocks).
   */
  public double[] classTotals() {
    if (totals.classTotals == null) {
      return null;
    }
    return java.util.Arrays.copyOf(totals.classTotals, numOutputs);
  }

  /**
   * The mean of each feature over the training rows (validation rows excluded, each row counted
   * once, whatever its weight), summed in double precision in partition order: the default
   * baseline of attributions.
   */
  public double[] featureMeans() {
    double[] means = new double[totals.minFeatures];
    for (int j = 0; j < means.length; j++) {
      means[j] = totals.featureSums[j] / totals.trainingRows;
    }
    return means;
  }

  /** Number of classes (classification only; 0 for the other kinds of label). */
  public int numClasses() {
    return labelKind.isClassification() ? numOutputs : 0;
  }

  /**
   * Output units the labels need: the classes, 1 for a real label, the size of a label vector,
   * or the number of labels of a multi-label column.
   */
  public int numOutputs() {
    return numOutputs;
  }

  /** The labels in words, e.g. {@code "3 classes"} or {@code "vectors of 2 real values"}. */
  public String describeLabels() {
    if (labelKind.isClassification()) {
      return numOutputs + " classes";
    }
    if (labelKind.isRealVector()) {
      return "vectors of " + numOutputs + " real values";
    }
    return labelKind.isLabelSet() ? "sets of " + numOutputs + " labels" : "real values";
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }

  /** Totals over stacked blocks, gathered in one pass to check the data before training. */
  private static final class BlockStatistics implements Serializable {

    private static final long serialVersionUID = 1L;

    long trainingRows;
    double trainingWeight;
    long validationRows;
    double validationWeight;
    int minFeatures = Integer.MAX_VALUE;
    /** The BLAS of the executors that stacked the blocks ({@code Blas.describe()}). */
    final java.util.TreeSet<String> blas = new java.util.TreeSet<>();
    int maxFeatures = -1;
    double minLabel = Double.POSITIVE_INFINITY;
    double maxLabel = Double.NEGATIVE_INFINITY;
    /** Largest label of the validation rows: their classes need output units too. */
    double maxValidationLabel = Double.NEGATIVE_INFINITY;
    int minLabelWidth = Integer.MAX_VALUE;
    int maxLabelWidth = -1;
    /**
     * Training weight per class index, or per label of a label set (the rows that have it);
     * {@code null} when not counted. Grows to the largest class seen.
     */
    double[] classTotals;
    /** Whether the labels are label sets (one 0/1 target per label) rather than classes. */
    final boolean labelSets;

    BlockStatistics(boolean countClasses, boolean labelSets) {
      this.classTotals = countClasses ? new double[0] : null;
      this.labelSets = labelSets;
    }

    /** Adds the block's training rows' weights to their classes' (labels') totals. */
    private void countClasses(RowBlock block) {
      double[] labels = block.labels();
      double[] weights = block.rowWeights();
      int width = block.labelsPerRow();
      for (int i = 0; i < block.numRows(); i++) {
        if (!labelSets) {
          // a class index, checked while stacking
          int c = (int) labels[i];
          grow(c + 1);
          classTotals[c] += weights[i];
        } else {
          grow(width);
          for (int j = 0; j < width; j++) {
            if (labels[i * width + j] > 0.5) {
              classTotals[j] += weights[i];
            }
          }
        }
      }
    }

    private void grow(int size) {
      if (classTotals.length < size) {
        classTotals = java.util.Arrays.copyOf(classTotals, size);
      }
    }

    /** Each feature summed over the training rows; sized by the first training block. */
    double[] featureSums = new double[0];

    void add(RowBlock block) {
      minLabelWidth = Math.min(minLabelWidth, block.labelsPerRow());
      maxLabelWidth = Math.max(maxLabelWidth, block.labelsPerRow());
      if (block.isValidation()) {
        validationRows += block.numRows();
        validationWeight += block.rowWeightSum();
        for (double label : block.labels()) {
          maxValidationLabel = Math.max(maxValidationLabel, label);
        }
      } else {
        trainingRows += block.numRows();
        trainingWeight += block.rowWeightSum();
        if (classTotals != null) {
          countClasses(block);
        }
        if (featureSums.length < block.numFeatures()) {
          featureSums = java.util.Arrays.copyOf(featureSums, block.numFeatures());
        }
        block.features().addFeatureSums(block.numRows(), featureSums);
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
      blas.addAll(o.blas);
      minLabelWidth = Math.min(minLabelWidth, o.minLabelWidth);
      maxLabelWidth = Math.max(maxLabelWidth, o.maxLabelWidth);
      if (classTotals != null && o.classTotals != null) {
        grow(o.classTotals.length);
        for (int c = 0; c < o.classTotals.length; c++) {
          classTotals[c] += o.classTotals[c];
        }
      }
      if (featureSums.length < o.featureSums.length) {
        featureSums = java.util.Arrays.copyOf(featureSums, o.featureSums.length);
      }
      for (int j = 0; j < o.featureSums.length; j++) {
        featureSums[j] += o.featureSums[j];
      }
      return this;
    }
  }
}
