package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.ExecutionMode;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.Solver;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
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
   * The optimiser:
   *
   * <ul>
   *   <li>{@code l-bfgs}: full-batch quasi-Newton (OWL-QN when the regularisation has an L1 part);
   *       one pass over the data per evaluation, no step size to tune; the best choice for small
   *       and medium tabular data;
   *   <li>{@code gd}: mini-batch gradient descent with optional (Nesterov) {@code momentum};
   *   <li>{@code adam}: Adam (Kingma and Ba 2015), L2 added to the gradient;
   *   <li>{@code adamw}: Adam with decoupled weight decay (Loshchilov and Hutter 2019).
   * </ul>
   *
   * The mini-batch solvers take {@code batchSize} rows per step and follow the
   * {@code learningRateSchedule}; each step is one Spark job, or with {@code localSteps > 1}
   * several steps are one job (parameter averaging). Default: {@code l-bfgs}.
   */
  default Param<String> solver() {
    return paramDefinitions().solver;
  }

  /** @see #solver() */
  default String getSolver() {
    return Solver.fromParamName(getOrDefault(solver())).paramName();
  }

  /**
   * Maximum number of iterations (>= 0): L-BFGS iterations for {@code l-bfgs}, epochs (passes
   * over the training rows, {@code ceil(rows / batchSize)} steps each) for {@code gd},
   * {@code adam} and {@code adamw}. Default: 100 for {@code l-bfgs}; for {@code gd},
   * {@code adam} and {@code adamw} unset means the solver chooses the epochs from the training
   * rows (enough for about 1.2 million row visits, between 10 and 100 epochs) and the summary's
   * {@code totalIterations()} tells how many ran.
   */
  default IntParam maxIter() {
    return paramDefinitions().maxIter;
  }

  /** @see #maxIter() */
  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  /**
   * Convergence tolerance (>= 0). {@code l-bfgs} stops once an iteration improves the objective
   * by less than {@code tol} relative to its size, or the gradient norm falls below
   * {@code tol * max(1, objective)}. Mini-batch solvers without validation rows stop once the
   * epoch objective has improved by less than {@code tol} (relative) for
   * {@code earlyStoppingPatience} epochs in a row. 0 disables these tests. Default: 1e-6.
   */
  default DoubleParam tol() {
    return paramDefinitions().tol;
  }

  /** @see #tol() */
  default double getTol() {
    return (Double) getOrDefault(tol());
  }

  /**
   * Learning rate of {@code gd}, {@code adam} and {@code adamw} (> 0), before any schedule.
   * Default: unset, which means the solver chooses the rate and its course: 0.03 for {@code gd}
   * (as Spark's perceptron), for {@code adam} and {@code adamw} 0.001 (as Kingma and Ba) times
   * {@code batchSize / 256}, within 1x to 8x; with a linear warm-up of one epoch (at most 30
   * steps), a cosine decay over the run and a floor of a hundredth of the rate, each unless its
   * own param is set. The summary's {@code stepSize()} tells the rate used.
   */
  default DoubleParam stepSize() {
    return paramDefinitions().stepSize;
  }

  /**
   * The step size set, else the solver's base rate before the batch-size scaling (see
   * {@link #stepSize()}).
   */
  default double getStepSize() {
    return isDefined(stepSize())
        ? (Double) getOrDefault(stepSize())
        : Solver.fromParamName(getSolver()).defaultStepSize();
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
   * may be smaller. The result does not depend on it; 256 keeps each block's activations in the
   * CPU caches while the GEMMs stay large enough to run near the BLAS peak. Default: 256.
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

  /**
   * Random seed for weight initialisation and mini-batch sampling. Default: the hash of the
   * class name.
   */
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

  /**
   * Rows per step of {@code gd}, {@code adam} and {@code adamw} (>= 1). Each epoch shuffles all
   * training rows (seeded) and takes them {@code batchSize} at a time, so an epoch is
   * {@code ceil(rows / batchSize)} steps, each one distributed pass; a batch that covers all rows
   * is full-batch training. Ignored by {@code l-bfgs}. Default: unset, which means the solver
   * chooses it at fit time from the training rows and the network's size (the rule is
   * {@link io.github.sparkbackprop.optim.MiniBatchPlan}'s, stated in docs/training.md; the
   * summary's {@code batchSize()} tells what it chose).
   */
  default IntParam batchSize() {
    return paramDefinitions().batchSize;
  }

  /** The batch size set, or 0 when unset (the solver then chooses it at fit time). */
  default int getBatchSize() {
    return isDefined(batchSize()) ? (Integer) getOrDefault(batchSize()) : 0;
  }

  /**
   * Steps of {@code gd}, {@code adam} and {@code adamw} that each partition takes on its own rows
   * between two averagings of the weights (>= 1). Default: 1, exact mini-batch training: every
   * step is one Spark job computing the gradient of the whole batch over all partitions, and the
   * model does not depend on the partitioning.
   *
   * <p>Above 1, parameter averaging (as DL4J-Spark's): each Spark job is a round of up to
   * {@code localSteps} steps (a round never spans two epochs), in which every partition starts
   * from the same weights and update-rule state (Adam's moments, momentum) and takes one step
   * per batch of the round on the gradient of <em>its own share</em> of that batch (the batches
   * are those of the exact mode); the driver then averages the partitions' weights and states,
   * weighted by the rows each stepped on. An epoch thus costs {@code localSteps} times fewer
   * jobs, which pays when Spark's cost per job is large against a step's arithmetic (small
   * networks, many steps). The trade-off: each step sees only {@code batchSize / partitions}
   * rows, the averaged weights are not those of any sequence of steps, and the model depends on
   * how the rows are partitioned (a different number of partitions trains a different model;
   * a resumed fit must keep the partitioning). Ignored by {@code l-bfgs}.
   */
  default IntParam localSteps() {
    return paramDefinitions().localSteps;
  }

  /** @see #localSteps() */
  default int getLocalSteps() {
    return (Integer) getOrDefault(localSteps());
  }

  /**
   * How the epochs of {@code gd}, {@code adam} and {@code adamw} run on Spark. Default:
   * {@code "auto"}.
   *
   * <ul>
   *   <li>{@code "barrier"}: epochs run in Spark barrier stages, each stage a span of epochs up
   *       to the next validation pass, checkpoint or the end, ended sooner at the first end
   *       of an epoch after 5 seconds (the Spark setting
   *       {@code spark.sparkbackprop.barrier.spanDuration}). Every task holds the same weights
   *       and optimiser state; for each step it computes its partition's share of the batch's
   *       gradient, the tasks add up their shares among themselves (over connections opened
   *       once per stage, in partition order), and each takes the same step. Spark's cost per
   *       job is paid once per span instead of once per step. It needs a task slot for every
   *       partition of the training rows at once, no dynamic allocation and no network
   *       encryption; where Spark cannot run it, the fit fails at once saying why.
   *   <li>{@code "perStep"}: one Spark job per step (or per round of {@code localSteps}): the
   *       weights are broadcast, each partition sums its share, the driver adds up the sums and
   *       steps.
   *   <li>{@code "auto"}: barrier where an epoch has more than one step and Spark can run it,
   *       else perStep, with one log line saying why.
   * </ul>
   *
   * <p>Both modes train the same model, bit for bit, for the same data, partitioning and seed
   * (every sum is added in partition order in both), and a checkpoint written in one resumes in
   * the other; the summary says which ran ({@code executionMode()}). A task waiting on a silent
   * peer gives up after the Spark setting {@code spark.sparkbackprop.barrier.peerTimeout}
   * (default 5 minutes), and Spark runs the stage again. {@code l-bfgs} ignores this param: each
   * of its iterations is a full pass over the data, one job, and the line search needs the
   * driver between passes.
   */
  default Param<String> executionMode() {
    return paramDefinitions().executionMode;
  }

  /** @see #executionMode() */
  default String getExecutionMode() {
    return ExecutionMode.fromParamName(getOrDefault(executionMode())).paramName();
  }

  /**
   * The rate at which hidden units are dropped while {@code gd}, {@code adam} and
   * {@code adamw} train, in [0, 1). Default: 0 (no dropout).
   *
   * <p>Inverted dropout (Srivastava et al., 2014): in every training step each hidden unit of
   * each row is dropped with this probability and the kept ones are scaled by
   * {@code 1 / (1 - dropout)}, so the network scores unchanged, with every unit, and
   * {@code transform} needs nothing. The masks are computed from the seed, the step and the row's
   * place in the training data, never from the partition that holds it: a seeded fit repeats bit
   * for bit, does not depend on the partitioning, resumes exactly from a checkpoint, and trains
   * the same model in either {@code executionMode}. The batch losses in the history are those of
   * the thinned networks (as Keras reports them); the starting and validation losses use the
   * whole network. {@code l-bfgs} refuses a rate above 0: its line search needs an objective
   * that does not change between evaluations.
   */
  default DoubleParam dropout() {
    return paramDefinitions().dropout;
  }

  /** @see #dropout() */
  default double getDropout() {
    return (Double) getOrDefault(dropout());
  }

  /** Momentum of {@code gd}, in [0, 1); 0 is plain gradient descent. Default: 0. */
  default DoubleParam momentum() {
    return paramDefinitions().momentum;
  }

  /** @see #momentum() */
  default double getMomentum() {
    return (Double) getOrDefault(momentum());
  }

  /** Whether {@code gd} uses Nesterov's momentum (matters only with momentum > 0). Default: false. */
  default BooleanParam nesterov() {
    return paramDefinitions().nesterov;
  }

  /** @see #nesterov() */
  default boolean getNesterov() {
    return (Boolean) getOrDefault(nesterov());
  }

  /** Decay rate of Adam's first-moment estimates, in [0, 1). Default: 0.9. */
  default DoubleParam beta1() {
    return paramDefinitions().beta1;
  }

  /** @see #beta1() */
  default double getBeta1() {
    return (Double) getOrDefault(beta1());
  }

  /** Decay rate of Adam's second-moment estimates, in [0, 1). Default: 0.999. */
  default DoubleParam beta2() {
    return paramDefinitions().beta2;
  }

  /** @see #beta2() */
  default double getBeta2() {
    return (Double) getOrDefault(beta2());
  }

  /**
   * Adam's epsilon (> 0), added to the root of the second moment so that steps stay finite.
   * (Named apart from the regressor's Huber {@code epsilon}.) Default: 1e-8.
   */
  default DoubleParam adamEpsilon() {
    return paramDefinitions().adamEpsilon;
  }

  /** @see #adamEpsilon() */
  default double getAdamEpsilon() {
    return (Double) getOrDefault(adamEpsilon());
  }

  /**
   * How the learning rate of the mini-batch solvers changes with the step {@code t} (after any
   * warm-up): {@code constant}; {@code step} ({@code stepSize * decayRate^floor(t/decaySteps)});
   * {@code exponential} ({@code stepSize * decayRate^(t/decaySteps)}); {@code inverseTime}
   * ({@code stepSize / (1 + decayRate * t/decaySteps)}); {@code cosine} (half a cosine from
   * {@code stepSize} down to {@code minLearningRate} over {@code decaySteps}). Never below
   * {@code minLearningRate}. The summary records the rate of every step. Default:
   * {@code constant}.
   */
  default Param<String> learningRateSchedule() {
    return paramDefinitions().learningRateSchedule;
  }

  /** @see #learningRateSchedule() */
  default String getLearningRateSchedule() {
    return LearningRateSchedule.Kind.fromParamName(getOrDefault(learningRateSchedule()))
        .paramName();
  }

  /**
   * Decay factor of the {@code step}, {@code exponential} and {@code inverseTime} schedules
   * (>= 0; in (0, 1] for step and exponential). Default: 0.9.
   */
  default DoubleParam decayRate() {
    return paramDefinitions().decayRate;
  }

  /** @see #decayRate() */
  default double getDecayRate() {
    return (Double) getOrDefault(decayRate());
  }

  /**
   * Steps over which a schedule decays once by {@code decayRate} ({@code cosine}: all the way to
   * {@code minLearningRate}) (>= 0). 0 means one epoch, or for {@code cosine} the whole run.
   * Default: 0.
   */
  default IntParam decaySteps() {
    return paramDefinitions().decaySteps;
  }

  /** @see #decaySteps() */
  default int getDecaySteps() {
    return (Integer) getOrDefault(decaySteps());
  }

  /** Floor of the learning rate under any schedule (>= 0). Default: 0. */
  default DoubleParam minLearningRate() {
    return paramDefinitions().minLearningRate;
  }

  /** @see #minLearningRate() */
  default double getMinLearningRate() {
    return (Double) getOrDefault(minLearningRate());
  }

  /**
   * Steps of linear warm-up (>= 0): the rate climbs from {@code stepSize / warmupSteps} to
   * {@code stepSize}, then the schedule starts. Helps large batches and large step sizes.
   * Default: 0.
   */
  default IntParam warmupSteps() {
    return paramDefinitions().warmupSteps;
  }

  /** @see #warmupSteps() */
  default int getWarmupSteps() {
    return (Integer) getOrDefault(warmupSteps());
  }

  /**
   * Boolean column: rows flagged {@code true} are held out of training and their loss is
   * computed in the same distributed pass as a training gradient (no extra Spark job per epoch).
   * Training then stops early after {@code earlyStoppingPatience} epochs (l-bfgs: iterations)
   * without improvement and the model keeps the weights of the best validation loss; the summary
   * has the validation history. Spark's GBT convention. Default: unset.
   */
  default Param<String> validationIndicatorCol() {
    return paramDefinitions().validationIndicatorCol;
  }

  /** @see #validationIndicatorCol() */
  default String getValidationIndicatorCol() {
    return getOrDefault(validationIndicatorCol());
  }

  /** Whether a non-empty validation indicator column is set. */
  default boolean hasValidationColumn() {
    return isDefined(validationIndicatorCol()) && !getOrDefault(validationIndicatorCol()).isEmpty();
  }

  /**
   * Epochs (l-bfgs: iterations) without improvement of the validation loss (or, without
   * validation rows, of the objective by {@code tol}) before training stops (>= 1). Default: 5.
   */
  default IntParam earlyStoppingPatience() {
    return paramDefinitions().earlyStoppingPatience;
  }

  /** @see #earlyStoppingPatience() */
  default int getEarlyStoppingPatience() {
    return (Integer) getOrDefault(earlyStoppingPatience());
  }

  /**
   * Minimum relative improvement of the validation loss that counts (>= 0): an epoch improves on
   * the best loss {@code b} if it lowers it by at least {@code validationTol * max(b, 0.01)}.
   * Default: 0.001.
   */
  default DoubleParam validationTol() {
    return paramDefinitions().validationTol;
  }

  /** @see #validationTol() */
  default double getValidationTol() {
    return (Double) getOrDefault(validationTol());
  }

  /**
   * Arithmetic of the network's passes: {@code double}, or {@code float} for the cached training
   * features, the GEMMs and the activations (half the memory and about twice the GEMM speed),
   * while losses, the sums of gradients across blocks and partitions and the optimiser stay in
   * double precision (each partition's sum travels to the driver rounded to float, half the
   * bytes). A model applies it to {@code transform} too. Default: {@code double}.
   */
  default Param<String> precision() {
    return paramDefinitions().precision;
  }

  /** @see #precision() */
  default String getPrecision() {
    return Precision.fromParamName(getOrDefault(precision())).paramName();
  }

  /**
   * Folder for checkpoints, a path of any Hadoop file system ({@code file:}, {@code hdfs:},
   * {@code s3a:}, {@code dbfs:}, {@code /Volumes/...}). Every {@code checkpointInterval}
   * iterations or epochs, training saves there everything its optimiser needs to continue
   * exactly (weights, optimiser state, schedule and sampling position, early stopping, the
   * histories). A fit with the same params and data and the same {@code checkpointDir} resumes
   * from the newest complete checkpoint, with bit-identical results to an uninterrupted run; a
   * folder holding another training's checkpoints is an error naming what differs. When training
   * succeeds, its checkpoints are removed (and the folder, if that leaves it empty); after a
   * failure they stay for the next fit. One training per folder: give each its own. Default:
   * unset, no checkpoints.
   */
  default Param<String> checkpointDir() {
    return paramDefinitions().checkpointDir;
  }

  /** @see #checkpointDir() */
  default String getCheckpointDir() {
    return getOrDefault(checkpointDir());
  }

  /**
   * Iterations ({@code l-bfgs}) or epochs ({@code gd}, {@code adam}, {@code adamw}) between
   * checkpoints (>= 1), or -1 to disable checkpoints (Spark's {@code checkpointInterval}
   * convention); ignored while {@code checkpointDir} is unset. Default: 10.
   */
  default IntParam checkpointInterval() {
    return paramDefinitions().checkpointInterval;
  }

  /** @see #checkpointInterval() */
  default int getCheckpointInterval() {
    return (Integer) getOrDefault(checkpointInterval());
  }

  /**
   * Column of per-row feature attributions, added by a model's {@code transform}: a
   * {@code Vector} of one value per feature, the integrated gradients (Sundararajan et al.
   * 2017) of the output the model explains along the straight path from
   * {@code attributionBaseline} to the row. What is explained: for the classifier, the raw score
   * (before softmax) of the predicted class; for the multi-label classifier, the sum of the raw
   * scores (log-odds) of the predicted labels (zeros for a row with none); for the regressor,
   * its prediction (for a vector label, the sum of its outputs). The values add up to that
   * output at the row minus the same output at the baseline (completeness), to within the
   * error of {@code attributionSteps} points. Unset or empty: no column. Default: unset.
   */
  default Param<String> attributionCol() {
    return paramDefinitions().attributionCol;
  }

  /** @see #attributionCol() */
  default String getAttributionCol() {
    return getOrDefault(attributionCol());
  }

  /** Whether a non-empty attribution column is set. */
  default boolean hasAttributionColumn() {
    return isDefined(attributionCol()) && !getOrDefault(attributionCol()).isEmpty();
  }

  /**
   * Where the attribution paths start: a {@code Vector} of one finite value per feature (its
   * size must be the number of features, checked by {@code transform}). Default: unset, the
   * means of the training features (validation rows excluded, each row counted once), which a
   * model records at fit; a model loaded from a save of a version that did not record them needs
   * it set.
   */
  default Param<Vector> attributionBaseline() {
    return paramDefinitions().attributionBaseline;
  }

  /** @see #attributionBaseline() */
  default Vector getAttributionBaseline() {
    return getOrDefault(attributionBaseline());
  }

  /**
   * Points along each row's path at which the gradient is taken (>= 1), by the midpoint rule.
   * Each costs about one forward and one backward pass, so attributions cost about
   * {@code 3 x attributionSteps} times a {@code transform}; the completeness error falls as
   * {@code 1 / steps^2} for smooth activations (see docs/attributions.md for measured figures).
   * Default: 50.
   */
  default IntParam attributionSteps() {
    return paramDefinitions().attributionSteps;
  }

  /** @see #attributionSteps() */
  default int getAttributionSteps() {
    return (Integer) getOrDefault(attributionSteps());
  }
}
