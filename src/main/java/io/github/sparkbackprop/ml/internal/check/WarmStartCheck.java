package io.github.sparkbackprop.ml.internal.check;

import java.util.Arrays;

/** Checks that a model can seed an estimator's training (warm start). */
public final class WarmStartCheck {

  private WarmStartCheck() {}

  /**
   * Throws unless a model with {@code layers} and {@code activation} has the hidden layers and
   * activation the estimator will build ({@code estimatorHidden}, {@code estimatorActivation}).
   * Input and output widths are checked at fit time, when the data tells them.
   */
  public static void requireCompatible(int[] estimatorHidden, String estimatorActivation,
      int[] layers, String activation) {
    int[] hidden = Arrays.copyOfRange(layers, 1, layers.length - 1);
    if (!Arrays.equals(hidden, estimatorHidden)) {
      throw new IllegalArgumentException("The initial model has hidden layers "
          + Arrays.toString(hidden) + " but this estimator has hiddenLayers "
          + Arrays.toString(estimatorHidden) + "; set hiddenLayers to "
          + Arrays.toString(hidden) + " to continue training it");
    }
    if (!activation.equals(estimatorActivation)) {
      throw new IllegalArgumentException("The initial model uses the activation " + activation
          + " but this estimator has activation " + estimatorActivation
          + "; set activation to " + activation + " to continue training it");
    }
  }
}
