package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Initial weights: He normal (variance 2 / fanIn) for the ReLU family's hidden layers, Glorot
 * uniform (limit sqrt(6 / (fanIn + fanOut))) for sigmoid, tanh and identity and for the output
 * layer; zero biases; the same seed gives the same weights.
 */
class WeightInitializerTest {

  private static final int[] LAYERS = {400, 300, 10};

  @ParameterizedTest
  @EnumSource(Activation.class)
  void eachLayerGetsTheSchemeOfItsActivation(Activation activation) {
    Topology topology = new Topology(LAYERS, activation, OutputLoss.softmaxCrossEntropy());
    double[] w = WeightInitializer.initialize(topology, 7L);
    for (int l = 0; l < topology.numWeightLayers(); l++) {
      int fanIn = topology.layerSize(l);
      int fanOut = topology.layerSize(l + 1);
      double[] layer = Arrays.copyOfRange(w, topology.weightOffset(l),
          topology.weightOffset(l) + fanIn * fanOut);
      double variance = Arrays.stream(layer).map(v -> v * v).average().orElseThrow();
      double largest = Arrays.stream(layer).map(Math::abs).max().orElseThrow();
      boolean hidden = l < topology.numWeightLayers() - 1;
      String where = activation + ", layer " + l;
      if (hidden && activation.isRectifier()) {
        // He normal: variance 2 / fanIn; a normal sample exceeds the uniform limit somewhere
        assertEquals(2.0 / fanIn, variance, 0.05 * 2.0 / fanIn, where);
        assertTrue(largest > Math.sqrt(6.0 / (fanIn + fanOut)), where);
      } else {
        // Glorot uniform on [-limit, limit]: variance limit^2 / 3 = 2 / (fanIn + fanOut)
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        assertEquals(2.0 / (fanIn + fanOut), variance, 0.05 * 2.0 / (fanIn + fanOut), where);
        assertTrue(largest <= limit, where);
      }
      for (int b = 0; b < fanOut; b++) {
        assertEquals(0.0, w[topology.biasOffset(l) + b], where + " bias");
      }
    }
    assertArrayEquals(w, WeightInitializer.initialize(topology, 7L));
    assertFalse(Arrays.equals(w, WeightInitializer.initialize(topology, 8L)));
  }
}
