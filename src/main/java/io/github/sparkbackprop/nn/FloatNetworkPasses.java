package io.github.sparkbackprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The single-precision form of {@link NetworkPasses}: the same passes with {@code sgemm} and
 * {@code sgemv}, which move half the bytes and run about twice the flops of their double forms
 * per cycle.
 *
 * <p>Only the BLAS calls and activations run in {@code float}. The loss and its error signal at
 * the output are computed in {@code double} (they are {@code k x n}, cheap), and each block's
 * gradient is computed into a {@code float} buffer and added into the caller's {@code double}
 * accumulator, so sums over many blocks and partitions keep double precision. It mirrors
 * {@link NetworkPasses} line by line, with the same names, rather than sharing code with it
 * because Java cannot abstract over primitive array types without boxing, which would cost more
 * than the GEMMs save.
 */
final class FloatNetworkPasses {

  private final Topology topology;

  FloatNetworkPasses(Topology topology) {
    this.topology = topology;
  }

  /**
   * Adds the weighted loss gradient of {@code n} rows to {@code gradient}.
   *
   * @param weights the weights in single precision
   * @param x features, {@code numInputs x n} column-major from {@code xOffset}
   * @return the weighted loss sum
   */
  double addGradient(float[] weights, float[] x, int xOffset, int n, double[] labels,
      double[] rowWeights, int rowOffset, double[] gradient, FloatWorkspace ws,
      Dropout.Masks masks) {
    if (n == 0) {
      return 0;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, masks);
    int last = topology.numWeightLayers() - 1;
    int k = topology.numOutputs();
    double[] output = ws.output();
    float[] activations = ws.activations(last);
    for (int i = 0; i < k * n; i++) {
      output[i] = activations[i];
    }
    double loss =
        topology.outputLoss().lossAndDelta(output, k, n, labels, labelOffset(rowOffset), rowWeights,
            rowOffset);
    float[] delta = ws.deltaA();
    float[] spare = ws.deltaB();
    for (int i = 0; i < k * n; i++) {
      delta[i] = (float) output[i];
    }
    // This block's gradient, in float, before it is added into the double accumulator
    float[] blockGradient = ws.blockGradient();
    BLAS blas = Blas.get();
    for (int l = last; l >= 0; l--) {
      int out = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      float[] prev = l == 0 ? x : ws.activations(l - 1);
      int prevOffset = l == 0 ? xOffset : 0;
      // dW = D A_prev^T
      blas.sgemm("N", "T", out, in, n, 1.0f, delta, 0, out, prev, prevOffset, in, 0.0f,
          blockGradient, topology.weightOffset(l), out);
      // db = D 1: the bias gradient as one BLAS matrix-vector product with a vector of ones
      blas.sgemv("N", out, n, 1.0f, delta, 0, out, ws.ones(), 0, 1, 0.0f, blockGradient,
          topology.biasOffset(l), 1);
      // the layer's weights and bias are contiguous: add both into the double gradient
      for (int i = topology.weightOffset(l), end = topology.biasOffset(l) + out; i < end; i++) {
        gradient[i] += blockGradient[i];
      }
      if (l > 0) {
        // D_prev = W^T D, then times f'(A_prev)
        blas.sgemm("T", "N", in, n, out, 1.0f, weights, topology.weightOffset(l), out, delta, 0,
            out, 0.0f, spare, 0, in);
        if (masks != null) {
          masks.apply(spare, l - 1, in, 0, n);
          prev = ws.unmasked(l - 1);
        }
        topology.hiddenActivation().multiplyByDerivative(prev, 0, spare, 0, in * n);
        float[] t = delta;
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
  double loss(float[] weights, float[] x, int xOffset, int n, double[] labels,
      double[] rowWeights, int rowOffset, FloatWorkspace ws) {
    if (n == 0) {
      return 0;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, null);
    int k = topology.numOutputs();
    double[] output = ws.output();
    float[] activations = ws.activations(topology.numWeightLayers() - 1);
    for (int i = 0; i < k * n; i++) {
      output[i] = activations[i];
    }
    return topology.outputLoss().loss(output, k, n, labels, labelOffset(rowOffset), rowWeights,
        rowOffset);
  }

  /** Raw outputs of {@code n} single-precision rows into {@code out} from {@code outOffset}. */
  void predictRaw(float[] weights, float[] x, int xOffset, int n, double[] out, int outOffset,
      FloatWorkspace ws) {
    if (n == 0) {
      return;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, null);
    float[] activations = ws.activations(topology.numWeightLayers() - 1);
    for (int i = 0, k = topology.numOutputs(); i < k * n; i++) {
      out[outOffset + i] = activations[i];
    }
  }

  /**
   * The single-precision form of {@code NetworkPasses.inputGradient}: the passes in
   * {@code float}, the gradients widened into the caller's {@code double} array.
   */
  void inputGradient(float[] weights, float[] x, int xOffset, int n, double[] outputWeights,
      double[] gradient, int gradientOffset, FloatWorkspace ws) {
    if (n == 0) {
      return;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws, null);
    int last = topology.numWeightLayers() - 1;
    float[] delta = ws.deltaA();
    float[] spare = ws.deltaB();
    for (int i = 0, k = topology.numOutputs(); i < k * n; i++) {
      delta[i] = (float) outputWeights[i];
    }
    BLAS blas = Blas.get();
    for (int l = last; l >= 0; l--) {
      int out = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      float[] target = l == 0 ? ws.inputGradient() : spare;
      blas.sgemm("T", "N", in, n, out, 1.0f, weights, topology.weightOffset(l), out, delta, 0,
          out, 0.0f, target, 0, in);
      if (l > 0) {
        topology.hiddenActivation().multiplyByDerivative(ws.activations(l - 1), 0, spare, 0,
            in * n);
        float[] t = delta;
        delta = spare;
        spare = t;
      }
    }
    float[] dx = ws.inputGradient();
    for (int i = 0, size = topology.numInputs() * n; i < size; i++) {
      gradient[gradientOffset + i] = dx[i];
    }
  }

  /** Index in the labels array of row {@code row}'s first label value. */
  private int labelOffset(int row) {
    return row * topology.labelsPerRow();
  }

  /**
   * Forward pass: fills {@code ws.activations(l)} for every layer; the last holds the raw output
   * (the output transfer function belongs to the loss); with {@code masks}, dropout as
   * {@code NetworkPasses}' forward pass does it.
   */
  private void forward(float[] weights, float[] x, int xOffset, int n, FloatWorkspace ws,
      Dropout.Masks masks) {
    BLAS blas = Blas.get();
    int layers = topology.numWeightLayers();
    for (int l = 0; l < layers; l++) {
      int out = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      float[] prev = l == 0 ? x : ws.activations(l - 1);
      int prevOffset = l == 0 ? xOffset : 0;
      float[] z = ws.activations(l);
      int biasOffset = topology.biasOffset(l);
      for (int i = 0; i < n; i++) {
        System.arraycopy(weights, biasOffset, z, i * out, out);
      }
      blas.sgemm("N", "N", out, n, in, 1.0f, weights, topology.weightOffset(l), out, prev,
          prevOffset, in, 1.0f, z, 0, out);
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
