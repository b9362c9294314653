package io.github.sparkbackprop.ml.internal.train;

import io.github.sparkbackprop.ml.internal.ExecutionMode;
import io.github.sparkbackprop.nn.ClassWeights;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.Solver;
import io.github.sparkbackprop.optim.TrainingResult;

/**
 * What one training produced, all in one value: the network (its shape and weights), what the
 * optimiser reported and what the trainer measured around it. The estimators build their model
 * and its {@code NeuralNetworkTrainingSummary} from it.
 */
public final class TrainedNetwork {

  private final Topology topology;
  private final double[] weights;
  private final Solver solver;
  private final MiniBatchPlan plan;
  private final ExecutionMode executionMode;
  private final String blas;
  private final double[] objectiveHistory;
  private final double[] validationHistory;
  private final double[] learningRateHistory;
  private final double[] iterationSeconds;
  private final int bestIteration;
  private final String stopReason;
  private final long numRows;
  private final long numValidationRows;
  private final double trainingSeconds;
  private final int resumedFrom;
  private final ClassWeights classWeights;
  private final double[] featureMeans;

  /**
   * @param topology the network's shape
   * @param solver the solver that trained
   * @param plan the mini-batch solver's batch, rate and epochs; {@code null} for l-bfgs
   * @param executionMode how the steps ran on Spark ({@code perStep} for l-bfgs)
   * @param blas the BLAS the executors used
   * @param result what its optimiser returned, the trained weights included
   * @param iterationSeconds wall-clock seconds of each iteration or epoch
   * @param numRows training rows
   * @param numValidationRows validation rows
   * @param trainingSeconds seconds of the whole fit
   * @param resumedFrom the checkpoint's iteration or epoch, or -1
   * @param classWeights the weights of the classes in the loss, or {@code null}
   * @param featureMeans the training features' means
   */
  TrainedNetwork(Topology topology, Solver solver, MiniBatchPlan plan,
      ExecutionMode executionMode, String blas, TrainingResult result,
      double[] iterationSeconds, long numRows, long numValidationRows, double trainingSeconds,
      int resumedFrom, ClassWeights classWeights, double[] featureMeans) {
    this.topology = topology;
    this.featureMeans = featureMeans;
    this.weights = result.x();
    this.solver = solver;
    this.plan = plan;
    this.executionMode = executionMode;
    this.blas = blas;
    this.objectiveHistory = result.objectiveHistory();
    this.validationHistory = result.validationHistory();
    this.learningRateHistory = result.learningRateHistory();
    this.iterationSeconds = iterationSeconds;
    this.bestIteration = result.bestEpoch();
    this.stopReason = result.stopReason();
    this.numRows = numRows;
    this.numValidationRows = numValidationRows;
    this.trainingSeconds = trainingSeconds;
    this.resumedFrom = resumedFrom;
    this.classWeights = classWeights;
  }

  /** The weights of the classes (or labels) in the loss, or {@code null} when none. */
  public ClassWeights classWeights() {
    return classWeights;
  }

  /** The BLAS the executors used (see {@code Blas.describe()}). */
  public String blas() {
    return blas;
  }

  /** How the steps ran on Spark: {@code barrier} or {@code perStep}. */
  public ExecutionMode executionMode() {
    return executionMode;
  }

  /** The network's shape: layer sizes, activation and output loss. */
  public Topology topology() {
    return topology;
  }

  /**
   * The means of the training features (validation rows excluded), the default baseline of
   * attributions (owned by the caller from now on).
   */
  public double[] featureMeans() {
    return featureMeans;
  }

  /** The trained flat weights (owned by the caller from now on). */
  public double[] weights() {
    return weights;
  }

  /** The solver that trained the network. */
  public Solver solver() {
    return solver;
  }

  /** The rows per step of a mini-batch solver, set or chosen; 0 for l-bfgs. */
  public int batchSize() {
    return plan == null ? 0 : plan.batchSize();
  }

  /** The base learning rate of a mini-batch solver, set or chosen; NaN for l-bfgs. */
  public double stepSize() {
    return plan == null ? Double.NaN : plan.stepSize();
  }

  /** What the solver chose because it was unset ({@link MiniBatchPlan#chosen()}); or empty. */
  public String chosenParams() {
    return plan == null ? "" : plan.chosen();
  }

  /** The objective at the start and after each iteration (l-bfgs) or epoch. */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** The validation loss at the start and after each iteration or epoch; empty without. */
  public double[] validationHistory() {
    return validationHistory.clone();
  }

  /** The learning rate of every mini-batch step; empty for l-bfgs. */
  public double[] learningRateHistory() {
    return learningRateHistory.clone();
  }

  /** Wall-clock seconds of each iteration or epoch. */
  public double[] iterationSeconds() {
    return iterationSeconds.clone();
  }

  /** The iteration or epoch whose weights were kept by validation, or -1 without validation. */
  public int bestIteration() {
    return bestIteration;
  }

  /** Why training stopped, in words. */
  public String stopReason() {
    return stopReason;
  }

  /** Training rows (validation rows excluded). */
  public long numRows() {
    return numRows;
  }

  /** Validation rows. */
  public long numValidationRows() {
    return numValidationRows;
  }

  /** Wall-clock seconds of this fit, data preparation included. */
  public double trainingSeconds() {
    return trainingSeconds;
  }

  /** The iteration or epoch of the checkpoint this fit resumed from, or -1. */
  public int resumedFrom() {
    return resumedFrom;
  }
}
