package io.github.sparkbackprop.nn;

/** Turning a network's outputs into a predicted class. */
public final class Predictions {

  private Predictions() {}

  /** Index of the largest of {@code values[offset .. offset+k)}; the first on ties. */
  public static int argmax(double[] values, int offset, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  /**
   * Spark's thresholded decision: the class maximising {@code p_j / t_j}, where a threshold of 0
   * makes its class win whenever it has any probability at all.
   *
   * @param probabilities class probabilities from {@code offset}
   * @param offset offset of the first class
   * @param k number of classes
   * @param thresholds one threshold per class, each >= 0
   */
  public static int argmaxScaled(
      double[] probabilities, int offset, int k, double[] thresholds) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      double t = thresholds[j];
      double score = t == 0.0 ? Double.POSITIVE_INFINITY : probabilities[offset + j] / t;
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    return best;
  }

  /**
   * The multi-label decision: writes to {@code labels} the indices {@code j} (ascending) whose
   * probability exceeds its threshold, {@code p_j > t_j}, as Spark's binary classifiers decide
   * a positive ({@code probability > threshold}).
   *
   * @param probabilities label probabilities from {@code offset}
   * @param offset offset of the first label
   * @param k number of labels
   * @param thresholds one threshold per label
   * @param labels receives the chosen indices from {@code labelsOffset}, room for {@code k}
   * @param labelsOffset where the first chosen index goes
   * @return how many labels were chosen
   */
  public static int labelsAbove(double[] probabilities, int offset, int k, double[] thresholds,
      double[] labels, int labelsOffset) {
    int count = 0;
    for (int j = 0; j < k; j++) {
      if (probabilities[offset + j] > thresholds[j]) {
        labels[labelsOffset + count++] = j;
      }
    }
    return count;
  }
}
