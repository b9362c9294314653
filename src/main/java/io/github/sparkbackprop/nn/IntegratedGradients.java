package io.github.sparkbackprop.nn;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, "Axiomatic Attribution for Deep Networks",
 * ICML 2017) of a block of rows: feature {@code j} of row {@code x} gets
 *
 * <pre>
 *   a_j = (x_j - b_j) * integral_0^1 dg/dx_j (b + t (x - b)) dt
 * </pre>
 *
 * where {@code b} is the baseline and {@code g = sum_k c_k raw_k} the weighted sum of raw
 * outputs the caller chooses per row. By the fundamental theorem of calculus for path integrals
 * the {@code a_j} add up to {@code g(x) - g(b)} (completeness); the integral is approximated by
 * the midpoint rule over {@code steps} points, {@code t = (s + 1/2) / steps}, whose error falls
 * as {@code 1 / steps^2} for a smooth network (for ReLU, as fast as the path crosses few kinks).
 * Without hidden layers {@code g} is linear, every gradient the same, and the sum exact.
 *
 * <p>The points of several rows are stacked into one matrix, {@code steps} columns per row, and
 * go through {@link NetworkPasses#inputGradient} together: one GEMM per layer forward and one
 * back for about {@code blockSize} points, like scoring. The points are interpolated in double
 * and stored (rounded, for {@code float}) in the precision of the rows. Not thread-safe: one per
 * thread, like the {@link Workspace} it uses.
 */
public final class IntegratedGradients {

  private final NetworkPasses passes;
  private final int steps;
  /** Rows whose points go through one pass. */
  private final int rowsPerPass;
  private final Features points;
  private final double[] pointOutputWeights;
  private final double[] pointGradients;
  private final double[] row;
  private final Workspace ws;
  private final PathPoint point = new PathPoint();

  /**
   * @param passes the network
   * @param precision the arithmetic of the passes
   * @param steps points along each row's path (>= 1)
   * @param pointsPerPass about how many points to stack into one pass (the scoring block size)
   */
  public IntegratedGradients(NetworkPasses passes, Precision precision, int steps,
      int pointsPerPass) {
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1, got " + steps);
    }
    Topology topology = passes.topology();
    this.passes = passes;
    this.steps = steps;
    long widest = Math.max(topology.maxLayerSize(), topology.numInputs());
    int maxPoints = Workspace.maxRows(widest);
    this.rowsPerPass = Math.max(1, Math.min(Math.max(pointsPerPass, steps), maxPoints) / steps);
    int numPoints = Math.multiplyExact(rowsPerPass, steps);
    int d = topology.numInputs();
    this.points = Features.allocate(precision, d, numPoints);
    this.pointOutputWeights = new double[Math.multiplyExact(topology.numOutputs(), numPoints)];
    this.pointGradients = new double[Math.multiplyExact(d, numPoints)];
    this.row = new double[d];
    this.ws = new Workspace(topology, numPoints);
  }

  /** Points along each row's path. */
  public int steps() {
    return steps;
  }

  /**
   * The attributions of rows {@code [0, numRows)} of {@code x}.
   *
   * @param weights the network's weights, in the precision of {@code x}'s rows
   * @param x the rows
   * @param numRows rows to explain
   * @param baseline the path's start, {@code numInputs} values
   * @param outputWeights {@code c}, {@code numOutputs x numRows} column-major: what each row's
   *     attributions explain, {@code sum_k c[k, i] raw_k}
   * @param out receives the attributions, {@code numInputs x numRows} column-major from 0
   */
  public void attribute(Weights weights, Features x, int numRows, double[] baseline,
      double[] outputWeights, double[] out) {
    Topology topology = passes.topology();
    int d = topology.numInputs();
    int k = topology.numOutputs();
    if (baseline.length != d) {
      throw new IllegalArgumentException("The baseline has " + baseline.length
          + " values but the network reads " + d + " features");
    }
    for (int first = 0; first < numRows; first += rowsPerPass) {
      int rows = Math.min(rowsPerPass, numRows - first);
      for (int r = 0; r < rows; r++) {
        x.getRow(first + r, row, 0);
        point.baseline = baseline;
        for (int s = 0; s < steps; s++) {
          point.t = (s + 0.5) / steps;
          points.setRow(r * steps + s, point);
          System.arraycopy(outputWeights, (first + r) * k, pointOutputWeights,
              (r * steps + s) * k, k);
        }
      }
      passes.inputGradient(weights, points, 0, rows * steps, pointOutputWeights,
          pointGradients, 0, ws);
      for (int r = 0; r < rows; r++) {
        x.getRow(first + r, row, 0);
        int o = (first + r) * d;
        java.util.Arrays.fill(out, o, o + d, 0.0);
        for (int s = 0; s < steps; s++) {
          for (int j = 0, g = (r * steps + s) * d; j < d; j++) {
            out[o + j] += pointGradients[g + j];
          }
        }
        for (int j = 0; j < d; j++) {
          out[o + j] *= (row[j] - baseline[j]) / steps;
        }
      }
    }
  }

  /** Writes the point {@code b + t (x - b)} of the path to {@link #row}, in double. */
  private final class PathPoint implements Features.RowWriter {
    double t;
    double[] baseline;

    @Override
    public void write(double[] dest, int offset) {
      for (int j = 0; j < row.length; j++) {
        dest[offset + j] = baseline[j] + t * (row[j] - baseline[j]);
      }
    }
  }
}
