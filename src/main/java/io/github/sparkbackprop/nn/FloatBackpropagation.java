package io.github.sparkbackprop.nn;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The single-precision form of {@link Backpropagation}: the same passes with {@code sgemm}, which
 * moves half the bytes and runs about twice the flops of {@code dgemm} per cycle.
 *
 * <p>Only the GEMMs and activations run in {@code float}. The loss and its error signal at the
 * output are computed in {@code double} (they are {@code k x n}, cheap), and each block's
 * gradient is added into the caller's {@code double} accumulator, so sums over many blocks and
 * partitions keep double precision. It mirrors {@link Backpropagation} line by line rather than
 * sharing code with it because Java cannot abstract over primitive array types without boxing,
 * which would cost more than the GEMMs save.
 */
final class FloatBackpropagation {

  private final Topology topology;

  FloatBackpropagation(Topology topology) {
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
      double[] rowWeights, int rowOffset, double[] gradient, FloatWorkspace ws) {
    if (n == 0) {
      return 0;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws);
    int last = topology.numWeightLayers() - 1;
    int k = topology.numOutputs();
    double[] out = ws.output();
    float[] outputs = ws.activations(last);
    for (int i = 0; i < k * n; i++) {
      out[i] = outputs[i];
    }
    double loss =
        topology.outputLoss().lossAndDelta(out, k, n, labels, rowOffset, rowWeights, rowOffset);
    float[] delta = ws.deltaA();
    float[] spare = ws.deltaB();
    for (int i = 0; i < k * n; i++) {
      delta[i] = (float) out[i];
    }
    float[] blockGradient = ws.blockGradient();
    BLAS blas = Blas.get();
    for (int l = last; l >= 0; l--) {
      int units = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      float[] prev = l == 0 ? x : ws.activations(l - 1);
      int prevOffset = l == 0 ? xOffset : 0;
      int weightOffset = topology.weightOffset(l);
      // This block's dW = D A_prev^T (beta = 0: the block's own gradient, added in double below)
      blas.sgemm("N", "T", units, in, n, 1.0f, delta, 0, units, prev, prevOffset, in, 0.0f,
          blockGradient, weightOffset, units);
      for (int i = weightOffset, end = weightOffset + units * in; i < end; i++) {
        gradient[i] += blockGradient[i];
      }
      int biasOffset = topology.biasOffset(l);
      for (int j = 0; j < n; j++) {
        int base = j * units;
        for (int i = 0; i < units; i++) {
          gradient[biasOffset + i] += delta[base + i];
        }
      }
      if (l > 0) {
        blas.sgemm("T", "N", in, n, units, 1.0f, weights, weightOffset, units, delta, 0, units,
            0.0f, spare, 0, in);
        topology.hiddenActivation().multiplyByDerivative(prev, 0, spare, 0, in * n);
        float[] t = delta;
        delta = spare;
        spare = t;
      }
    }
    return loss;
  }

  /** Weighted loss of {@code n} rows without a gradient. */
  double loss(float[] weights, float[] x, int xOffset, int n, double[] labels,
      double[] rowWeights, int rowOffset, FloatWorkspace ws) {
    if (n == 0) {
      return 0;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws);
    int k = topology.numOutputs();
    double[] out = ws.output();
    float[] outputs = ws.activations(topology.numWeightLayers() - 1);
    for (int i = 0; i < k * n; i++) {
      out[i] = outputs[i];
    }
    return topology.outputLoss().loss(out, k, n, labels, rowOffset, rowWeights, rowOffset);
  }

  /** Raw outputs of {@code n} rows into {@code out} from {@code outOffset}. */
  void predictRaw(float[] weights, float[] x, int xOffset, int n, double[] out, int outOffset,
      FloatWorkspace ws) {
    if (n == 0) {
      return;
    }
    ws.ensureCapacity(n);
    forward(weights, x, xOffset, n, ws);
    float[] outputs = ws.activations(topology.numWeightLayers() - 1);
    for (int i = 0, k = topology.numOutputs(); i < k * n; i++) {
      out[outOffset + i] = outputs[i];
    }
  }

  private void forward(float[] weights, float[] x, int xOffset, int n, FloatWorkspace ws) {
    BLAS blas = Blas.get();
    int layers = topology.numWeightLayers();
    for (int l = 0; l < layers; l++) {
      int units = topology.layerSize(l + 1);
      int in = topology.layerSize(l);
      float[] prev = l == 0 ? x : ws.activations(l - 1);
      int prevOffset = l == 0 ? xOffset : 0;
      float[] z = ws.activations(l);
      int biasOffset = topology.biasOffset(l);
      for (int i = 0; i < n; i++) {
        System.arraycopy(weights, biasOffset, z, i * units, units);
      }
      blas.sgemm("N", "N", units, n, in, 1.0f, weights, topology.weightOffset(l), units, prev,
          prevOffset, in, 1.0f, z, 0, units);
      if (l < layers - 1) {
        topology.hiddenActivation().applyInPlace(z, 0, units * n);
      }
    }
  }
}
