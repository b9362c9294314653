package io.github.sparkbackprop.ml.internal;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.Solver;
import java.io.Serializable;

/**
 * The params of one training, frozen as plain values when it starts (so that changing the
 * estimator during a fit changes nothing), with the columns it reads. The estimators build it
 * (the public {@code ml} layer knows its params; nothing here knows the stages); nothing sent to
 * the executors refers to it: they get the few values they need.
 *
 * <p>Each value is named as its param; string params come as the enums behind them, and
 * optional columns, folders and starting weights as {@code null} when unset.
 */
public final class TrainingConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Builder v;

  private TrainingConfig(Builder values) {
    this.v = values.copy();
  }

  /** A builder with nothing set; the estimators set every value. */
  public static Builder builder() {
    return new Builder();
  }

  /** The features column. */
  public String featuresCol() {
    return v.featuresCol;
  }

  /** The label column. */
  public String labelCol() {
    return v.labelCol;
  }

  /** The row weight column, or {@code null} when every row weighs 1. */
  public String weightCol() {
    return v.weightCol;
  }

  /** The validation indicator column, or {@code null} without validation. */
  public String validationCol() {
    return v.validationCol;
  }

  /** Where checkpoints go, or {@code null} when checkpoints are off. */
  public String checkpointDir() {
    return v.checkpointDir;
  }

  /** Iterations or epochs between checkpoints. */
  public int checkpointInterval() {
    return v.checkpointInterval;
  }

  /** The starting weights, or {@code null} for a random start from {@code seed}. */
  public double[] initialWeights() {
    return v.initialWeights == null ? null : v.initialWeights.clone();
  }

  /** The {@code solver}. */
  public Solver solver() {
    return v.solver;
  }

  /** The {@code precision}. */
  public Precision precision() {
    return v.precision;
  }

  /** The {@code executionMode}. */
  public ExecutionMode executionMode() {
    return v.executionMode;
  }

  /** The hidden layers' {@code activation}. */
  public Activation activation() {
    return v.activation;
  }

  /** The {@code hiddenLayers}. */
  public int[] hiddenLayers() {
    return v.hiddenLayers.clone();
  }

  /**
   * What the user set of the mini-batch params the solver may choose when unset
   * ({@link MiniBatchPlan}).
   */
  public MiniBatchPlan.Settings miniBatchSettings() {
    return v.miniBatchSettings;
  }

  /** {@code maxIter}. */
  public int maxIter() {
    return v.maxIter;
  }

  /** {@code tol}. */
  public double tol() {
    return v.tol;
  }

  /** {@code seed}. */
  public long seed() {
    return v.seed;
  }

  /** {@code regParam}. */
  public double regParam() {
    return v.regParam;
  }

  /** {@code elasticNetParam}. */
  public double elasticNetParam() {
    return v.elasticNetParam;
  }

  /** {@code blockSize}. */
  public int blockSize() {
    return v.blockSize;
  }

  /** {@code aggregationDepth}. */
  public int aggregationDepth() {
    return v.aggregationDepth;
  }

  /** {@code earlyStoppingPatience}. */
  public int earlyStoppingPatience() {
    return v.earlyStoppingPatience;
  }

  /** {@code validationTol}. */
  public double validationTol() {
    return v.validationTol;
  }

  /** {@code momentum}. */
  public double momentum() {
    return v.momentum;
  }

  /** {@code nesterov}. */
  public boolean nesterov() {
    return v.nesterov;
  }

  /** {@code beta1}. */
  public double beta1() {
    return v.beta1;
  }

  /** {@code beta2}. */
  public double beta2() {
    return v.beta2;
  }

  /** {@code adamEpsilon}. */
  public double adamEpsilon() {
    return v.adamEpsilon;
  }

  /** {@code decayRate}. */
  public double decayRate() {
    return v.decayRate;
  }

  /** {@code decaySteps}. */
  public int decaySteps() {
    return v.decaySteps;
  }

  /** {@code localSteps}. */
  public int localSteps() {
    return v.localSteps;
  }

  /** {@code dropout}. */
  public double dropout() {
    return v.dropout;
  }

  /** The {@code classWeighting} of a classifier; {@code NONE} for a regressor. */
  public ClassWeighting classWeighting() {
    return v.classWeighting;
  }

  /** Layer sizes from input to output, the hidden ones from {@code hiddenLayers}. */
  public int[] layerSizes(int numInputs, int numOutputs) {
    int[] sizes = new int[v.hiddenLayers.length + 2];
    sizes[0] = numInputs;
    System.arraycopy(v.hiddenLayers, 0, sizes, 1, v.hiddenLayers.length);
    sizes[sizes.length - 1] = numOutputs;
    return sizes;
  }

  /** Collects the values of a {@link TrainingConfig}, each setter named as its param. */
  public static final class Builder implements Serializable {

    private static final long serialVersionUID = 1L;

    private String featuresCol;
    private String labelCol;
    private String weightCol;
    private String validationCol;
    private String checkpointDir;
    private int checkpointInterval;
    private double[] initialWeights;
    private Solver solver;
    private Precision precision;
    private ExecutionMode executionMode;
    private Activation activation;
    private int[] hiddenLayers;
    private MiniBatchPlan.Settings miniBatchSettings;
    private int maxIter;
    private double tol;
    private long seed;
    private double regParam;
    private double elasticNetParam;
    private int blockSize;
    private int aggregationDepth;
    private int earlyStoppingPatience;
    private double validationTol;
    private double momentum;
    private boolean nesterov;
    private double beta1;
    private double beta2;
    private double adamEpsilon;
    private double decayRate;
    private int decaySteps;
    private int localSteps;
    private double dropout;
    private ClassWeighting classWeighting = ClassWeighting.NONE;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.featuresCol = featuresCol;
      b.labelCol = labelCol;
      b.weightCol = weightCol;
      b.validationCol = validationCol;
      b.checkpointDir = checkpointDir;
      b.checkpointInterval = checkpointInterval;
      b.initialWeights = initialWeights == null ? null : initialWeights.clone();
      b.solver = solver;
      b.precision = precision;
      b.executionMode = executionMode;
      b.activation = activation;
      b.hiddenLayers = hiddenLayers.clone();
      b.miniBatchSettings = miniBatchSettings;
      b.maxIter = maxIter;
      b.tol = tol;
      b.seed = seed;
      b.regParam = regParam;
      b.elasticNetParam = elasticNetParam;
      b.blockSize = blockSize;
      b.aggregationDepth = aggregationDepth;
      b.earlyStoppingPatience = earlyStoppingPatience;
      b.validationTol = validationTol;
      b.momentum = momentum;
      b.nesterov = nesterov;
      b.beta1 = beta1;
      b.beta2 = beta2;
      b.adamEpsilon = adamEpsilon;
      b.decayRate = decayRate;
      b.decaySteps = decaySteps;
      b.localSteps = localSteps;
      b.dropout = dropout;
      b.classWeighting = classWeighting;
      return b;
    }

    /** The frozen values. */
    public TrainingConfig build() {
      return new TrainingConfig(this);
    }

    /** @param value the features column */
    public Builder featuresCol(String value) {
      featuresCol = value;
      return this;
    }

    /** @param value the label column */
    public Builder labelCol(String value) {
      labelCol = value;
      return this;
    }

    /** @param value the row weight column, or {@code null} */
    public Builder weightCol(String value) {
      weightCol = value;
      return this;
    }

    /** @param value the validation indicator column, or {@code null} */
    public Builder validationCol(String value) {
      validationCol = value;
      return this;
    }

    /** @param value the checkpoint folder, or {@code null} when checkpoints are off */
    public Builder checkpointDir(String value) {
      checkpointDir = value;
      return this;
    }

    /** @param value iterations or epochs between checkpoints */
    public Builder checkpointInterval(int value) {
      checkpointInterval = value;
      return this;
    }

    /** @param value the starting weights, or {@code null} */
    public Builder initialWeights(double[] value) {
      initialWeights = value == null ? null : value.clone();
      return this;
    }

    /** @param value the solver */
    public Builder solver(Solver value) {
      solver = value;
      return this;
    }

    /** @param value the precision */
    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    /** @param value the execution mode */
    public Builder executionMode(ExecutionMode value) {
      executionMode = value;
      return this;
    }

    /** @param value the hidden layers' activation */
    public Builder activation(Activation value) {
      activation = value;
      return this;
    }

    /** @param value the hidden layers' sizes */
    public Builder hiddenLayers(int[] value) {
      hiddenLayers = value.clone();
      return this;
    }

    /** @param value what the user set of the params a mini-batch solver may choose */
    public Builder miniBatchSettings(MiniBatchPlan.Settings value) {
      miniBatchSettings = value;
      return this;
    }

    /** @param value maxIter */
    public Builder maxIter(int value) {
      maxIter = value;
      return this;
    }

    /** @param value tol */
    public Builder tol(double value) {
      tol = value;
      return this;
    }

    /** @param value seed */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** @param value regParam */
    public Builder regParam(double value) {
      regParam = value;
      return this;
    }

    /** @param value elasticNetParam */
    public Builder elasticNetParam(double value) {
      elasticNetParam = value;
      return this;
    }

    /** @param value blockSize */
    public Builder blockSize(int value) {
      blockSize = value;
      return this;
    }

    /** @param value aggregationDepth */
    public Builder aggregationDepth(int value) {
      aggregationDepth = value;
      return this;
    }

    /** @param value earlyStoppingPatience */
    public Builder earlyStoppingPatience(int value) {
      earlyStoppingPatience = value;
      return this;
    }

    /** @param value validationTol */
    public Builder validationTol(double value) {
      validationTol = value;
      return this;
    }

    /** @param value momentum */
    public Builder momentum(double value) {
      momentum = value;
      return this;
    }

    /** @param value nesterov */
    public Builder nesterov(boolean value) {
      nesterov = value;
      return this;
    }

    /** @param value beta1 */
    public Builder beta1(double value) {
      beta1 = value;
      return this;
    }

    /** @param value beta2 */
    public Builder beta2(double value) {
      beta2 = value;
      return this;
    }

    /** @param value adamEpsilon */
    public Builder adamEpsilon(double value) {
      adamEpsilon = value;
      return this;
    }

    /** @param value decayRate */
    public Builder decayRate(double value) {
      decayRate = value;
      return this;
    }

    /** @param value decaySteps */
    public Builder decaySteps(int value) {
      decaySteps = value;
      return this;
    }

    /** @param value localSteps */
    public Builder localSteps(int value) {
      localSteps = value;
      return this;
    }

    /** @param value dropout */
    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    /** @param value classWeighting ({@code NONE} unless set) */
    public Builder classWeighting(ClassWeighting value) {
      classWeighting = value;
      return this;
    }
  }
}
