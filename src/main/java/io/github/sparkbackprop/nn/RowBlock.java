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
  private final float[] floatFeatures;
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
    this(numRows, numFeatures, features, null, labels, weights, validation);
  }

  /**
   * Wraps arrays of single-precision features (no copy): half the memory, and passes over it
   * run in single precision.
   *
   * @param numRows rows in the block
   * @param numFeatures features per row
   * @param features {@code numFeatures * numRows} values, row after row
   * @param labels {@code numRows} labels
   * @param weights {@code numRows} row weights
   * @param validation whether these rows are held out for validation rather than trained on
   */
  public static RowBlock ofFloats(int numRows, int numFeatures, float[] features,
      double[] labels, double[] weights, boolean validation) {
    return new RowBlock(numRows, numFeatures, null, features, labels, weights, validation);
  }

  private RowBlock(int numRows, int numFeatures, double[] features, float[] floatFeatures,
      double[] labels, double[] weights, boolean validation) {
    int featureCount = features != null ? features.length : floatFeatures.length;
    if ((long) numRows * numFeatures != featureCount
        || labels.length != numRows
        || weights.length != numRows) {
      throw new IllegalArgumentException(
          "Block arrays do not match " + numRows + " rows of " + numFeatures + " features");
    }
    this.numRows = numRows;
    this.numFeatures = numFeatures;
    this.features = features;
    this.floatFeatures = floatFeatures;
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

  /**
   * The features, {@code numFeatures x numRows} column-major, or {@code null} in a
   * single-precision block; shared, do not modify.
   */
  public double[] features() {
    return features;
  }

  /** The features of a single-precision block, else {@code null}; shared, do not modify. */
  public float[] floatFeatures() {
    return floatFeatures;
  }

  /** Whether the features are stored (and processed) in single precision. */
  public boolean isSinglePrecision() {
    return floatFeatures != null;
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
