package io.github.sparkbackprop.nn;

import java.util.Random;

/**
 * Seeded initial weights: Glorot/Xavier uniform for sigmoid, tanh and identity layers (Glorot and
 * Bengio 2010), He normal for the ReLU family (He et al. 2015); biases start at zero.
 *
 * <p>{@link Random} is used on purpose: its sequence is fixed by the Java specification, so the
 * same seed gives the same weights on every JVM and every machine.
 */
public final class WeightInitializer {

  private WeightInitializer() {}

  /**
   * Draws initial weights for a topology.
   *
   * @param topology the network
   * @param seed the random seed
   * @return a new flat weight vector
   */
  public static double[] initialize(Topology topology, long seed) {
    double[] w = new double[topology.numParameters()];
    Random random = new Random(seed);
    for (int l = 0; l < topology.numWeightLayers(); l++) {
      int fanIn = topology.layerSize(l);
      int fanOut = topology.layerSize(l + 1);
      boolean lastLayer = l == topology.numWeightLayers() - 1;
      // The output layer feeds softmax or identity, not the hidden activation: Glorot suits it.
      boolean he = !lastLayer && topology.hiddenActivation().isRectifier();
      int offset = topology.weightOffset(l);
      int count = fanIn * fanOut;
      if (he) {
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < count; i++) {
          w[offset + i] = std * random.nextGaussian();
        }
      } else {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        for (int i = 0; i < count; i++) {
          w[offset + i] = limit * (2 * random.nextDouble() - 1);
        }
      }
    }
    return w;
  }
}
