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
 * The param objects shared by both estimators and both models, created once per stage with the
 * stage as their parent, and their defaults.
 *
 * <p>Java classes cannot inherit fields from two Scala hierarchies (a classifier and a regressor),
 * so every stage holds one of these and {@link NeuralNetworkParams} exposes its members through
 * default methods, which Spark's reflection over public {@code Param}-returning methods finds.
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

  NeuralNetworkParamDefinitions(Params owner) {
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers",
        "sizes of the hidden layers, input to output, e.g. [256, 128]; the input width comes from"
            + " the features and the output width from the labels; may be empty (no hidden"
            + " layer)",
        ParamChecks.check("hiddenLayers", "must hold sizes >= 1",
            (int[] sizes) -> java.util.Arrays.stream(sizes).allMatch(s -> s >= 1)));
    activation = new Param<>(owner, "activation",
        "activation of the hidden layers: " + String.join(", ", Activation.paramNames())
            + " (case-insensitive)",
        ParamChecks.oneOf("activation", Activation.paramNames()));
    solver = new Param<>(owner, "solver",
        "optimisation algorithm: " + String.join(", ", Solver.ALL)
            + " (l-bfgs uses OWL-QN when elasticNetParam > 0)",
        ParamChecks.oneOf("solver", Solver.ALL));
    maxIter = new IntParam(owner, "maxIter", "maximum number of iterations (>= 0)",
        ParamChecks.intAtLeast("maxIter", 0));
    tol = new DoubleParam(owner, "tol",
        "convergence tolerance: training stops when the objective improves by less than this,"
            + " relative to its size (>= 0)",
        ParamChecks.doubleAtLeast("tol", 0));
    stepSize = new DoubleParam(owner, "stepSize",
        "step size (learning rate) of the gradient solvers (> 0)",
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
    seed = new LongParam(owner, "seed", "random seed for weight initialisation");
    weightCol = new Param<>(owner, "weightCol",
        "column of non-negative row weights; unset or empty means every row has weight 1");
    initialWeights = new Param<>(owner, "initialWeights",
        "initial flat weight vector (length must match the network); unset means random"
            + " initialisation from seed");
  }

  /**
   * Sets the defaults on the owner. Separate from the constructor because Spark's
   * {@code setDefault} looks the params up through the owner's accessors, which need this object
   * to be assigned first.
   */
  void setDefaults(Params owner) {
    owner.setDefault(hiddenLayers, new int[] {100});
    owner.setDefault(activation, Activation.RELU.paramName());
    owner.setDefault(solver, Solver.LBFGS);
    owner.setDefault(maxIter, 100);
    owner.setDefault(tol, 1e-6);
    owner.setDefault(stepSize, 0.03);
    owner.setDefault(regParam, 0.0);
    owner.setDefault(elasticNetParam, 0.0);
    owner.setDefault(blockSize, 1024);
    owner.setDefault(aggregationDepth, 2);
    owner.setDefault(seed, (long) owner.getClass().getName().hashCode());
  }
}
