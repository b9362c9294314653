package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.AllReduce;
import io.github.sparkbackprop.ml.internal.exchange.Wire;
import io.github.sparkbackprop.ml.internal.exchange.WireCodec;
import io.github.sparkbackprop.nn.DoubleDouble;
import io.github.sparkbackprop.nn.Dropout;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The sums one pass over the data produces: the weighted loss, weight and gradient of the rows
 * the gradient is taken over, and, when the {@link PassRequest} asks, the weighted loss and
 * weight of all training rows and of the validation rows.
 *
 * <p>The zero value is tiny, its gradient buffer allocated on first use, so that
 * {@code treeAggregate} ships no large empty arrays to the tasks, and merging into an empty sum
 * takes the other side as it is instead of copying it. Partition sums are combined in
 * double-double ({@link DoubleDouble}) so that the order in which Spark happens to combine them
 * does not change the result.
 */
final class PassSums implements PartitionSums<PassSums>, Serializable {

  private static final long serialVersionUID = 1L;

  /** The scalar sums, each as a double-double {@code {hi, lo}} pair. */
  private static final int LOSS = 0;
  private static final int WEIGHT = 2;
  private static final int FULL_LOSS = 4;
  private static final int FULL_WEIGHT = 6;
  private static final int VALIDATION_LOSS = 8;
  private static final int VALIDATION_WEIGHT = 10;

  private double[] scalars = new double[12];
  private long rows;
  private transient double[] gradient;
  /** Low parts of the gradient, allocated when two sums are merged. */
  private transient double[] gradientLow;
  /** The precision {@link #gradient} travels in when this sum is serialised. */
  private transient Precision shipping = Precision.DOUBLE;

  /** Adds the gradient of {@code n} rows starting at {@code first} of a block. */
  void addGradient(NetworkPasses network, Weights weights, RowBlock block, int first,
      int n, Workspace ws) {
    addGradient(network, weights, block, first, n, ws, null);
  }

  /**
   * Adds the gradient of {@code n} rows starting at {@code first} of a block, their hidden units
   * dropped as {@code masks} says ({@code null}: none).
   */
  void addGradient(NetworkPasses network, Weights weights, RowBlock block, int first,
      int n, Workspace ws, Dropout.Masks masks) {
    if (gradient == null) {
      gradient = new double[weights.size()];
    }
    add(LOSS, network.addGradient(weights, block, first, n, gradient, ws, masks));
    add(WEIGHT, network.weightSum(block, first, n));
    rows += n;
  }

  /** Adds a whole block's loss (no gradient) to the full-training or validation sums. */
  void addLoss(NetworkPasses network, Weights weights, RowBlock block, Workspace ws) {
    double loss = network.loss(weights, block, ws);
    double weight = network.weightSum(block, 0, block.numRows());
    if (block.isValidation()) {
      add(VALIDATION_LOSS, loss);
      add(VALIDATION_WEIGHT, weight);
    } else {
      add(FULL_LOSS, loss);
      add(FULL_WEIGHT, weight);
    }
  }

  private void add(int index, double value) {
    double[] pair = {scalars[index], scalars[index + 1]};
    DoubleDouble.addInto(pair, value, 0.0);
    scalars[index] = pair[0];
    scalars[index + 1] = pair[1];
  }

  private double get(int index) {
    return DoubleDouble.value(scalars[index], scalars[index + 1]);
  }

  /** Weighted loss sum of the rows the gradient was taken over. */
  double lossSum() {
    return get(LOSS);
  }

  /** Weight sum of the rows the gradient was taken over. */
  double weightSum() {
    return get(WEIGHT);
  }

  /** Weighted loss sum over all training rows (when requested). */
  double fullLossSum() {
    return get(FULL_LOSS);
  }

  /** Weight sum of all training rows (when requested). */
  double fullWeightSum() {
    return get(FULL_WEIGHT);
  }

  /** Weighted loss sum over the validation rows (when requested). */
  double validationLossSum() {
    return get(VALIDATION_LOSS);
  }

  /** Weight sum of the validation rows (when requested). */
  double validationWeightSum() {
    return get(VALIDATION_WEIGHT);
  }

  /**
   * Lets this partition's gradient travel to the driver in the precision its pass ran in: with
   * precision "float" half the bytes, which keeps a 235k-parameter network's result under
   * Spark's 1 MiB limit for results sent directly rather than through the block manager. Sums
   * merged from several partitions always travel in full (double-double).
   */
  void shipIn(Precision precision) {
    if (gradientLow == null) {
      shipping = precision;
    }
  }

  /** Weighted mean loss of all training rows (when requested). */
  double meanFullLoss() {
    return fullLossSum() / fullWeightSum();
  }

  /** Weighted mean loss of the validation rows (when requested). */
  double meanValidationLoss() {
    return validationLossSum() / validationWeightSum();
  }

