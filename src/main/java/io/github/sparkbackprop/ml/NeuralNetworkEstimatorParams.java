package io.github.sparkbackprop.ml;

import org.apache.spark.ml.linalg.Vector;

/**
 * Setters for the training params, on the estimators only.
 *
 * @param <T> the estimator type, returned by every setter for chaining
 */
public interface NeuralNetworkEstimatorParams<T extends NeuralNetworkEstimatorParams<T>>
    extends NeuralNetworkParams, AttributionSetters<T> {

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

  /** @see #batchSize() */
  default T setBatchSize(int value) {
    set(batchSize(), value);
    return self();
  }

  /** @see #localSteps() */
  default T setLocalSteps(int value) {
    set(localSteps(), value);
    return self();
  }

  /** @see #dropout() */
  default T setDropout(double value) {
    set(dropout(), value);
    return self();
  }

  /** @see #executionMode() */
  default T setExecutionMode(String value) {
    set(executionMode(), value);
    return self();
  }

  /** @see #momentum() */
  default T setMomentum(double value) {
    set(momentum(), value);
    return self();
  }

  /** @see #nesterov() */
  default T setNesterov(boolean value) {
    set(nesterov(), value);
    return self();
  }

  /** @see #beta1() */
  default T setBeta1(double value) {
    set(beta1(), value);
    return self();
  }

  /** @see #beta2() */
  default T setBeta2(double value) {
    set(beta2(), value);
    return self();
  }

  /** @see #adamEpsilon() */
  default T setAdamEpsilon(double value) {
    set(adamEpsilon(), value);
    return self();
  }

  /** @see #learningRateSchedule() */
  default T setLearningRateSchedule(String value) {
    set(learningRateSchedule(), value);
    return self();
  }

  /** @see #decayRate() */
  default T setDecayRate(double value) {
    set(decayRate(), value);
    return self();
  }

  /** @see #decaySteps() */
  default T setDecaySteps(int value) {
    set(decaySteps(), value);
    return self();
  }

  /** @see #minLearningRate() */
  default T setMinLearningRate(double value) {
    set(minLearningRate(), value);
    return self();
  }

  /** @see #warmupSteps() */
  default T setWarmupSteps(int value) {
    set(warmupSteps(), value);
    return self();
  }

  /** @see #validationIndicatorCol() */
  default T setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return self();
  }

  /** @see #earlyStoppingPatience() */
  default T setEarlyStoppingPatience(int value) {
    set(earlyStoppingPatience(), value);
    return self();
  }

  /** @see #validationTol() */
  default T setValidationTol(double value) {
    set(validationTol(), value);
    return self();
  }

  /** @see #precision() */
  default T setPrecision(String value) {
    set(precision(), value);
    return self();
  }

  /** @see #checkpointDir() */
  default T setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  /** @see #checkpointInterval() */
  default T setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }
}
