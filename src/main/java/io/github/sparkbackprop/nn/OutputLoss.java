package io.github.sparkbackprop.nn;

import java.io.Serializable;

/**
 * The output layer's transfer function together with its matching loss.
 *
 * <p>Pairing them (softmax with cross-entropy, sigmoid with binary cross-entropy, identity with
 * squared error or Huber) makes the error signal at the output simply
 * {@code prediction - target} (or its clipped form for Huber) and lets the cross-entropies be
 * computed in log-space, finite for any finite {@code z}.
 *
 * <p>Outputs are stored column-major, one column of {@code k} values per row of the block, and so
 * are the labels, {@link #labelsPerRow(int)} values per row: one class index for softmax, one
 * target per output for the others (a row's loss is then the sum over its outputs). Row weights
 * multiply both the loss and the error signal, so a row of weight 2 counts exactly as two copies
 * of it.
 *
 * <p>The classification losses may also weigh the classes ({@link #withClassWeights}): a row's
 * class weight then multiplies its row weight, in the loss, the error signal and
 * {@link #weightSum}, exactly as if the product were the row's weight.
 */
public abstract class OutputLoss implements Serializable {

  private static final long serialVersionUID = 1L;

  OutputLoss() {}

  /** Softmax outputs with multinomial cross-entropy; labels are class indices {@code 0..k-1}. */
  public static OutputLoss softmaxCrossEntropy() {
    return new SoftmaxCrossEntropy();
  }

  /**
   * Identity outputs with the loss {@code (z - y)^2 / 2} summed over the outputs: one target per
   * output (one output for a real label, {@code k} for a vector of {@code k}).
   */
  public static OutputLoss squaredError() {
    return new SquaredError();
  }

  /**
   * Identity outputs with the Huber loss summed over the outputs: {@code r^2 / 2} for
   * {@code |r| <= epsilon}, else {@code epsilon (|r| - epsilon / 2)}, where {@code r = z - y}.
   *
   * @param epsilon the residual size, in label units, at which the loss turns linear; positive
   */
  public static OutputLoss huber(double epsilon) {
    return new Huber(epsilon);
  }

  /**
   * One sigmoid output per label with the binary cross-entropy summed over the labels
   * (multi-label classification): {@code -y log s(z) - (1 - y) log(1 - s(z))} for each output,
   * with the target {@code y} 1 where the row has the label and 0 where it has not.
   */
  public static OutputLoss sigmoidCrossEntropy() {
    return new SigmoidCrossEntropy();
  }

  /** The Huber threshold of a Huber loss; 0 for the other losses. */
  public double huberEpsilon() {
    return 0;
  }

  /**
   * Whether the network is a (single-label) classifier: its outputs are the scores of classes of
   * which each row has exactly one.
   */
  public abstract boolean isClassification();

  /**
   * Label values each row carries for a network of {@code k} outputs: 1 (the class index) for
   * softmax, {@code k} (one target per output) for the others.
   */
  public int labelsPerRow(int k) {
    return k;
  }

  /** A short name for messages and persistence, e.g. {@code "softmaxCrossEntropy"}. */
  public abstract String name();

  /**
   * Computes the weighted loss of a block and overwrites {@code z} with the error signal
   * {@code w_i * dLoss_i / dz_i}.
   *
   * @param z raw outputs, {@code k x n} column-major from offset 0; replaced by the error signal
   * @param k outputs per row
   * @param n rows
   * @param labels labels of the rows, from {@code labelOffset}
   * @param weights row weights from {@code weightOffset}, or {@code null} for weight 1
   * @return {@code sum_i w_i * loss_i}
   */
  public abstract double lossAndDelta(
      double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
      int weightOffset);

  /** Like {@link #lossAndDelta} but leaves {@code z} unchanged (validation loss). */
  public abstract double loss(
      double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
      int weightOffset);

  /**
   * Converts raw outputs to the model's output space in place: softmax or sigmoid
   * probabilities; the identity for regression.
   */
  public abstract void toOutputSpace(double[] z, int offset, int k, int n);

  static double weightAt(double[] weights, int i) {
    return weights == null ? 1.0 : weights[i];
  }

  /**
   * This loss with its terms weighted by {@code weights} as well as by the row weights:
   * softmax takes per-class weights, one per output, a row's class weight multiplying its row
   * weight; the sigmoid loss takes per-label weights, the term of label {@code j} weighing its
   * positive or negative weight times the row weight.
   *
   * @throws IllegalArgumentException for a regression loss, or weights of the other kind
   */
  public OutputLoss withClassWeights(ClassWeights weights) {
    throw new IllegalArgumentException("The loss " + this + " has no classes to weigh");
  }

