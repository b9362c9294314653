package io.github.sparkbackprop.nn;

/**
 * Scratch buffers for {@link FloatBackpropagation}, plus the single-precision copy of the
 * weights, converted once per weight vector rather than once per block.
 */
final class FloatWorkspace {

  private final Topology topology;
  private int capacity;
  private float[][] activations;
  private float[] deltaA;
  private float[] deltaB;
  private double[] output;
  private float[] blockGradient;
  private double[] weightsSource;
  private float[] weights;

  FloatWorkspace(Topology topology, int capacity) {
    this.topology = topology;
    allocate(Math.max(1, capacity));
  }

  void ensureCapacity(int rows) {
    if (rows > capacity) {
      allocate(Math.max(rows, capacity + capacity / 2));
    }
  }

  /**
   * The weights in single precision, converted again only when given a different array since
   * the last {@link #forgetWeights()}. (Identity alone is not enough: an optimiser may update
   * one array in place between passes, and in local mode a broadcast hands out that very array.)
   */
  float[] weights(double[] source) {
    if (source != weightsSource) {
      if (weights == null || weights.length != source.length) {
        weights = new float[source.length];
      }
      for (int i = 0; i < source.length; i++) {
        weights[i] = (float) source[i];
      }
      weightsSource = source;
    }
    return weights;
  }

  /** Forces the next {@link #weights(double[])} to convert again. */
  void forgetWeights() {
    weightsSource = null;
  }

  float[] activations(int layer) {
    return activations[layer];
  }

  float[] deltaA() {
    return deltaA;
  }

  float[] deltaB() {
    return deltaB;
  }

  double[] output() {
    return output;
  }

  float[] blockGradient() {
    if (blockGradient == null) {
      blockGradient = new float[topology.numParameters()];
    }
    return blockGradient;
  }

  private void allocate(int rows) {
    int layers = topology.numWeightLayers();
    activations = new float[layers][];
    int maxUnits = 1;
    for (int l = 0; l < layers; l++) {
      int units = topology.layerSize(l + 1);
      activations[l] = new float[units * rows];
      maxUnits = Math.max(maxUnits, units);
    }
    deltaA = new float[maxUnits * rows];
    deltaB = new float[maxUnits * rows];
    output = new double[topology.numOutputs() * rows];
    capacity = rows;
  }
}
