package io.github.sparkbackprop.nn;

/** Scratch buffers for {@link FloatNetworkPasses}. */
final class FloatWorkspace {

  private final Topology topology;
  private int capacity;
  private float[][] activations;
  /** Hidden activations before dropout, allocated on first use. */
  private float[][] unmasked;
  private float[] deltaA;
  private float[] deltaB;
  private double[] output;
  /** {@code capacity} ones: multiplied by a delta matrix, they give its row sums. */
  private float[] ones;
  private float[] blockGradient;
  /** The inputs' gradient, {@code numInputs x capacity}, allocated on first use. */
  private float[] inputGradient;

  FloatWorkspace(Topology topology, int capacity) {
    this.topology = topology;
    allocate(Math.max(1, capacity));
  }

  void ensureCapacity(int rows) {
    if (rows > capacity) {
      allocate(Math.max(rows, capacity + capacity / 2));
    }
  }

  float[] activations(int layer) {
    return activations[layer];
  }

  /** Hidden layer {@code layer}'s activations before dropout. */
  float[] unmasked(int layer) {
    if (unmasked == null) {
      unmasked = new float[activations.length][];
    }
    if (unmasked[layer] == null || unmasked[layer].length < activations[layer].length) {
      unmasked[layer] = new float[activations[layer].length];
    }
    return unmasked[layer];
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

  float[] ones() {
    return ones;
  }

  float[] blockGradient() {
    if (blockGradient == null) {
      blockGradient = new float[topology.numParameters()];
    }
    return blockGradient;
  }

  float[] inputGradient() {
    if (inputGradient == null || inputGradient.length < topology.numInputs() * capacity) {
      inputGradient = new float[topology.numInputs() * capacity];
    }
    return inputGradient;
  }

  private void allocate(int rows) {
    int layers = topology.numWeightLayers();
    activations = new float[layers][];
    unmasked = null;
    int maxUnits = 1;
    for (int l = 0; l < layers; l++) {
      int units = topology.layerSize(l + 1);
      activations[l] = new float[units * rows];
      maxUnits = Math.max(maxUnits, units);
    }
    deltaA = new float[maxUnits * rows];
    deltaB = new float[maxUnits * rows];
    output = new double[topology.numOutputs() * rows];
    ones = new float[rows];
    java.util.Arrays.fill(ones, 1.0f);
    capacity = rows;
  }
}
