package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.Solver;
import java.util.Arrays;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The param objects shared by both estimators and both models, created once per stage with the
 * stage as their parent, and their defaults.
 *
 * <p>Java classes cannot inherit fields from two Scala hierarchies (a classifier and a regressor),
 * so every stage holds one of these and {@link NeuralNetworkParams} exposes its members through
 * default methods, which Spark's reflection over public {@code Param}-returning methods finds.
 * The full documentation of each param is on its accessor in {@link NeuralNetworkParams}.
 */
public final class NeuralNetworkParamDefinitions {

  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final Param<String> solver;
  final IntParam maxIter;
  final DoubleParam tol;
  final DoubleParam stepSize;
  final DoubleParam regParam;
  final DoubleParam elasticNetParam;
  final IntParam blockSize;
  final IntParam aggregationDepth;
  final LongParam seed;
  final Param<String> weightCol;
  final Param<Vector> initialWeights;
  final IntParam batchSize;
  final DoubleParam momentum;
  final BooleanParam nesterov;
  final DoubleParam beta1;
  final DoubleParam beta2;
  final DoubleParam adamEpsilon;
  final Param<String> learningRateSchedule;
  final DoubleParam decayRate;
  final IntParam decaySteps;
  final DoubleParam minLearningRate;
  final IntParam warmupSteps;
  final Param<String> validationIndicatorCol;
  final IntParam earlyStoppingPatience;
  final DoubleParam validationTol;
  final Param<String> precision;
  final Param<String> checkpointDir;
  final IntParam checkpointInterval;