  /**
   * The batch these sums are of, for the optimiser: the weighted mean loss and weight of the
   * gradient's rows, with the mean gradient written into {@code gradient}; a batch whose rows all
   * weigh nothing carries no information, so its loss and weight are 0 and its gradient zero
   * (no step). The full training and validation losses are those {@code request} asks for.
   *
   * @param request what the optimiser asked for
   * @param pass the pass these sums are of
   * @param gradient receives the mean gradient (overwritten)
   */
  BatchEvaluation batchEvaluation(BatchRequest request, PassRequest pass, double[] gradient) {
    double full = Double.NaN;
    if (request.fullTrainingLoss()) {
      // A batch of all training rows: its loss is the full loss.
      full = pass.rows() == PassRequest.Rows.ALL_TRAINING
          ? lossSum() / weightSum()
          : meanFullLoss();
    }
    double validation = request.validationLoss() ? meanValidationLoss() : Double.NaN;
    if (!hasGradient() || !(weightSum() > 0)) {
      Arrays.fill(gradient, 0.0);
      return new BatchEvaluation(0.0, 0.0, full, validation);
    }
    double scale = 1.0 / weightSum();
    scaledGradient(scale, gradient);
    return new BatchEvaluation(lossSum() * scale, weightSum(), full, validation);
  }

  /** Whether a gradient was computed. */
  boolean hasGradient() {
    return gradient != null;
  }

  /** Writes {@code scale * gradient} into {@code out}. */
  void scaledGradient(double scale, double[] out) {
    for (int i = 0; i < out.length; i++) {
      double g = gradientLow == null ? gradient[i] : DoubleDouble.value(gradient[i],
          gradientLow[i]);
      out[i] = g * scale;
    }
  }

  private boolean isEmpty() {
    if (hasGradient() || rows != 0) {
      return false;
    }
    for (double s : scalars) {
      if (s != 0) {
        return false;
      }
    }
    return true;
  }

  /** Adds {@code other} into this sum (or returns {@code other} if this one is empty). */
  @Override
  public PassSums merge(PassSums other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    for (int i = 0; i < scalars.length; i += 2) {
      double[] pair = {scalars[i], scalars[i + 1]};
      DoubleDouble.addInto(pair, other.scalars[i], other.scalars[i + 1]);
      scalars[i] = pair[0];
      scalars[i + 1] = pair[1];
    }
    rows += other.rows;
    shipping = Precision.DOUBLE;
    if (other.gradient != null) {
      if (gradient == null) {
        gradient = other.gradient;
        gradientLow = other.gradientLow;
      } else {
        if (gradientLow == null) {
          gradientLow = new double[gradient.length];
        }
        DoubleDouble.addInto(gradient, gradientLow, other.gradient, other.gradientLow);
      }
    }
    return this;
  }

  /**
   * How the tasks of a barrier epoch add up their sums ({@link AllReduce}): as the driver
   * receives them from a job (a partition's gradient in the precision it ships in) and merges
   * them. The wire form: the scalars and the row count; one array, the gradient (absent when
   * none was computed), with the double-double pair of a merged sum already rounded to the one
   * double {@link #scaledGradient} would take from it.
   */
  static final WireCodec<PassSums> WIRE = new WireCodec<>() {
    @Override
    public PassSums zero() {
      return new PassSums();
    }

    @Override
    public PassSums merge(PassSums total, PassSums part) {
      return total.merge(part);
    }

    @Override
    public Wire toWire(PassSums sums) {
      double[] scalars = Arrays.copyOf(sums.scalars, sums.scalars.length + 1);
      scalars[sums.scalars.length] = sums.rows;
      double[] gradient = sums.gradient;
      boolean single = false;
      if (gradient != null && sums.gradientLow != null) {
        gradient = new double[sums.gradient.length];
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] = DoubleDouble.value(sums.gradient[i], sums.gradientLow[i]);
        }
      } else if (gradient != null && sums.shipping == Precision.FLOAT) {
        // what the driver reads back from a task that ships floats
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] = (float) gradient[i];
        }
        single = true;
      }
      return new Wire(scalars, new double[][] {gradient}, new boolean[] {single});
    }

    @Override
    public PassSums fromWire(Wire wire) {
      PassSums sums = new PassSums();
      double[] scalars = wire.scalars();
      sums.scalars = Arrays.copyOf(scalars, scalars.length - 1);
      sums.rows = (long) scalars[scalars.length - 1];
      sums.gradient = wire.arrays()[0];
      return sums;
    }
  };

  // The arrays travel as raw bytes (RawArrays): a task serialises its result once, where Java's
  // own array serialisation runs interpreted and slowly.
  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    RawArrays.writeDoublesIn(out, gradient, shipping);
    RawArrays.writeDoubles(out, gradientLow);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    gradient = RawArrays.readDoublesIn(in);
    gradientLow = RawArrays.readDoubles(in);
    shipping = Precision.DOUBLE;
  }
}
