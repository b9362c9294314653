package io.github.sparkbackprop.ml.internal.check;

import io.github.sparkbackprop.ml.NeuralNetworkParams;
import java.util.Arrays;

/** Checks that a model can seed an estimator's training (warm start). */
public final class WarmStartCheck {

  private WarmStartCheck() {}

  /**
   * Throws unless a model with {@code layers} and {@code activation} has the hidden layers and
   * activation the estimator will build. Input and output widths are checked at fit time, when
   * the data tells them.
   */
  public static void requireCompatible(NeuralNetworkParams estimator, int[] layers,
      String activation) {
    int[] hidden = Arrays.copyOfRange(layers, 1, layers.length - 1);
    if (!Arrays.equals(hidden, estimator.getHiddenLayers())) {
      throw new IllegalArgumentException("The initial model has hidden layers "
          + Arrays.toString(hidden) + " but this estimator has hiddenLayers "
          + Arrays.toString(estimator.getHiddenLayers()) + "; set hiddenLayers to "
          + Arrays.toString(hidden) + " to continue training it");
    }
    if (!activation.equals(estimator.getActivation())) {
      throw new IllegalArgumentException("The initial model uses the activation " + activation
          + " but this estimator has activation " + estimator.getActivation()
          + "; set activation to " + activation + " to continue training it");
    }
  }
}
