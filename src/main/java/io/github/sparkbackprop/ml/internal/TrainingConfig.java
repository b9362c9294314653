package io.github.sparkbackprop.ml.internal;

import io.github.sparkbackprop.ml.NeuralNetworkParams;
import io.github.sparkbackprop.ml.internal.pass.ExecutionMode;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.Solver;
import java.io.Serializable;
import org.apache.spark.ml.param.ParamMap;

/**
 * The params of one training, frozen when it starts: a copy of the estimator's params (so that
 * changing the estimator during a fit changes nothing) and the columns it reads. Nothing sent to
 * the executors refers to it; they get the few values they need.
 *
 * <p>Plain values are read through the params' own getters ({@code params().getMaxIter()}), so
 * that every param has one name everywhere; this class adds only what needs interpreting: the
 * enums behind string params, and optional columns and folders as {@code null} when unset.
 */
public final class TrainingConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final NeuralNetworkParams params;
  private final String featuresCol;
  private final String labelCol;

  private TrainingConfig(NeuralNetworkParams params, String featuresCol, String labelCol) {
    this.params = params;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
  }

  /**
   * Freezes the params of {@code stage}.
   *
   * @param stage the estimator about to train
   * @param featuresCol its features column
   * @param labelCol its label column
   */
  public static TrainingConfig of(NeuralNetworkParams stage, String featuresCol,
      String labelCol) {
    return new TrainingConfig((NeuralNetworkParams) stage.copy(ParamMap.empty()), featuresCol,
        labelCol);
  }

  /** The frozen params; read plain values through their getters. */
  public NeuralNetworkParams params() {
    return params;
  }

  /** The features column. */
  public String featuresCol() {
    return featuresCol;
  }

  /** The label column. */
  public String labelCol() {
    return labelCol;
  }

  /** The row weight column, or {@code null} when every row weighs 1. */
  public String weightCol() {
    return params.hasWeightColumn() ? params.getWeightCol() : null;
  }

  /** The validation indicator column, or {@code null} without validation. */
  public String validationCol() {
    return params.hasValidationColumn() ? params.getValidationIndicatorCol() : null;
  }

  /** Where checkpoints go, or {@code null} when checkpoints are off. */
  public String checkpointDir() {
    boolean checkpointing = params.isDefined(params.checkpointDir())
        && !params.getCheckpointDir().isEmpty() && params.getCheckpointInterval() != -1;
    return checkpointing ? params.getCheckpointDir() : null;
  }

  /** The starting weights, or {@code null} for a random start from {@code seed}. */
  public double[] initialWeights() {
    return params.isDefined(params.initialWeights())
        ? params.getInitialWeights().toArray()
        : null;
  }

  /** The {@code solver}. */
  public Solver solver() {
    return Solver.fromParamName(params.getSolver());
  }

  /** The {@code precision}. */
  public Precision precision() {
    return Precision.fromParamName(params.getPrecision());
  }

  /** The {@code executionMode}. */
  public ExecutionMode executionMode() {
    return ExecutionMode.fromParamName(params.getExecutionMode());
  }

  /** The hidden layers' {@code activation}. */
  public Activation activation() {
    return Activation.fromParamName(params.getActivation());
  }

  /** The kind of {@code learningRateSchedule}. */
  public LearningRateSchedule.Kind schedule() {
    return LearningRateSchedule.Kind.fromParamName(params.getLearningRateSchedule());
  }

  /**
   * What the user set of the mini-batch params the solver may choose when unset ({@link
   * MiniBatchPlan}): {@code batchSize}, {@code stepSize}, {@code warmupSteps},
   * {@code learningRateSchedule}, {@code minLearningRate} and {@code maxIter}; {@code null} for
   * each one left unset (at its default).
   */
  public MiniBatchPlan.Settings miniBatchSettings() {
    return new MiniBatchPlan.Settings(
        params.isSet(params.batchSize()) ? params.getBatchSize() : null,
        params.isSet(params.stepSize()) ? params.getStepSize() : null,
        params.isSet(params.warmupSteps()) ? params.getWarmupSteps() : null,
        params.isSet(params.learningRateSchedule()) ? schedule() : null,
        params.isSet(params.minLearningRate()) ? params.getMinLearningRate() : null,
        params.isSet(params.maxIter()) ? params.getMaxIter() : null);
  }

  /** Layer sizes from input to output, the hidden ones from {@code hiddenLayers}. */
  public int[] layerSizes(int numInputs, int numOutputs) {
    int[] hidden = params.getHiddenLayers();
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = numInputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = numOutputs;
    return sizes;
  }
}
