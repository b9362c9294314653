package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.DivergenceException;
import io.github.sparkbackprop.optim.Solver;

/**
 * The last guard before a model is returned: every weight must be finite. The optimisers detect
 * divergence as it happens; this makes sure that no path (a future solver, a listener returning
 * early) can ever hand the user a model that silently predicts NaN.
 */
public final class FiniteWeights {

  private FiniteWeights() {}

  /**
   * Returns {@code weights} if all are finite.
   *
   * @throws DivergenceException naming the first bad weight, its layer and what to change
   */
  public static double[] require(double[] weights, Topology topology, Solver solver) {
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new DivergenceException("Training with solver " + solver + " produced the"
            + " non-finite weight " + weights[i] + " at index " + i + " (" + where(topology, i)
            + " of the network " + java.util.Arrays.toString(topology.layerSizes())
            + "); no model is returned. Scale the features (StandardScaler) and, for regression,"
            + " the labels; lower stepSize; or use solver l-bfgs");
      }
    }
    return weights;
  }

  /** Which layer's weight matrix or bias holds flat index {@code i}. */
  public static String where(Topology topology, int i) {
    for (int l = topology.numWeightLayers() - 1; l >= 0; l--) {
      if (i >= topology.biasOffset(l)) {
        return "bias of weight layer " + (l + 1);
      }
      if (i >= topology.weightOffset(l)) {
        return "weight matrix of weight layer " + (l + 1);
      }
    }
    return "index " + i;
  }
}
