package io.github.sparkbackprop.ml;

import org.apache.spark.ml.linalg.Vector;

/**
 * Setters for the training params, on the estimators only.
 *
 * @param <T> the estimator type, returned by every setter for chaining
 */
public interface NeuralNetworkEstimatorParams<T extends NeuralNetworkEstimatorParams<T>>
    extends NeuralNetworkParams {

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** @see #hiddenLayers() */
  default T setHiddenLayers(int[] value) {
    set(hiddenLayers(), value);
    return self();
  }

  /** @see #activation() */
  default T setActivation(String value) {
    set(activation(), value);
    return self();
  }

  /** @see #solver() */
  default T setSolver(String value) {
    set(solver(), value);
    return self();
  }

  /** @see #maxIter() */
  default T setMaxIter(int value) {
    set(maxIter(), value);
    return self();
  }

  /** @see #tol() */
  default T setTol(double value) {
    set(tol(), value);
    return self();
  }

  /** @see #stepSize() */
  default T setStepSize(double value) {
    set(stepSize(), value);
    return self();
  }

  /** @see #regParam() */
  default T setRegParam(double value) {
    set(regParam(), value);
    return self();
  }

  /** @see #elasticNetParam() */
  default T setElasticNetParam(double value) {
    set(elasticNetParam(), value);
    return self();
  }

  /** @see #blockSize() */
  default T setBlockSize(int value) {
    set(blockSize(), value);
    return self();
  }

  /** @see #aggregationDepth() */
  default T setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return self();
  }

  /** @see #seed() */
  default T setSeed(long value) {
    set(seed(), value);
    return self();
  }

  /** @see #weightCol() */
  default T setWeightCol(String value) {
    set(weightCol(), value);
    return self();
  }

  /** @see #initialWeights() */
  default T setInitialWeights(Vector value) {
    set(initialWeights(), value);
    return self();
  }
}
