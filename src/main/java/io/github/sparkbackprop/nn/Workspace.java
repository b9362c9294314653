package io.github.sparkbackprop.nn;

/**
 * Scratch buffers for forward and backward passes over up to {@code capacity} rows.
 *
 * <p>One workspace serves every block a task processes, so a pass over a partition allocates
 * nothing per row or per block. Not thread-safe: one per thread.
 */
public final class Workspace {

  private final Topology topology;
  private int capacity;
  /** {@code activations[l]}: output of weight layer {@code l}, {@code size(l+1) x capacity}. */
  private double[][] activations;
  /** Hidden activations before dropout, allocated on first use. */
  private double[][] unmasked;
  private double[] deltaA;
  private double[] deltaB;
  /** {@code capacity} ones: multiplied by a delta matrix, they give its row sums. */
  private double[] ones;
  private FloatWorkspace singlePrecision;

  /**
   * Creates buffers for a topology.
   *
   * @param topology the network
   * @param capacity rows per pass it must hold at first; grows on demand
   */
  public Workspace(Topology topology, int capacity) {
    this.topology = topology;
    allocate(Math.max(1, capacity));
  }

  /**
   * Most rows one block (and so one workspace) may hold for a layer of {@code widestLayer}
   * units: a buffer of {@code widestLayer x rows} values must fit in a Java array. At least 1.
   */
  public static int maxRows(long widestLayer) {
    return (int) Math.max(1, (Integer.MAX_VALUE - 8L) / Math.max(1, widestLayer));
  }

  /** The topology these buffers are shaped for. */
  public Topology topology() {
    return topology;
  }

  /** Rows the buffers hold without growing. */
  public int capacity() {
    return capacity;
  }

  /** Grows the buffers to hold at least {@code rows} rows. */
  public void ensureCapacity(int rows) {
    if (rows > capacity) {
      allocate(Math.max(rows, capacity + capacity / 2));
    }
  }

  /** Buffers for single-precision passes, created on first use. */
  FloatWorkspace singlePrecision() {
    if (singlePrecision == null) {
      singlePrecision = new FloatWorkspace(topology, capacity);
    }
    return singlePrecision;
  }

  double[] activations(int layer) {
    return activations[layer];
  }

  /** Hidden layer {@code layer}'s activations before dropout ({@code size(l+1) x capacity}). */
  double[] unmasked(int layer) {
    if (unmasked == null) {
      unmasked = new double[activations.length][];
    }
    if (unmasked[layer] == null || unmasked[layer].length < activations[layer].length) {
      unmasked[layer] = new double[activations[layer].length];
    }
    return unmasked[layer];
  }

  double[] deltaA() {
    return deltaA;
  }

  double[] deltaB() {
    return deltaB;
  }

  double[] ones() {
    return ones;
  }

  private void allocate(int rows) {
    int layers = topology.numWeightLayers();
    activations = new double[layers][];
    unmasked = null;
    int maxUnits = 1;
    for (int l = 0; l < layers; l++) {
      int units = topology.layerSize(l + 1);
      activations[l] = new double[units * rows];
      maxUnits = Math.max(maxUnits, units);
    }
    deltaA = new double[maxUnits * rows];
    deltaB = new double[maxUnits * rows];
    ones = new double[rows];
    java.util.Arrays.fill(ones, 1.0);
    capacity = rows;
  }
}
