package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.ClassWeighting;
import io.github.sparkbackprop.ml.internal.ExecutionMode;
import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.Solver;

/**
 * Freezes an estimator's params into the plain {@link TrainingConfig} its training reads, so
 * that {@code ml.internal} never sees a stage.
 */
final class TrainingConfigs {

  private TrainingConfigs() {}

  /**
   * The values of {@code stage}'s params now.
   *
   * @param featuresCol the estimator's features column
   * @param labelCol the estimator's label column
   */
  static TrainingConfig of(NeuralNetworkParams stage, String featuresCol, String labelCol) {
    NeuralNetworkParams p = stage;
    boolean checkpointing = p.isDefined(p.checkpointDir()) && !p.getCheckpointDir().isEmpty()
        && p.getCheckpointInterval() != -1;
    return TrainingConfig.builder()
        .featuresCol(featuresCol)
        .labelCol(labelCol)
        .weightCol(p.hasWeightColumn() ? p.getWeightCol() : null)
        .validationCol(p.hasValidationColumn() ? p.getValidationIndicatorCol() : null)
        .checkpointDir(checkpointing ? p.getCheckpointDir() : null)
        .checkpointInterval(p.getCheckpointInterval())
        .initialWeights(p.isDefined(p.initialWeights()) ? p.getInitialWeights().toArray() : null)
        .solver(Solver.fromParamName(p.getSolver()))
        .precision(Precision.fromParamName(p.getPrecision()))
        .executionMode(ExecutionMode.fromParamName(p.getExecutionMode()))
        .activation(Activation.fromParamName(p.getActivation()))
        .hiddenLayers(p.getHiddenLayers())
        .miniBatchSettings(miniBatchSettings(p))
        .maxIter(p.getMaxIter())
        .tol(p.getTol())
        .seed(p.getSeed())
        .regParam(p.getRegParam())
        .elasticNetParam(p.getElasticNetParam())
        .blockSize(p.getBlockSize())
        .aggregationDepth(p.getAggregationDepth())
        .earlyStoppingPatience(p.getEarlyStoppingPatience())
        .validationTol(p.getValidationTol())
        .momentum(p.getMomentum())
        .nesterov(p.getNesterov())
        .beta1(p.getBeta1())
        .beta2(p.getBeta2())
        .adamEpsilon(p.getAdamEpsilon())
        .decayRate(p.getDecayRate())
        .decaySteps(p.getDecaySteps())
        .localSteps(p.getLocalSteps())
        .dropout(p.getDropout())
        .classWeighting(stage instanceof NeuralNetworkClassifierParams
            ? ClassWeighting.fromParamName(
                ((NeuralNetworkClassifierParams) stage).getClassWeighting())
            : ClassWeighting.NONE)
        .build();
  }

  /**
   * What the user set of the mini-batch params the solver may choose when unset ({@link
   * MiniBatchPlan}): {@code batchSize}, {@code stepSize}, {@code warmupSteps},
   * {@code learningRateSchedule}, {@code minLearningRate} and {@code maxIter}; {@code null} for
   * each one left unset (at its default).
   */
  private static MiniBatchPlan.Settings miniBatchSettings(NeuralNetworkParams p) {
    return new MiniBatchPlan.Settings(
        p.isSet(p.batchSize()) ? p.getBatchSize() : null,
        p.isSet(p.stepSize()) ? p.getStepSize() : null,
        p.isSet(p.warmupSteps()) ? p.getWarmupSteps() : null,
        p.isSet(p.learningRateSchedule())
            ? LearningRateSchedule.Kind.fromParamName(p.getLearningRateSchedule()) : null,
        p.isSet(p.minLearningRate()) ? p.getMinLearningRate() : null,
        p.isSet(p.maxIter()) ? p.getMaxIter() : null);
  }
}
