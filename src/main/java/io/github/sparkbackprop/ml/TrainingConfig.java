package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.optim.LearningRateSchedule;
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
  final int batchSize;
  final double momentum;
  final boolean nesterov;
  final double beta1;
  final double beta2;
  final double adamEpsilon;
  final LearningRateSchedule.Kind schedule;
  final double decayRate;
  final int decaySteps;
  final double minLearningRate;
  final int warmupSteps;
  final String validationCol;
  final int patience;
  final double validationTol;
  final boolean singlePrecision;
  /** Where checkpoints go; {@code null} when checkpoints are off. */
  final String checkpointDir;
  final int checkpointInterval;

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
    this.batchSize = p.getBatchSize();
    this.momentum = p.getMomentum();
    this.nesterov = p.getNesterov();
    this.beta1 = p.getBeta1();
    this.beta2 = p.getBeta2();
    this.adamEpsilon = p.getAdamEpsilon();
    this.schedule = LearningRateSchedule.Kind.fromParamName(p.getLearningRateSchedule());
    this.decayRate = p.getDecayRate();
    this.decaySteps = p.getDecaySteps();
    this.minLearningRate = p.getMinLearningRate();
    this.warmupSteps = p.getWarmupSteps();
    this.validationCol = p.hasValidationColumn() ? p.getValidationIndicatorCol() : null;
    this.patience = p.getEarlyStoppingPatience();
    this.validationTol = p.getValidationTol();
    this.singlePrecision = Precision.FLOAT.equals(p.getPrecision());
    boolean checkpointing = p.isDefined(p.checkpointDir()) && !p.getCheckpointDir().isEmpty()
        && p.getCheckpointInterval() != -1;
    this.checkpointDir = checkpointing ? p.getCheckpointDir() : null;
    this.checkpointInterval = p.getCheckpointInterval();
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
