package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Activation;
import java.io.Serializable;

/**
 * A plain snapshot of the training params, taken on the driver before training, so that nothing
 * sent to executors or held by the optimiser refers to the estimator itself.
 */
final class TrainingConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  final int[] hiddenLayers;
  final Activation activation;
  final String solver;
  final int maxIter;
  final double tol;
  final double stepSize;
  final double regParam;
  final double elasticNetParam;
  final int blockSize;
  final int aggregationDepth;
  final long seed;
  final double[] initialWeights;
  final String featuresCol;
  final String labelCol;
  final String weightCol;

  TrainingConfig(NeuralNetworkParams p, String featuresCol, String labelCol) {
    this.hiddenLayers = p.getHiddenLayers();
    this.activation = Activation.fromParamName(p.getActivation());
    this.solver = p.getSolver();
    this.maxIter = p.getMaxIter();
    this.tol = p.getTol();
    this.stepSize = p.getStepSize();
    this.regParam = p.getRegParam();
    this.elasticNetParam = p.getElasticNetParam();
    this.blockSize = p.getBlockSize();
    this.aggregationDepth = p.getAggregationDepth();
    this.seed = p.getSeed();
    this.initialWeights =
        p.isDefined(p.initialWeights()) ? p.getInitialWeights().toArray() : null;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = p.hasWeightColumn() ? p.getWeightCol() : null;
  }

  /** Layer sizes from input to output. */
  int[] layerSizes(int numInputs, int numOutputs) {
    int[] sizes = new int[hiddenLayers.length + 2];
    sizes[0] = numInputs;
    System.arraycopy(hiddenLayers, 0, sizes, 1, hiddenLayers.length);
    sizes[sizes.length - 1] = numOutputs;
    return sizes;
  }
}