  NeuralNetworkParamDefinitions(Params owner) {
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers",
        "sizes of the hidden layers, input to output, e.g. [256, 128]; the input width comes from"
            + " the features and the output width from the labels; may be empty (no hidden"
            + " layer)",
        ParamChecks.check("hiddenLayers", "must hold sizes >= 1",
            (int[] sizes) -> Arrays.stream(sizes).allMatch(s -> s >= 1)));
    activation = new Param<>(owner, "activation",
        "activation of the hidden layers: " + String.join(", ", Activation.paramNames())
            + " (case-insensitive)",
        ParamChecks.oneOf("activation", Activation.paramNames()));
    solver = new Param<>(owner, "solver",
        "optimisation algorithm: l-bfgs (full batch; OWL-QN with an L1 part), gd (mini-batch,"
            + " optional momentum), adam or adamw (mini-batch)",
        ParamChecks.oneOf("solver", Solver.paramNames()));
    maxIter = new IntParam(owner, "maxIter",
        "maximum number of iterations (l-bfgs) or epochs (gd, adam, adamw) (>= 0)",
        ParamChecks.intAtLeast("maxIter", 0));
    tol = new DoubleParam(owner, "tol",
        "convergence tolerance (>= 0): l-bfgs stops when an iteration improves the objective by"
            + " less than tol relative to its size; mini-batch solvers when earlyStoppingPatience"
            + " epochs in a row do",
        ParamChecks.doubleAtLeast("tol", 0));
    stepSize = new DoubleParam(owner, "stepSize",
        "learning rate of gd, adam and adamw (> 0); unset: 0.03 for gd, 0.001 for adam/adamw",
        ParamChecks.doubleAbove("stepSize", 0));
    regParam = new DoubleParam(owner, "regParam",
        "regularisation strength (>= 0); biases are never regularised",
        ParamChecks.doubleAtLeast("regParam", 0));
    elasticNetParam = new DoubleParam(owner, "elasticNetParam",
        "mix of L1 and L2 regularisation in [0, 1]: 0 is L2, 1 is L1",
        ParamChecks.doubleInRange("elasticNetParam", 0, 1, true, true));
    blockSize = new IntParam(owner, "blockSize",
        "rows stacked into one matrix for each GEMM (>= 1); larger blocks use the BLAS better",
        ParamChecks.intAtLeast("blockSize", 1));
    aggregationDepth = new IntParam(owner, "aggregationDepth",
        "depth of the treeAggregate that sums gradients (>= 2)",
        ParamChecks.intAtLeast("aggregationDepth", 2));
    seed = new LongParam(owner, "seed",
        "random seed for weight initialisation and mini-batch sampling");
    weightCol = new Param<>(owner, "weightCol",
        "column of non-negative row weights; unset or empty means every row has weight 1");
    initialWeights = new Param<>(owner, "initialWeights",
        "initial flat weight vector (length must match the network); unset means random"
            + " initialisation from seed");
    batchSize = new IntParam(owner, "batchSize",
        "rows per step of gd, adam and adamw (>= 1); one epoch is ceil(rows / batchSize) steps;"
            + " a batch covering all rows is full-batch training; ignored by l-bfgs",
        ParamChecks.intAtLeast("batchSize", 1));
    momentum = new DoubleParam(owner, "momentum",
        "momentum of gd in [0, 1); 0 is plain gradient descent",
        ParamChecks.doubleInRange("momentum", 0, 1, true, false));
    nesterov = new BooleanParam(owner, "nesterov",
        "whether gd uses Nesterov's momentum (needs momentum > 0)");
    beta1 = new DoubleParam(owner, "beta1",
        "adam/adamw decay rate of the first-moment estimates, in [0, 1)",
        ParamChecks.doubleInRange("beta1", 0, 1, true, false));
    beta2 = new DoubleParam(owner, "beta2",
        "adam/adamw decay rate of the second-moment estimates, in [0, 1)",
        ParamChecks.doubleInRange("beta2", 0, 1, true, false));
    adamEpsilon = new DoubleParam(owner, "adamEpsilon",
        "adam/adamw term added to the root of the second moment for numerical stability (> 0)",
        ParamChecks.doubleAbove("adamEpsilon", 0));
    learningRateSchedule = new Param<>(owner, "learningRateSchedule",
        "how the learning rate of gd, adam and adamw decays: "
            + String.join(", ", LearningRateSchedule.Kind.paramNames()),
        ParamChecks.oneOf("learningRateSchedule", LearningRateSchedule.Kind.paramNames()));
    decayRate = new DoubleParam(owner, "decayRate",
        "decay factor of the step, exponential and inverseTime schedules (>= 0; in (0, 1] for"
            + " step and exponential)",
        ParamChecks.doubleAtLeast("decayRate", 0));
    decaySteps = new IntParam(owner, "decaySteps",
        "steps over which the schedule decays once by decayRate (cosine: to the minimum);"
            + " 0 means one epoch, or the whole run for cosine (>= 0)",
        ParamChecks.intAtLeast("decaySteps", 0));
    minLearningRate = new DoubleParam(owner, "minLearningRate",
        "floor of the learning rate under any schedule (>= 0)",
        ParamChecks.doubleAtLeast("minLearningRate", 0));
    warmupSteps = new IntParam(owner, "warmupSteps",
        "steps of linear learning-rate warm-up before the schedule starts (>= 0)",
        ParamChecks.intAtLeast("warmupSteps", 0));
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol",
        "boolean column flagging rows held out for validation (true) and early stopping;"
            + " unset: no validation");
    earlyStoppingPatience = new IntParam(owner, "earlyStoppingPatience",
        "epochs (l-bfgs: iterations) without improvement before training stops early (>= 1)",
        ParamChecks.intAtLeast("earlyStoppingPatience", 1));
    validationTol = new DoubleParam(owner, "validationTol",
        "minimum relative improvement of the validation loss that resets the patience (>= 0)",
        ParamChecks.doubleAtLeast("validationTol", 0));
    precision = new Param<>(owner, "precision",
        "arithmetic of the cached features, GEMMs and activations: double, or float (half the"
            + " memory, about twice the speed; sums and the optimiser stay double)",
        ParamChecks.oneOf("precision", Precision.paramNames()));
    checkpointDir = new Param<>(owner, "checkpointDir",
        "folder (a path of any Hadoop file system: local, HDFS, S3A, DBFS, Volumes) where"
            + " training saves checkpoints and from whose newest complete checkpoint a fit with"
            + " the same params and data resumes; one training per folder; its checkpoints are"
            + " removed when training succeeds; unset: no checkpoints");
    checkpointInterval = new IntParam(owner, "checkpointInterval",
        "set checkpoint interval (>= 1) or disable checkpoint (-1): a checkpoint every that"
            + " many iterations (l-bfgs) or epochs (gd, adam, adamw); ignored while"
            + " checkpointDir is unset",
        ParamChecks.check("checkpointInterval", "must be >= 1, or -1 to disable checkpoints",
            (Object v) -> (Integer) v == -1 || (Integer) v >= 1));
  }

  /**
   * Sets the defaults on the owner. Separate from the constructor because Spark's
   * {@code setDefault} looks the params up through the owner's accessors, which need this object
   * to be assigned first.
   */
  void setDefaults(Params owner) {
    owner.setDefault(hiddenLayers, new int[] {100});
    owner.setDefault(activation, Activation.RELU.paramName());
    owner.setDefault(solver, Solver.LBFGS.paramName());
    owner.setDefault(maxIter, 100);
    owner.setDefault(tol, 1e-6);
    owner.setDefault(regParam, 0.0);
    owner.setDefault(elasticNetParam, 0.0);
    owner.setDefault(blockSize, 256);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
    owner.setDefault(batchSize, 256);
    owner.setDefault(momentum, 0.0);
    owner.setDefault(nesterov, false);
    owner.setDefault(beta1, 0.9);
    owner.setDefault(beta2, 0.999);
    owner.setDefault(adamEpsilon, 1e-8);
    owner.setDefault(learningRateSchedule, LearningRateSchedule.Kind.CONSTANT.paramName());
    owner.setDefault(decayRate, 0.9);
    owner.setDefault(decaySteps, 0);
    owner.setDefault(minLearningRate, 0.0);
    owner.setDefault(warmupSteps, 0);
    owner.setDefault(earlyStoppingPatience, 5);
    owner.setDefault(validationTol, 0.001);
    owner.setDefault(precision, Precision.DOUBLE.paramName());
    owner.setDefault(checkpointInterval, 10);
  }
}
