package io.github.sparkbackprop.nn;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;

/**
 * Forward and backward passes of a fully connected network over a block of rows, with one GEMM
 * per layer and direction: the gradient and loss for training ({@link #addGradient},
 * {@link #loss}) and the raw outputs for prediction ({@link #predictRaw}), in the precision the
 * rows are stored in (single-precision passes are delegated to {@code FloatNetworkPasses},
 * its line-by-line mirror).
 *
 * <p>Activations are kept column-major, {@code units x rows}, so a block's rows feed the first
 * GEMM directly. For weight layer {@code l} with matrix {@code W} and bias {@code b}:
 *
 * <pre>
 *   forward   Z = W A + b 1^T,  A' = f(Z)
 *   backward  dW += D A^T,  db += D 1,  D_prev = (W^T D) .* f'(A)
 * </pre>
 *
 * where {@code D} is the error signal. Training never computes the input layer's error signal;
 * {@link #inputGradient} does, for attributions. Nothing is allocated per row; all scratch lives in a {@link Workspace}.
 */
public final class NetworkPasses implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Topology topology;
  private transient FloatNetworkPasses floatPasses;

  /** @param topology the network this evaluates */
  public NetworkPasses(Topology topology) {
    this.topology = topology;
  }

  /** The network this evaluates. */
  public Topology topology() {
    return topology;
  }

  /**
   * Adds the weighted loss gradient of rows {@code [firstRow, firstRow + numRows)} of a block to
   * {@code gradient} and returns their weighted loss {@code sum_i w_i loss_i}, in the block's
   * precision.
   *
   * @param weights the flat weight vector
   * @param block the rows
   * @param firstRow first row of the range
   * @param numRows rows in the range
   * @param gradient flat gradient to add into
   * @param ws scratch buffers for this thread
   * @return the weighted loss sum of the range
   */
  public double addGradient(
      Weights weights, RowBlock block, int firstRow, int numRows, double[] gradient,
      Workspace ws) {
    return addGradient(weights, block, firstRow, numRows, gradient, ws, null);
  }

  /**
   * As {@link #addGradient(Weights, RowBlock, int, int, double[], Workspace)}, with the hidden
   * units of the range's rows dropped as {@code masks} say (its row {@code i} is the range's row
   * {@code i}); {@code null} for none.
   */
  public double addGradient(
      Weights weights, RowBlock block, int firstRow, int numRows, double[] gradient,
      Workspace ws, Dropout.Masks masks) {
    requireLabelsFit(block);
    if (masks != null && masks.numRows() != numRows) {
      throw new IllegalArgumentException("Dropout masks for " + masks.numRows()
          + " rows given for " + numRows);
    }
    Features x = block.features();
    int xOffset = firstRow * x.numFeatures();
    if (x.precision() == Precision.FLOAT) {
      return singlePrecision().addGradient(weights.floats(), x.floats(), xOffset, numRows,
          block.labels(), block.rowWeights(), firstRow, gradient, ws.singlePrecision(), masks);
    }
    return addGradient(weights.doubles(), x.doubles(), xOffset, numRows, block.labels(),
        block.rowWeights(), firstRow, gradient, ws, masks);
  }

  /** {@link #addGradient(Weights, RowBlock, int, int, double[], Workspace)} at double weights. */
  public double addGradient(
      double[] weights, RowBlock block, int firstRow, int numRows, double[] gradient,
      Workspace ws) {
    return addGradient(Weights.of(weights), block, firstRow, numRows, gradient, ws);
  }

  /**
   * Weighted loss {@code sum_i w_i loss_i} of all rows of a block, without a gradient, in the
   * block's precision.
   */
  public double loss(Weights weights, RowBlock block, Workspace ws) {
    requireLabelsFit(block);
    Features x = block.features();
    if (x.precision() == Precision.FLOAT) {
      return singlePrecision().loss(weights.floats(), x.floats(), 0, block.numRows(),
          block.labels(), block.rowWeights(), 0, ws.singlePrecision());
    }
    return loss(weights.doubles(), x.doubles(), 0, block.numRows(), block.labels(),
        block.rowWeights(), 0, ws);
  }

  /** {@link #loss(Weights, RowBlock, Workspace)} at double weights. */
  public double loss(double[] weights, RowBlock block, Workspace ws) {
    return loss(Weights.of(weights), block, ws);
  }

  /**
   * The total weight of rows {@code [firstRow, firstRow + numRows)} of a block as the loss
   * weighs them, the denominator of their mean loss: their row weights, times their class
   * weights when the loss has some ({@link OutputLoss#weightSum}).
   */
  public double weightSum(RowBlock block, int firstRow, int numRows) {
    OutputLoss loss = topology.outputLoss();
    if (loss.classWeights() == null) {
      return block.rowWeightSum(firstRow, numRows);
    }
    requireLabelsFit(block);
    return loss.weightSum(topology.numOutputs(), numRows, block.labels(),
        labelOffset(firstRow), block.rowWeights(), firstRow);
  }

  /**
   * Raw outputs (before softmax) of rows {@code [firstRow, firstRow + numRows)} of {@code x},
   * written to {@code out} from {@code outOffset}, {@code numOutputs x numRows} column-major:
   * the network's prediction, computed in the precision {@code x} is stored in.
   */
  public void predictRaw(Weights weights, Features x, int firstRow, int numRows, double[] out,
      int outOffset, Workspace ws) {
    int xOffset = firstRow * x.numFeatures();
    if (x.precision() == Precision.FLOAT) {
      singlePrecision().predictRaw(weights.floats(), x.floats(), xOffset, numRows, out,
          outOffset, ws.singlePrecision());
    } else {
      predictRaw(weights.doubles(), x.doubles(), xOffset, numRows, out, outOffset, ws);
    }
  }

  /**
   * The gradient with respect to the inputs of a weighted sum of the raw outputs, row by row:
   * for each row {@code i} of {@code [firstRow, firstRow + numRows)} of {@code x}, the gradient
   * of {@code sum_j c[j, i] raw_j(x_i)} with respect to {@code x_i}, computed in the precision
   * {@code x} is stored in (one forward pass, then the backward pass carried down to the
   * inputs, one GEMM per layer each way).
   *
   * @param outputWeights {@code c}, {@code numOutputs x numRows} column-major from 0: which
   *     outputs (and with what weight) each row's gradient is taken of
   * @param gradient receives the gradients, {@code numInputs x numRows} column-major from
   *     {@code gradientOffset}
   */
  public void inputGradient(Weights weights, Features x, int firstRow, int numRows,
      double[] outputWeights, double[] gradient, int gradientOffset, Workspace ws) {
    int xOffset = firstRow * x.numFeatures();
    if (x.precision() == Precision.FLOAT) {
      singlePrecision().inputGradient(weights.floats(), x.floats(), xOffset, numRows,
          outputWeights, gradient, gradientOffset, ws.singlePrecision());
    } else {
      inputGradient(weights.doubles(), x.doubles(), xOffset, numRows, outputWeights, gradient,
          gradientOffset, ws);
    }
  }

  /** {@link #inputGradient(Weights, Features, int, int, double[], double[], int, Workspace)}. */
  private void inputGradient(double[] weights, double[] x, int xOffset, int n,
      double[] outputWeights, double[] gradient, int gradientOffset, Workspace ws) {
    if (n == 0) {
      return;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, null);
    int last = topology.numWeightLayers() - 1;
    double[] delta = ws.deltaA();
    double[] spare = ws.deltaB();
    // the raw outputs are linear in the last layer: their error signal is c itself
    System.arraycopy(outputWeights, 0, delta, 0, topology.numOutputs() * n);
    BLAS blas = Blas.get();
    for (int l = last; l >= 0; l--) {
      int out = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      if (l == 0) {
        // dX = W_0^T D
        blas.dgemm("T", "N", in, n, out, 1.0, weights, topology.weightOffset(0), out, delta, 0,
            out, 0.0, gradient, gradientOffset, in);
      } else {
        blas.dgemm("T", "N", in, n, out, 1.0, weights, topology.weightOffset(l), out, delta, 0,
            out, 0.0, spare, 0, in);
        topology.hiddenActivation().multiplyByDerivative(ws.activations(l - 1), 0, spare, 0,
            in * n);
        double[] t = delta;
        delta = spare;
        spare = t;
      }
    }
  }

  /** Blocks carry as many label values per row as the output loss reads. */
  private void requireLabelsFit(RowBlock block) {
    if (block.labelsPerRow() != topology.labelsPerRow()) {
      throw new IllegalArgumentException("The block's rows carry " + block.labelsPerRow()
          + " label values each but the network " + topology + " reads "
          + topology.labelsPerRow());
    }
  }

  /** Index in the labels array of row {@code row}'s first label value. */
  private int labelOffset(int row) {
    return row * topology.labelsPerRow();
  }

  private FloatNetworkPasses singlePrecision() {
    if (floatPasses == null) {
      floatPasses = new FloatNetworkPasses(topology);
    }
    return floatPasses;
  }

  /**
   * Adds the weighted loss gradient of {@code n} rows to {@code gradient}.
   *
   * @param weights the flat weight vector
   * @param x features, {@code numInputs x n} column-major from {@code xOffset}
   * @param xOffset offset of the first row's features
   * @param n rows
   * @param labels labels, {@link Topology#labelsPerRow()} values per row, those of the first
   *     row from {@code rowOffset * labelsPerRow}
   * @param rowWeights row weights, from {@code rowOffset}; {@code null} for all 1
   * @param rowOffset index of the first row among the rows of {@code labels} and
   *     {@code rowWeights}
   * @param gradient flat gradient to add into
   * @param ws scratch buffers for this thread
   * @return the weighted loss sum
   */
  public double addGradient(
      double[] weights, double[] x, int xOffset, int n, double[] labels, double[] rowWeights,
      int rowOffset, double[] gradient, Workspace ws) {
    return addGradient(weights, x, xOffset, n, labels, rowWeights, rowOffset, gradient, ws,
        null);
  }

  /**
   * As {@link #addGradient(double[], double[], int, int, double[], double[], int, double[],
   * Workspace)}, with dropout: the {@code n} rows' hidden units masked as {@code masks} (rows
   * {@code 0..n-1}) says, or none for {@code null}. The kept units are scaled by
   * {@code 1 / (1 - rate)} going forward, and the error signal through them likewise going
   * back; the derivative of the activation is taken at the unmasked values.
   */
  public double addGradient(
      double[] weights, double[] x, int xOffset, int n, double[] labels, double[] rowWeights,
      int rowOffset, double[] gradient, Workspace ws, Dropout.Masks masks) {
    if (n == 0) {
      return 0;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, masks);
    int last = topology.numWeightLayers() - 1;
    int k = topology.numOutputs();
    double[] delta = ws.deltaA();
    double[] spare = ws.deltaB();
    System.arraycopy(ws.activations(last), 0, delta, 0, k * n);
    double loss =
        topology.outputLoss().lossAndDelta(delta, k, n, labels, labelOffset(rowOffset), rowWeights,
            rowOffset);
    BLAS blas = Blas.get();
    for (int l = last; l >= 0; l--) {
      int out = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      double[] prev = l == 0 ? x : ws.activations(l - 1);
      int prevOffset = l == 0 ? xOffset : 0;
      // dW += D A_prev^T
      blas.dgemm("N", "T", out, in, n, 1.0, delta, 0, out, prev, prevOffset, in, 1.0,
          gradient, topology.weightOffset(l), out);
      // db += D 1: the bias gradient as one BLAS matrix-vector product with a vector of ones
      blas.dgemv("N", out, n, 1.0, delta, 0, out, ws.ones(), 0, 1, 1.0, gradient,
          topology.biasOffset(l), 1);
      if (l > 0) {
        // D_prev = W^T D, then times f'(A_prev)
        blas.dgemm("T", "N", in, n, out, 1.0, weights, topology.weightOffset(l), out, delta, 0,
            out, 0.0, spare, 0, in);
        if (masks != null) {
          masks.apply(spare, l - 1, in, 0, n);
          prev = ws.unmasked(l - 1);
        }
        topology.hiddenActivation().multiplyByDerivative(prev, 0, spare, 0, in * n);
        double[] t = delta;
        delta = spare;
        spare = t;
      }
    }
    return loss;
  }

  /**
   * Weighted loss of {@code n} rows without a gradient (validation loss).
   *
   * @return {@code sum_i w_i loss_i}
   */
  public double loss(
      double[] weights, double[] x, int xOffset, int n, double[] labels, double[] rowWeights,
      int rowOffset, Workspace ws) {
    if (n == 0) {
      return 0;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, null);
    return topology.outputLoss().loss(
        ws.activations(topology.numWeightLayers() - 1), topology.numOutputs(), n, labels,
        labelOffset(rowOffset), rowWeights, rowOffset);
  }

  /** Raw outputs of {@code n} double-precision rows into {@code out} from {@code outOffset}. */
  private void predictRaw(
      double[] weights, double[] x, int xOffset, int n, double[] out, int outOffset,
      Workspace ws) {
    if (n == 0) {
      return;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, null);
    System.arraycopy(
        ws.activations(topology.numWeightLayers() - 1), 0, out, outOffset,
        topology.numOutputs() * n);
  }

  /**
   * Forward pass: fills {@code ws.activations(l)} for every layer; the last holds the raw output
   * (the output transfer function belongs to the loss). With {@code masks}, each hidden layer's
   * activations are kept unmasked in {@code ws.unmasked(l)} (for the derivative) and masked in
   * {@code ws.activations(l)} (for the next layer).
   */
  private void forward(double[] weights, double[] x, int xOffset, int n, Workspace ws,
      Dropout.Masks masks) {
    BLAS blas = Blas.get();
    int layers = topology.numWeightLayers();
    for (int l = 0; l < layers; l++) {
      int out = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      double[] prev = l == 0 ? x : ws.activations(l - 1);
      int prevOffset = l == 0 ? xOffset : 0;
      double[] z = ws.activations(l);
      int biasOffset = topology.biasOffset(l);
      for (int i = 0; i < n; i++) {
        System.arraycopy(weights, biasOffset, z, i * out, out);
      }
      blas.dgemm("N", "N", out, n, in, 1.0, weights, topology.weightOffset(l), out, prev,
          prevOffset, in, 1.0, z, 0, out);
      if (l < layers - 1) {
        topology.hiddenActivation().applyInPlace(z, 0, out * n);
        if (masks != null) {
          System.arraycopy(z, 0, ws.unmasked(l), 0, out * n);
          masks.apply(z, l, out, 0, n);
        }
      }
    }
  }
}
