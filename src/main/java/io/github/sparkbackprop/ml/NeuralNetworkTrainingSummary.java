package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.train.TrainedNetwork;
import io.github.sparkbackprop.nn.ClassWeights;
import java.io.Serializable;

/**
 * How a model was trained. Available on a freshly trained model through {@code summary()}; not
 * saved with the model.
 *
 * <p>For {@code l-bfgs} an iteration is one L-BFGS iteration; for the mini-batch solvers it is an
 * epoch. {@code objectiveHistory()[0]} is always the objective (mean weighted loss over the
 * training rows plus the regularisation term) at the starting weights; for {@code l-bfgs} each
 * later entry is the exact objective after that iteration, for the mini-batch solvers the mean
 * batch loss during that epoch plus the regularisation term at its end.
 *
 * <p>It implements Spark's {@code TrainingSummary} (for regressors too) because a Spark Connect
 * server lets clients read {@code objectiveHistory} and {@code totalIterations} only from
 * instances of that type; the other values are readable from the JVM and from classic PySpark.
 */
public final class NeuralNetworkTrainingSummary
    implements Serializable, org.apache.spark.ml.classification.TrainingSummary {

  private static final long serialVersionUID = 1L;

  private final String solver;
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
  private final int batchSize;
  private final double stepSize;
  private final String chosenParams;
  private final String executionMode;
  private final String blas;
  private final double[] classWeights;
  private final double[] labelPositiveWeights;
  private final double[] labelNegativeWeights;

  /** The summary of the training that produced {@code record}. */
  NeuralNetworkTrainingSummary(TrainedNetwork record) {
    this.solver = record.solver().paramName();
    this.objectiveHistory = record.objectiveHistory();
    this.validationHistory = record.validationHistory();
    this.learningRateHistory = record.learningRateHistory();
    this.iterationSeconds = record.iterationSeconds();
    this.bestIteration = record.bestIteration();
    this.stopReason = record.stopReason();
    this.numRows = record.numRows();
    this.numValidationRows = record.numValidationRows();
    this.trainingSeconds = record.trainingSeconds();
    this.resumedFrom = record.resumedFrom();
    this.batchSize = record.batchSize();
    this.stepSize = record.stepSize();
    this.chosenParams = record.chosenParams();
    this.executionMode = record.executionMode().paramName();
    this.blas = record.blas();
    ClassWeights weights = record.classWeights();
    this.classWeights = weights == null ? null : weights.classWeights();
    this.labelPositiveWeights = weights == null ? null : weights.positiveWeights();
    this.labelNegativeWeights = weights == null ? null : weights.negativeWeights();
  }

  /**
   * The weight of each class in the loss with {@code classWeighting} {@code balanced}: class
   * {@code c}'s {@code n / (k * n_c)} (0 for a class without training rows), multiplying the row
   * weight of its rows; {@code null} with {@code none}, and for the multi-label classifier (see
   * {@link #labelPositiveWeights()}).
   */
  public double[] classWeights() {
    return classWeights == null ? null : classWeights.clone();
  }

  /**
   * Multi-label classifier with {@code classWeighting} {@code balanced}: the weight of label
   * {@code j}'s loss term on the rows that have the label, {@code n / (2 * n_pos_j)} (0 if no
   * training row has it); {@code null} otherwise.
   */
  public double[] labelPositiveWeights() {
    return labelPositiveWeights == null ? null : labelPositiveWeights.clone();
  }

  /**
   * Multi-label classifier with {@code classWeighting} {@code balanced}: the weight of label
   * {@code j}'s loss term on the rows that have it not, {@code n / (2 * n_neg_j)} (0 if every
   * training row has it); {@code null} otherwise.
   */
  public double[] labelNegativeWeights() {
    return labelNegativeWeights == null ? null : labelNegativeWeights.clone();
  }

  /**
   * The BLAS the executors trained with, as they reported it: the implementation
   * ({@code JNIBLAS} is native, {@code VectorBLAS} and {@code Java*BLAS} are Java), the native
   * library and its threads per call where known, e.g. {@code "JNIBLAS: native
   * /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3, 1 thread per call"}; several
   * joined by "; " when executors differ. More than one thread per call with several tasks per
   * executor slows training down (a warning says so once per JVM).
   */
  public String blas() {
    return blas;
  }

  /**
   * How the steps ran on Spark: {@code "barrier"} (barrier stages, each a span of epochs, the
   * tasks adding up their sums among themselves) or {@code "perStep"} (one Spark job per step;
   * always for {@code l-bfgs}, one job per iteration). See the {@code executionMode} param.
   */
  public String executionMode() {
    return executionMode;
  }

  /**
   * Rows per step of a mini-batch solver: the {@code batchSize} set, or the one the solver chose
   * when it was unset (see {@link #chosenParams()}); 0 for {@code l-bfgs}.
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The base learning rate of a mini-batch solver: the {@code stepSize} set, or the one it chose
   * when unset; NaN for {@code l-bfgs}.
   */
  public double stepSize() {
    return stepSize;
  }

  /**
   * The params a mini-batch solver chose because they were left unset, with their values, e.g.
   * {@code "batchSize=2048, stepSize=0.008, warmupSteps=30, learningRateSchedule=cosine,
   * minLearningRate=8.0E-5, maxIter=20"}; empty when every one was set, and for {@code l-bfgs}.
   */
  public String chosenParams() {
    return chosenParams;
  }

  /** The solver that trained the model. */
  public String solver() {
    return solver;
  }

  /** The objective at the start ({@code [0]}) and after each iteration or epoch. */
  @Override
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /**
   * The mean validation loss at the start ({@code [0]}) and after each iteration or epoch; empty
   * without {@code validationIndicatorCol}.
   */
  public double[] validationHistory() {
    return validationHistory.clone();
  }

  /** The learning rate of every step of a mini-batch solver; empty for {@code l-bfgs}. */
  public double[] learningRateHistory() {
    return learningRateHistory.clone();
  }

  /**
   * Wall-clock seconds of each iteration or epoch, in order (the first ones include the JIT
   * warming up).
   */
  public double[] iterationSeconds() {
    return iterationSeconds.clone();
  }

  /** Number of iterations (l-bfgs) or epochs (mini-batch solvers) run. */
  @Override
  public int totalIterations() {
    return objectiveHistory.length - 1;
  }

  /**
   * The iteration or epoch whose weights the model holds when validation chose them (0 = the
   * starting weights), or -1 without validation (the model holds the last weights).
   */
  public int bestIteration() {
    return bestIteration;
  }

  /** Why training stopped, in words (converged, iteration limit, early stopping, ...). */
  public String stopReason() {
    return stopReason;
  }

  /** Number of training rows (validation rows excluded). */
  public long numRows() {
    return numRows;
  }

  /** Number of validation rows. */
  public long numValidationRows() {
    return numValidationRows;
  }

  /**
   * Wall-clock seconds this fit spent training, data preparation included (after a resume, the
   * time of the fit that resumed, not of the runs before).
   */
  public double trainingSeconds() {
    return trainingSeconds;
  }

  /** Whether this fit resumed from a checkpoint in {@code checkpointDir}. */
  public boolean resumed() {
    return resumedFrom >= 0;
  }

  /**
   * The iteration (l-bfgs) or epoch (mini-batch solvers) of the checkpoint this fit resumed
   * from, or -1 if it started from scratch. The histories cover the whole training, before and
   * after the checkpoint; {@link #trainingSeconds()} is this fit's time only.
   */
  public int resumedFrom() {
    return resumedFrom;
  }
}