  /** The class weights of this loss, or {@code null} when only the row weights count. */
  public ClassWeights classWeights() {
    return null;
  }

  /**
   * The total weight of {@code n} rows, the denominator of their mean loss: the sum of their row
   * weights, each times the row's class weight (softmax) or the mean of its label terms'
   * weights (sigmoid) when the classes are weighted.
   *
   * @param k outputs per row
   * @param labels labels of the rows, from {@code labelOffset}
   * @param weights row weights from {@code weightOffset}, or {@code null} for weight 1
   */
  public double weightSum(int k, int n, double[] labels, int labelOffset, double[] weights,
      int weightOffset) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += weightAt(weights, weightOffset + i);
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && o.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return name();
  }

  /** Softmax with cross-entropy, computed through log-sum-exp. */
  static final class SoftmaxCrossEntropy extends OutputLoss {
    private static final long serialVersionUID = 1L;

    /** Per-class weights, or {@code null}. */
    private final ClassWeights classWeights;

    SoftmaxCrossEntropy() {
      this(null);
    }

    private SoftmaxCrossEntropy(ClassWeights classWeights) {
      if (classWeights != null && classWeights.isPerLabel()) {
        throw new IllegalArgumentException("Softmax weighs classes, not labels: " + classWeights);
      }
      this.classWeights = classWeights;
    }

    @Override
    public OutputLoss withClassWeights(ClassWeights weights) {
      return new SoftmaxCrossEntropy(weights);
    }

    @Override
    public ClassWeights classWeights() {
      return classWeights;
    }

    @Override
    public String toString() {
      return classWeights == null ? name() : name() + " with " + classWeights;
    }

    private void requireWeightPerClass(int k) {
      if (classWeights != null && classWeights.size() != k) {
        throw new IllegalArgumentException(classWeights.size() + " class weights given for "
            + k + " classes");
      }
    }

    /** Row {@code i}'s weight times its class's weight, when the classes are weighted. */
    private double rowWeight(double[] weights, int i, int label) {
      double w = weightAt(weights, i);
      return classWeights == null ? w : w * classWeights.ofClass(label);
    }

    @Override
    public double weightSum(int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      if (classWeights == null) {
        return super.weightSum(k, n, labels, labelOffset, weights, weightOffset);
      }
      requireWeightPerClass(k);
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += rowWeight(weights, weightOffset + i, classIndex(labels[labelOffset + i], k));
      }
      return s;
    }

    @Override
    public boolean isClassification() {
      return true;
    }

    @Override
    public String name() {
      return "softmaxCrossEntropy";
    }

    @Override
    public int labelsPerRow(int k) {
      return 1;
    }

    @Override
    public double lossAndDelta(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      requireWeightPerClass(k);
      double total = 0;
      for (int i = 0; i < n; i++) {
        int off = i * k;
        int label = classIndex(labels[labelOffset + i], k);
        double w = rowWeight(weights, weightOffset + i, label);
        double max = max(z, off, k);
        double shiftedLabelScore = z[off + label] - max;
        double sum = 0;
        for (int j = 0; j < k; j++) {
          double e = Math.exp(z[off + j] - max);
          z[off + j] = e;
          sum += e;
        }
        // log-sum-exp minus the label's score, both shifted by the max: sum >= 1, so the loss is
        // finite for any finite z even where exp(score - max) underflows to 0
        total += w * (Math.log(sum) - shiftedLabelScore);
        double inv = 1.0 / sum;
        for (int j = 0; j < k; j++) {
          z[off + j] = w * (z[off + j] * inv - (j == label ? 1.0 : 0.0));
        }
      }
      return total;
    }

    @Override
    public double loss(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      requireWeightPerClass(k);
      double total = 0;
      for (int i = 0; i < n; i++) {
        int off = i * k;
        int label = classIndex(labels[labelOffset + i], k);
        double max = max(z, off, k);
        double sum = 0;
        for (int j = 0; j < k; j++) {
          sum += Math.exp(z[off + j] - max);
        }
        double w = rowWeight(weights, weightOffset + i, label);
        total += w * (max + Math.log(sum) - z[off + label]);
      }
      return total;
    }

    @Override
    public void toOutputSpace(double[] z, int offset, int k, int n) {
      for (int i = 0; i < n; i++) {
        int off = offset + i * k;
        double max = max(z, off, k);
        double sum = 0;
        for (int j = 0; j < k; j++) {
          double e = Math.exp(z[off + j] - max);
          z[off + j] = e;
          sum += e;
        }
        double inv = 1.0 / sum;
        for (int j = 0; j < k; j++) {
          z[off + j] *= inv;
        }
      }
    }

    private static double max(double[] z, int off, int k) {
      double m = z[off];
      for (int j = 1; j < k; j++) {
        m = Math.max(m, z[off + j]);
      }
      return m;
    }

    private static int classIndex(double label, int k) {
      int c = (int) label;
      if (c != label || c < 0 || c >= k) {
        throw new IllegalArgumentException(
            "Class label " + label + " is not an integer in [0, " + k + ")");
      }
      return c;
    }
  }

  /** Identity outputs with half squared error, summed over the outputs. */
  static final class SquaredError extends OutputLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isClassification() {
      return false;
    }

    @Override
    public String name() {
      return "squaredError";
    }

    @Override
    public double lossAndDelta(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        double w = weightAt(weights, weightOffset + i);
        double rowLoss = 0;
        for (int j = i * k, end = j + k; j < end; j++) {
          double r = z[j] - labels[labelOffset + j];
          rowLoss += r * r;
          z[j] = w * r;
        }
        total += 0.5 * w * rowLoss;
      }
      return total;
    }

    @Override
    public double loss(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        double rowLoss = 0;
        for (int j = i * k, end = j + k; j < end; j++) {
          double r = z[j] - labels[labelOffset + j];
          rowLoss += r * r;
        }
        total += 0.5 * weightAt(weights, weightOffset + i) * rowLoss;
      }
      return total;
    }

    @Override
    public void toOutputSpace(double[] z, int offset, int k, int n) {
      // identity
    }
  }

  /** Identity outputs with the Huber loss, robust to outlying labels, summed over the outputs. */
  static final class Huber extends OutputLoss {
    private static final long serialVersionUID = 1L;
    private final double epsilon;

    Huber(double epsilon) {
      if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
        throw new IllegalArgumentException(
            "Huber epsilon must be finite and > 0 but was " + epsilon);
      }
      this.epsilon = epsilon;
    }

    @Override
    public boolean isClassification() {
      return false;
    }

    @Override
    public String name() {
      return "huber";
    }

    @Override
    public double huberEpsilon() {
      return epsilon;
    }

    @Override
    public String toString() {
      return "huber(epsilon=" + epsilon + ")";
    }

    /** The loss of one output whose residual is {@code r}. */
    private double outputLoss(double r) {
      double a = Math.abs(r);
      return a <= epsilon ? 0.5 * r * r : epsilon * (a - 0.5 * epsilon);
    }

    @Override
    public double lossAndDelta(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        double w = weightAt(weights, weightOffset + i);
        double rowLoss = 0;
        for (int j = i * k, end = j + k; j < end; j++) {
          double r = z[j] - labels[labelOffset + j];
          rowLoss += outputLoss(r);
          z[j] = w * (Math.abs(r) <= epsilon ? r : Math.copySign(epsilon, r));
        }
        total += w * rowLoss;
      }
      return total;
    }

    @Override
    public double loss(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        double rowLoss = 0;
        for (int j = i * k, end = j + k; j < end; j++) {
          rowLoss += outputLoss(z[j] - labels[labelOffset + j]);
        }
        total += weightAt(weights, weightOffset + i) * rowLoss;
      }
      return total;
    }

    @Override
    public void toOutputSpace(double[] z, int offset, int k, int n) {
      // identity
    }
  }

  /**
   * Sigmoid outputs with binary cross-entropy, one independent yes/no per output, summed over
   * the outputs. With {@code s = 1 / (1 + e^-z)}, the loss of one output is
   * {@code -y log s - (1 - y) log(1 - s) = max(z, 0) - y z + log(1 + e^-|z|)}: in that form
   * {@code exp} never overflows and the loss is finite for any finite {@code z}, also where
   * {@code s} rounds to 0 or 1. Its derivative is {@code s - y}.
   */
  static final class SigmoidCrossEntropy extends OutputLoss {
    private static final long serialVersionUID = 1L;

    /** Per-label weights of the positive and negative terms, or {@code null}. */
    private final ClassWeights labelWeights;

    SigmoidCrossEntropy() {
      this(null);
    }

    private SigmoidCrossEntropy(ClassWeights labelWeights) {
      if (labelWeights != null && !labelWeights.isPerLabel()) {
        throw new IllegalArgumentException("Sigmoid outputs weigh each label's positives and"
            + " negatives, not classes: " + labelWeights);
      }
      this.labelWeights = labelWeights;
    }

    @Override
    public OutputLoss withClassWeights(ClassWeights weights) {
      return new SigmoidCrossEntropy(weights);
    }

    @Override
    public ClassWeights classWeights() {
      return labelWeights;
    }

    @Override
    public String toString() {
      return labelWeights == null ? name() : name() + " with " + labelWeights;
    }

    private void requireWeightPerLabel(int k) {
      if (labelWeights != null && labelWeights.size() != k) {
        throw new IllegalArgumentException(labelWeights.size() + " label weights given for "
            + k + " labels");
      }
    }

    /**
     * Row weight times the mean weight of the row's label terms: what the row adds to the
     * denominator, so that with one label a weighted term counts exactly as a row of that
     * weight, and over all rows each label's terms total the rows' weight.
     */
    @Override
    public double weightSum(int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      if (labelWeights == null) {
        return super.weightSum(k, n, labels, labelOffset, weights, weightOffset);
      }
      requireWeightPerLabel(k);
      double s = 0;
      for (int i = 0; i < n; i++) {
        double terms = 0;
        for (int j = 0; j < k; j++) {
          terms += labelWeights.ofTerm(j, labels[labelOffset + i * k + j]);
        }
        s += weightAt(weights, weightOffset + i) * (terms / k);
      }
      return s;
    }

    @Override
    public boolean isClassification() {
      return false;
    }

    @Override
    public String name() {
      return "sigmoidCrossEntropy";
    }

    private static double outputLoss(double z, double y) {
      return Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** {@code 1 / (1 + e^-z)}, computed from {@code e^-|z|} so that it never overflows. */
    static double sigmoid(double z) {
      double e = Math.exp(-Math.abs(z));
      return z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    @Override
    public double lossAndDelta(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      if (labelWeights != null) {
        return weightedLossAndDelta(z, k, n, labels, labelOffset, weights, weightOffset);
      }
      double total = 0;
      for (int i = 0; i < n; i++) {
        double w = weightAt(weights, weightOffset + i);
        double rowLoss = 0;
        for (int j = i * k, end = j + k; j < end; j++) {
          double y = labels[labelOffset + j];
          rowLoss += outputLoss(z[j], y);
          z[j] = w * (sigmoid(z[j]) - y);
        }
        total += w * rowLoss;
      }
      return total;
    }

    /** {@link #lossAndDelta} with each term weighted by its label's positive or negative weight. */
    private double weightedLossAndDelta(double[] z, int k, int n, double[] labels,
        int labelOffset, double[] weights, int weightOffset) {
      requireWeightPerLabel(k);
      double total = 0;
      for (int i = 0; i < n; i++) {
        double w = weightAt(weights, weightOffset + i);
        for (int j = 0, at = i * k; j < k; j++, at++) {
          double y = labels[labelOffset + at];
          double termWeight = w * labelWeights.ofTerm(j, y);
          total += termWeight * outputLoss(z[at], y);
          z[at] = termWeight * (sigmoid(z[at]) - y);
        }
      }
      return total;
    }

    @Override
    public double loss(
        double[] z, int k, int n, double[] labels, int labelOffset, double[] weights,
        int weightOffset) {
      if (labelWeights != null) {
        requireWeightPerLabel(k);
        double total = 0;
        for (int i = 0; i < n; i++) {
          double w = weightAt(weights, weightOffset + i);
          for (int j = 0, at = i * k; j < k; j++, at++) {
            double y = labels[labelOffset + at];
            total += w * labelWeights.ofTerm(j, y) * outputLoss(z[at], y);
          }
        }
        return total;
      }
      double total = 0;
      for (int i = 0; i < n; i++) {
        double rowLoss = 0;
        for (int j = i * k, end = j + k; j < end; j++) {
          rowLoss += outputLoss(z[j], labels[labelOffset + j]);
        }
        total += weightAt(weights, weightOffset + i) * rowLoss;
      }
      return total;
    }

    @Override
    public void toOutputSpace(double[] z, int offset, int k, int n) {
      for (int i = offset, end = offset + k * n; i < end; i++) {
        z[i] = sigmoid(z[i]);
      }
    }
  }
}
