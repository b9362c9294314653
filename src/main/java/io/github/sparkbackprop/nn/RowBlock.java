package io.github.sparkbackprop.nn;

import java.io.Serializable;
import java.util.List;

/**
 * Rows stacked for GEMM: their {@link Features} as one contiguous column-major
 * {@code numFeatures x n} matrix, with their labels and row weights, and whether they are held
 * out for validation. A row's label is {@link #labelsPerRow()} values: one (a class index or a
 * real value), or one target per output of a network with several (a vector to regress on, or
 * 0/1 for each label of a multi-label classifier), stored row after row.
 *
 * <p>Blocks are built once per training run and cached by Spark; every pass over the data then
 * runs straight from these arrays with no per-row objects. (Row weights say how much each row
 * counts in the loss; the network's own parameters are {@link Weights}.)
 */
public final class RowBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Features features;
  private final double[] labels;
  private final int labelsPerRow;
  private final double[] rowWeights;
  private final boolean validation;

  /**
   * Wraps arrays (no copy), one label value per row.
   *
   * @param features the rows' features, in the precision passes over them will run in
   * @param labels one label per row
   * @param rowWeights one weight per row
   * @param validation whether these rows are held out for validation rather than trained on
   */
  public RowBlock(Features features, double[] labels, double[] rowWeights, boolean validation) {
    this(features, labels, 1, rowWeights, validation);
  }

  /**
   * Wraps arrays (no copy).
   *
   * @param features the rows' features, in the precision passes over them will run in
   * @param labels {@code labelsPerRow} label values per row, row after row
   * @param labelsPerRow label values of each row, at least 1
   * @param rowWeights one weight per row
   * @param validation whether these rows are held out for validation rather than trained on
   */
  public RowBlock(Features features, double[] labels, int labelsPerRow, double[] rowWeights,
      boolean validation) {
    if (labelsPerRow < 1 || labels.length != (long) labelsPerRow * features.numRows()
        || rowWeights.length != features.numRows()) {
      throw new IllegalArgumentException("Block arrays do not match " + features.numRows()
          + " rows of " + features.numFeatures() + " features and " + labelsPerRow
          + " label values");
    }
    this.features = features;
    this.labels = labels;
    this.labelsPerRow = labelsPerRow;
    this.rowWeights = rowWeights;
    this.validation = validation;
  }

  /**
   * Wraps arrays of training rows (no copy).
   *
   * @param numRows rows in the block
   * @param numFeatures features per row
   * @param features {@code numFeatures * numRows} values, row after row
   * @param labels {@code numRows} labels
   * @param rowWeights {@code numRows} row weights
   */
  public RowBlock(
      int numRows, int numFeatures, double[] features, double[] labels, double[] rowWeights) {
    this(numRows, numFeatures, features, labels, rowWeights, false);
  }

  /**
   * Wraps arrays (no copy).
   *
   * @param numRows rows in the block
   * @param numFeatures features per row
   * @param features {@code numFeatures * numRows} values, row after row
   * @param labels {@code numRows} labels
   * @param rowWeights {@code numRows} row weights
   * @param validation whether these rows are held out for validation rather than trained on
   */
  public RowBlock(int numRows, int numFeatures, double[] features, double[] labels,
      double[] rowWeights, boolean validation) {
    this(checked(Features.of(features, numFeatures), numRows, features.length), labels,
        rowWeights, validation);
  }

  /**
   * Wraps arrays of single-precision features (no copy): half the memory, and passes over it
   * run in single precision.
   *
   * @param numRows rows in the block
   * @param numFeatures features per row
   * @param features {@code numFeatures * numRows} values, row after row
   * @param labels {@code numRows} labels
   * @param rowWeights {@code numRows} row weights
   * @param validation whether these rows are held out for validation rather than trained on
   */
  public static RowBlock ofFloats(int numRows, int numFeatures, float[] features,
      double[] labels, double[] rowWeights, boolean validation) {
    return new RowBlock(checked(Features.ofFloats(features, numFeatures), numRows,
        features.length), labels, rowWeights, validation);
  }

  private static Features checked(Features f, int numRows, int length) {
    if ((long) numRows * f.numFeatures() != length) {
      throw new IllegalArgumentException(
          "Block arrays do not match " + numRows + " rows of " + f.numFeatures() + " features");
    }
    return f;
  }

  /**
   * The rows at {@code rows} as one new block (a mini-batch gathered into one matrix, so that it
   * still runs as one GEMM per layer), in the blocks' precision. Row indices count the rows of
   * {@code blocks} in order: 0 is the first block's first row.
   */
  public static RowBlock gather(List<RowBlock> blocks, int[] rows) {
    RowBlock first = blocks.get(0);
    int[] starts = new int[blocks.size() + 1];
    for (int b = 0; b < blocks.size(); b++) {
      starts[b + 1] = starts[b] + blocks.get(b).numRows();
    }
    Features x = Features.allocate(first.features.precision(), first.numFeatures(), rows.length);
    int width = first.labelsPerRow;
    double[] labels = new double[rows.length * width];
    double[] rowWeights = new double[rows.length];
    int block = 0;
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < starts[block] || r >= starts[block + 1]) {
        block = findBlock(starts, r);
      }
      RowBlock source = blocks.get(block);
      int local = r - starts[block];
      x.copyRow(i, source.features, local);
      System.arraycopy(source.labels, local * width, labels, i * width, width);
      rowWeights[i] = source.rowWeights[local];
    }
    return new RowBlock(x, labels, width, rowWeights, false);
  }

  private static int findBlock(int[] starts, int row) {
    int lo = 0;
    int hi = starts.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** Whether these rows are held out for validation rather than trained on. */
  public boolean isValidation() {
    return validation;
  }

  /** Rows in the block. */
  public int numRows() {
    return features.numRows();
  }

  /** Features per row. */
  public int numFeatures() {
    return features.numFeatures();
  }

  /** The rows' features; shared, do not modify. */
  public Features features() {
    return features;
  }

  /** The labels, {@link #labelsPerRow()} values per row; shared, do not modify. */
  public double[] labels() {
    return labels;
  }

  /** Label values of each row: 1, or one target per output of the network. */
  public int labelsPerRow() {
    return labelsPerRow;
  }

  /** The row weights (how much each row counts in the loss); shared, do not modify. */
  public double[] rowWeights() {
    return rowWeights;
  }

  /** Sum of all row weights. */
  public double rowWeightSum() {
    return rowWeightSum(0, numRows());
  }

  /** Sum of the row weights of rows {@code [first, first + n)}. */
  public double rowWeightSum(int first, int n) {
    double s = 0;
    for (int i = first; i < first + n; i++) {
      s += rowWeights[i];
    }
    return s;
  }
}
