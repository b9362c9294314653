package io.github.sparkbackprop.optim;

/**
 * What the partitions send back from a round of local steps ({@link LocalSteps}): the weights and
 * update-rule vectors each partition ended the round with, weighted by the row weight it stepped
 * on, summed over partitions; and the losses of its batches. Merging is summing, so the result is
 * the row-weighted average whatever the order Spark merges in (up to rounding).
 *
 * <p>A partition that held no rows of the round's batches took its steps on zero gradients; it
 * counts for nothing in the average. It is kept aside ({@code idle}) only for the case where no
 * partition had rows: all of those then ended at the same point, which is the round's result.
 *
 * <p>It is shipped by the Spark side in a wire form of its own ({@link #scalars()},
 * {@link #arrays()}, {@link #fromParts}), as raw bytes: Java's serialisation of three arrays of
 * a network's size is tens of milliseconds per round.
 */
public final class AveragingSums {

  private double weight;
  private double lossSum;
  private long steps;
  /** Sums of weight times the end points; {@code null} while no partition with rows merged. */
  private double[] x;
  private double[][] vectors;
  /** The end point of a partition without rows; {@code null} once one with rows merged. */
  private double[] idleX;
  private double[][] idleVectors;

  private AveragingSums() {}

  /**
   * One partition's contribution.
   *
   * @param x the weights it ended the round with; taken, not copied
   * @param state its update rule's state at the end of the round
   * @param lossSum sum over its local steps of the batch's mean loss times the batch's weight
   * @param weight sum of the row weights of its batches
   */
  public static AveragingSums of(double[] x, UpdateRuleState state, double lossSum,
      double weight) {
    AveragingSums sums = new AveragingSums();
    sums.steps = state.steps();
    double[][] vectors = state.vectors();
    if (weight > 0) {
      sums.weight = weight;
      sums.lossSum = lossSum;
      scale(x, weight);
      for (double[] v : vectors) {
        scale(v, weight);
      }
      sums.x = x;
      sums.vectors = vectors;
    } else {
      sums.idleX = x;
      sums.idleVectors = vectors;
    }
    return sums;
  }

  /** An empty sum, the neutral element of {@link #merge}. */
  public static AveragingSums empty() {
    return new AveragingSums();
  }

  /** Adds {@code other} into this; returns this. */
  public AveragingSums merge(AveragingSums other) {
    if (other.x != null) {
      if (x == null) {
        x = other.x.clone();
        vectors = new double[other.vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
          vectors[i] = other.vectors[i] == null ? null : other.vectors[i].clone();
        }
      } else {
        add(x, other.x);
        for (int i = 0; i < vectors.length; i++) {
          add(vectors[i], other.vectors[i]);
        }
      }
      weight += other.weight;
      lossSum += other.lossSum;
      idleX = null;
      idleVectors = null;
    } else if (other.idleX != null && x == null && idleX == null) {
      idleX = other.idleX;
      idleVectors = other.idleVectors;
    }
    steps = Math.max(steps, other.steps);
    return this;
  }

  /**
   * The scalars of the wire form: the weight, the loss sum, the step count, and 1 if the arrays
   * are an idle partition's end point (0 if they are weighted sums).
   */
  public double[] scalars() {
    return new double[] {weight, lossSum, steps, x == null && idleX != null ? 1 : 0};
  }

  /**
   * The arrays of the wire form, not copied: the weights then the rule's vectors (weighted sums,
   * or an idle partition's end point); empty for an empty sum.
   */
  public double[][] arrays() {
    double[] first = x != null ? x : idleX;
    if (first == null) {
      return new double[0][];
    }
    double[][] rest = x != null ? vectors : idleVectors;
    double[][] all = new double[rest.length + 1][];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  /** The sums back from their wire form ({@link #scalars()}, {@link #arrays()}); arrays taken. */
  public static AveragingSums fromParts(double[] scalars, double[][] arrays) {
    AveragingSums sums = new AveragingSums();
    sums.weight = scalars[0];
    sums.lossSum = scalars[1];
    sums.steps = (long) scalars[2];
    if (arrays.length > 0) {
      double[][] vectors = new double[arrays.length - 1][];
      System.arraycopy(arrays, 1, vectors, 0, vectors.length);
      if (scalars[3] == 1) {
        sums.idleX = arrays[0];
        sums.idleVectors = vectors;
      } else {
        sums.x = arrays[0];
        sums.vectors = vectors;
      }
    }
    return sums;
  }

  /** Whether any partition contributed. */
  public boolean isEmpty() {
    return x == null && idleX == null;
  }

  /** The sum of the row weights all partitions stepped on. */
  public double weight() {
    return weight;
  }

  /** The weighted mean loss of the round's local batches; 0 when they held no weight. */
  public double meanLoss() {
    return weight > 0 ? lossSum / weight : 0.0;
  }

  /** The row-weighted mean of the partitions' end weights. */
  public double[] meanX() {
    return x == null ? idleX.clone() : scaled(x, 1.0 / weight);
  }

  /** The row-weighted mean of the partitions' update-rule states. */
  public UpdateRuleState meanState() {
    double[][] source = x == null ? idleVectors : vectors;
    double[][] mean = new double[source.length][];
    for (int i = 0; i < source.length; i++) {
      mean[i] = source[i] == null ? null
          : x == null ? source[i].clone() : scaled(source[i], 1.0 / weight);
    }
    return new UpdateRuleState(steps, mean);
  }

  private static void scale(double[] v, double factor) {
    if (v != null) {
      for (int i = 0; i < v.length; i++) {
        v[i] *= factor;
      }
    }
  }

  private static double[] scaled(double[] v, double factor) {
    double[] out = v.clone();
    scale(out, factor);
    return out;
  }

  private static void add(double[] sum, double[] v) {
    if (sum != null) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
  }
}
