package io.github.sparkbackprop.nn;

import java.io.Serializable;

/**
 * Rows stacked for GEMM: the features of {@code n} rows as one contiguous column-major
 * {@code numFeatures x n} matrix (row {@code i}'s features at {@code [i*d, (i+1)*d)}), with their
 * labels and weights.
 *
 * <p>Blocks are built once per training run and cached by Spark; every pass over the data then
 * runs straight from these arrays with no per-row objects.
 */
public final class RowBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int numRows;
  private final int numFeatures;
  private final double[] features;
  private final double[] labels;
  private final double[] weights;
  private final boolean validation;

  /**
   * Wraps arrays of training rows (no copy).
   *
   * @param numRows rows in the block
   * @param numFeatures features per row
   * @param features {@code numFeatures * numRows} values, row after row
   * @param labels {@code numRows} labels
   * @param weights {@code numRows} row weights
   */
  public RowBlock(
      int numRows, int numFeatures, double[] features, double[] labels, double[] weights) {
    this(numRows, numFeatures, features, labels, weights, false);
  }

  /**
   * Wraps arrays (no copy).
   *
   * @param numRows rows in the block
   * @param numFeatures features per row
   * @param features {@code numFeatures * numRows} values, row after row
   * @param labels {@code numRows} labels
   * @param weights {@code numRows} row weights
   * @param validation whether these rows are held out for validation rather than trained on
   */
  public RowBlock(int numRows, int numFeatures, double[] features, double[] labels,
      double[] weights, boolean validation) {
    if ((long) numRows * numFeatures != features.length
        || labels.length != numRows
        || weights.length != numRows) {
      throw new IllegalArgumentException(
          "Block arrays do not match " + numRows + " rows of " + numFeatures + " features");
    }
    this.numRows = numRows;
    this.numFeatures = numFeatures;
    this.features = features;
    this.labels = labels;
    this.weights = weights;
    this.validation = validation;
  }

  /** Whether these rows are held out for validation rather than trained on. */
  public boolean isValidation() {
    return validation;
  }

  /** Rows in the block. */
  public int numRows() {
    return numRows;
  }

  /** Features per row. */
  public int numFeatures() {
    return numFeatures;
  }

  /** The features, {@code numFeatures x numRows} column-major; shared, do not modify. */
  public double[] features() {
    return features;
  }

  /** The labels; shared, do not modify. */
  public double[] labels() {
    return labels;
  }

  /** The row weights; shared, do not modify. */
  public double[] weights() {
    return weights;
  }

  /** Sum of the row weights. */
  public double weightSum() {
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return s;
  }
}
