package io.github.sparkbackprop.nn;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Weights that balance the classes in the loss, scikit-learn's {@code "balanced"}: a class with
 * few rows counts as much in total as a class with many.
 *
 * <ul>
 *   <li>Single-label ({@link #balanced}): a row of class {@code c} weighs
 *       {@code n / (k * n_c)}, with {@code n} the training rows, {@code k} the classes (the
 *       network's outputs) and {@code n_c} the rows of class {@code c}; each class then totals
 *       {@code n / k}.
 *   <li>Multi-label ({@link #balancedLabels}): each label is a two-class problem of its own; the
 *       loss term of label {@code j} weighs {@code n / (2 * n_pos_j)} on a row that has the
 *       label and {@code n / (2 * n_neg_j)} on one that has not, so that the positives and the
 *       negatives of every label total {@code n / 2} each.
 * </ul>
 *
 * <p>With row weights, {@code n} and the counts are sums of the row weights (as scikit-learn
 * counts with {@code sample_weight}), and a row's class weight multiplies its row weight. A
 * class with no rows (or a label without positives or without negatives) gets the weight 0: it
 * has no rows to weigh, and its {@code n / (k * 0)} is not a number; the other classes keep
 * theirs, computed with the same {@code k}.
 *
 * <p>How a loss applies them: {@link OutputLoss#withClassWeights}.
 */
public final class ClassWeights implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Per class (single-label), or per label for the rows that have it (multi-label). */
  private final double[] positive;
  /** Per label for the rows that have it not; {@code null} for single-label weights. */
  private final double[] negative;

  private ClassWeights(double[] positive, double[] negative) {
    this.positive = positive;
    this.negative = negative;
  }

  /**
   * Balanced single-label weights, {@code n / (k * n_c)}.
   *
   * @param classTotals per class {@code c} (of {@code k = classTotals.length}) the number of its
   *     rows, or the sum of their row weights; {@code n} is their sum
   */
  public static ClassWeights balanced(double[] classTotals) {
    requireTotals(classTotals, "class");
    int k = classTotals.length;
    double n = sum(classTotals);
    double[] weights = new double[k];
    for (int c = 0; c < k; c++) {
      weights[c] = classTotals[c] > 0 ? n / (k * classTotals[c]) : 0;
    }
    return new ClassWeights(weights, null);
  }

  /**
   * Balanced multi-label weights: per label {@code j}, {@code n / (2 * n_pos_j)} for its
   * positives and {@code n / (2 * n_neg_j)} for its negatives, {@code n_neg_j = n - n_pos_j}.
   *
   * @param positiveTotals per label the number of rows that have it, or the sum of their row
   *     weights
   * @param total {@code n}: the number of rows, or the sum of their row weights
   */
  public static ClassWeights balancedLabels(double[] positiveTotals, double total) {
    requireTotals(positiveTotals, "label");
    if (!(total > 0) || Double.isInfinite(total)) {
      throw new IllegalArgumentException("The total weight must be finite and > 0 but was "
          + total);
    }
    double[] positive = new double[positiveTotals.length];
    double[] negative = new double[positiveTotals.length];
    for (int j = 0; j < positiveTotals.length; j++) {
      double pos = positiveTotals[j];
      // the sum of some row weights cannot exceed the sum of all of them; rounding aside
      double neg = Math.max(0, total - pos);
      positive[j] = pos > 0 ? total / (2 * pos) : 0;
      negative[j] = neg > 0 ? total / (2 * neg) : 0;
    }
    return new ClassWeights(positive, negative);
  }

  private static void requireTotals(double[] totals, String what) {
    if (totals.length == 0) {
      throw new IllegalArgumentException("Class weights need at least one " + what);
    }
    for (double t : totals) {
      if (!(t >= 0) || Double.isInfinite(t)) {
        throw new IllegalArgumentException("The " + what + " totals must be finite and >= 0 but"
            + " were " + Arrays.toString(totals));
      }
    }
    if (!(sum(totals) > 0)) {
      throw new IllegalArgumentException("The " + what + " totals are all zero: no row to"
          + " weigh");
    }
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** Whether these are per-label weights (multi-label) rather than per-class ones. */
  public boolean isPerLabel() {
    return negative != null;
  }

  /** Number of classes, or of labels. */
  public int size() {
    return positive.length;
  }

  /** The weight of each class (single-label); {@code null} for per-label weights. */
  public double[] classWeights() {
    return negative == null ? positive.clone() : null;
  }

  /** The weight of each label's positives (multi-label); {@code null} for per-class weights. */
  public double[] positiveWeights() {
    return negative == null ? null : positive.clone();
  }

  /** The weight of each label's negatives (multi-label); {@code null} for per-class weights. */
  public double[] negativeWeights() {
    return negative == null ? null : negative.clone();
  }

  /** The weight of class {@code c} (single-label). */
  double ofClass(int c) {
    return positive[c];
  }

  /** The weight of label {@code j}'s term on a row whose target for it is {@code y} (0 or 1). */
  double ofTerm(int j, double y) {
    return y > 0.5 ? positive[j] : negative[j];
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ClassWeights)) {
      return false;
    }
    ClassWeights w = (ClassWeights) o;
    return Arrays.equals(positive, w.positive) && Arrays.equals(negative, w.negative);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(positive) * 31 + Arrays.hashCode(negative);
  }

  @Override
  public String toString() {
    return negative == null ? "class weights " + Arrays.toString(positive)
        : "label weights (positive " + Arrays.toString(positive) + ", negative "
            + Arrays.toString(negative) + ")";
  }
}
