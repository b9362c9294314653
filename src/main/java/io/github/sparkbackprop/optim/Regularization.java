package io.github.sparkbackprop.optim;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Elastic-net regularisation, with Spark ML's parameterisation:
 * {@code regParam * (elasticNetParam * ||w||_1 + (1 - elasticNetParam) / 2 * ||w||_2^2)}.
 *
 * <p>Only the coordinates flagged as penalised take part; in a neural network those are the
 * connection weights, never the biases (penalising a bias only shifts the decision boundary and
 * is not what users of Spark, scikit-learn or Keras expect).
 */
public final class Regularization implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double l1;
  private final double l2;
  /** Travels as a bit set ({@link #writeObject}): one byte a weight would be the bulk of it. */
  private transient boolean[] penalised;

  /**
   * Creates the term.
   *
   * @param regParam overall strength, at least 0
   * @param elasticNetParam mix between L2 (0) and L1 (1), in [0, 1]
   * @param penalised which coordinates are penalised; {@code null} means all of them
   */
  public Regularization(double regParam, double elasticNetParam, boolean[] penalised) {
    if (!(regParam >= 0) || Double.isInfinite(regParam)) {
      throw new IllegalArgumentException("regParam must be finite and >= 0 but was " + regParam);
    }
    if (!(elasticNetParam >= 0 && elasticNetParam <= 1)) {
      throw new IllegalArgumentException(
          "elasticNetParam must be in [0, 1] but was " + elasticNetParam);
    }
    this.l1 = regParam * elasticNetParam;
    this.l2 = regParam * (1 - elasticNetParam);
    this.penalised = penalised == null ? null : penalised.clone();
  }

  /** No regularisation at all. */
  public static Regularization none() {
    return new Regularization(0, 0, null);
  }

  /** The L1 strength {@code regParam * elasticNetParam}. */
  public double l1Strength() {
    return l1;
  }

  /** The L2 strength {@code regParam * (1 - elasticNetParam)}. */
  public double l2Strength() {
    return l2;
  }

  /** Whether coordinate {@code i} is penalised. */
  public boolean isPenalised(int i) {
    return penalised == null || penalised[i];
  }

  /** The penalty {@code l1 * sum|x_i| + l2 / 2 * sum x_i^2} over the penalised coordinates. */
  public double penalty(double[] x) {
    if (l1 == 0 && l2 == 0) {
      return 0;
    }
    double abs = 0;
    double sq = 0;
    for (int i = 0; i < x.length; i++) {
      if (isPenalised(i)) {
        abs += Math.abs(x[i]);
        sq += x[i] * x[i];
      }
    }
    return l1 * abs + 0.5 * l2 * sq;
  }

  /** Adds the gradient of the L2 part, {@code l2 * x_i}, into {@code gradient}. */
  public void addL2Gradient(double[] x, double[] gradient) {
    if (l2 == 0) {
      return;
    }
    for (int i = 0; i < x.length; i++) {
      if (isPenalised(i)) {
        gradient[i] += l2 * x[i];
      }
    }
  }

  /**
   * Applies the proximal operator of the L1 part for a step of length {@code step}: soft
   * thresholding, which sets small weights to exactly zero.
   */
  public void applyL1Proximal(double[] x, double step) {
    if (l1 == 0) {
      return;
    }
    double threshold = l1 * step;
    for (int i = 0; i < x.length; i++) {
      if (isPenalised(i)) {
        double v = x[i];
        x[i] = v > threshold ? v - threshold : (v < -threshold ? v + threshold : 0.0);
      }
    }
  }

  @Override
  public String toString() {
    return "Regularization(l1=" + l1 + ", l2=" + l2 + ", penalised="
        + (penalised == null ? "all" : Arrays.stream(toInts()).sum() + "/" + penalised.length)
        + ")";
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(penalised == null ? -1 : penalised.length);
    if (penalised != null) {
      BitSet bits = new BitSet(penalised.length);
      for (int i = 0; i < penalised.length; i++) {
        bits.set(i, penalised[i]);
      }
      out.writeObject(bits.toLongArray());
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int n = in.readInt();
    if (n >= 0) {
      BitSet bits = BitSet.valueOf((long[]) in.readObject());
      penalised = new boolean[n];
      for (int i = 0; i < n; i++) {
        penalised[i] = bits.get(i);
      }
    }
  }

  private int[] toInts() {
    int[] r = new int[penalised.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = penalised[i] ? 1 : 0;
    }
    return r;
  }
}
