package io.github.sparkbackprop.ml;

import org.apache.spark.ml.linalg.Vector;

/**
 * Setters of the attribution params, on the estimators (whose models inherit the values) and
 * on the models, which use them in {@code transform} (see docs/attributions.md).
 *
 * @param <T> the stage type, returned by every setter for chaining
 */
public interface AttributionSetters<T extends AttributionSetters<T>> extends NeuralNetworkParams {

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** @see #attributionCol() */
  default T setAttributionCol(String value) {
    set(attributionCol(), value);
    return self();
  }

  /** @see #attributionBaseline() */
  default T setAttributionBaseline(Vector value) {
    set(attributionBaseline(), value);
    return self();
  }

  /** @see #attributionSteps() */
  default T setAttributionSteps(int value) {
    set(attributionSteps(), value);
    return self();
  }
}
