package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Activation;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Params shared by {@link NeuralNetworkClassifier}, {@link NeuralNetworkRegressor} and their
 * models, with their getters. Setters live on the estimators
 * ({@link NeuralNetworkEstimatorParams}); a fitted model reports the values it was trained with.
 */
public interface NeuralNetworkParams extends Params {

  /** The param objects of this stage; an implementation detail of Java param sharing. */
  NeuralNetworkParamDefinitions paramDefinitions();

  /**
   * Sizes of the hidden layers, from input to output; the input width comes from the features
   * and the output width from the labels. Each size must be at least 1; an empty array means no
   * hidden layer (a linear or logistic model). Default: {@code [100]}.
   */
  default IntArrayParam hiddenLayers() {
    return paramDefinitions().hiddenLayers;
  }

  /** @see #hiddenLayers() */
  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers()).clone();
  }

  /**
   * Activation of the hidden layers: {@code sigmoid}, {@code tanh}, {@code relu},
   * {@code leakyRelu}, {@code elu}, {@code softplus} or {@code identity} (case-insensitive).
   * Weights start from He initialisation for the ReLU family and Glorot for the others.
   * Default: {@code relu}.
   */
  default Param<String> activation() {
    return paramDefinitions().activation;
  }

  /** @see #activation() */
  default String getActivation() {
    return Activation.fromParamName(getOrDefault(activation())).paramName();
  }

  /**
   * The optimiser: {@code l-bfgs} (full batch, quasi-Newton; OWL-QN when {@code elasticNetParam >
   * 0} and {@code regParam > 0}) or {@code gd} (full-batch gradient descent with step
   * {@code stepSize}). Default: {@code l-bfgs}.
   */
  default Param<String> solver() {
    return paramDefinitions().solver;
  }

  /** @see #solver() */
  default String getSolver() {
    return ParamChecks.canonical(getOrDefault(solver()), Solver.ALL);
  }

  /** Maximum number of optimiser iterations (>= 0). Default: 100. */
  default IntParam maxIter() {
    return paramDefinitions().maxIter;
  }

  /** @see #maxIter() */
  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  /**
   * Convergence tolerance (>= 0): training stops once an iteration improves the objective by less
   * than {@code tol} relative to its size, or the gradient norm falls below
   * {@code tol * max(1, objective)}. Default: 1e-6.
   */
  default DoubleParam tol() {
    return paramDefinitions().tol;
  }

  /** @see #tol() */
  default double getTol() {
    return (Double) getOrDefault(tol());
  }

  /** Step size (learning rate) of the {@code gd} solver (> 0). Default: 0.03. */
  default DoubleParam stepSize() {
    return paramDefinitions().stepSize;
  }

  /** @see #stepSize() */
  default double getStepSize() {
    return (Double) getOrDefault(stepSize());
  }

  /**
   * Regularisation strength (>= 0). The objective adds
   * {@code regParam * (elasticNetParam * ||W||_1 + (1 - elasticNetParam) / 2 * ||W||_2^2)} over
   * the connection weights; biases are never regularised. Default: 0.
   */
  default DoubleParam regParam() {
    return paramDefinitions().regParam;
  }

  /** @see #regParam() */
  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  /** Elastic-net mix in [0, 1]: 0 is pure L2, 1 pure L1. Default: 0. */
  default DoubleParam elasticNetParam() {
    return paramDefinitions().elasticNetParam;
  }

  /** @see #elasticNetParam() */
  default double getElasticNetParam() {
    return (Double) getOrDefault(elasticNetParam());
  }

  /**
   * Rows stacked into one matrix (>= 1) for training and prediction; a partition's last block
   * may be smaller. The result does not depend on it; larger blocks make GEMM faster and use
   * more memory per task. Default: 1024.
   */
  default IntParam blockSize() {
    return paramDefinitions().blockSize;
  }

  /** @see #blockSize() */
  default int getBlockSize() {
    return (Integer) getOrDefault(blockSize());
  }

  /** Depth of the {@code treeAggregate} that sums gradients (>= 2). Default: 2. */
  default IntParam aggregationDepth() {
    return paramDefinitions().aggregationDepth;
  }

  /** @see #aggregationDepth() */
  default int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth());
  }

  /** Random seed for weight initialisation. Default: the hash of the class name. */
  default LongParam seed() {
    return paramDefinitions().seed;
  }

  /** @see #seed() */
  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  /**
   * Column of non-negative row weights; the objective is {@code sum_i w_i loss_i / sum_i w_i}.
   * Unset or empty: every row weighs 1. Default: unset.
   */
  default Param<String> weightCol() {
    return paramDefinitions().weightCol;
  }

  /** @see #weightCol() */
  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  /** Whether a non-empty weight column is set. */
  default boolean hasWeightColumn() {
    return isDefined(weightCol()) && !getOrDefault(weightCol()).isEmpty();
  }

  /**
   * Starting weights as one flat vector laid out like the model's {@code weights()}; its length
   * must equal the network's parameter count. Default: unset (random initialisation from
   * {@code seed}).
   */
  default Param<Vector> initialWeights() {
    return paramDefinitions().initialWeights;
  }

  /** @see #initialWeights() */
  default Vector getInitialWeights() {
    return getOrDefault(initialWeights());
  }
}
