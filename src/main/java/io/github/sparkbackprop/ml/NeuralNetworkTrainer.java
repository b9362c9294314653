package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import io.github.sparkbackprop.optim.FullBatchOptimizer;
import io.github.sparkbackprop.optim.GradientDescentOptimizer;
import io.github.sparkbackprop.optim.IterationListener;
import io.github.sparkbackprop.optim.LbfgsOptimizer;
import io.github.sparkbackprop.optim.OptimizationResult;
import io.github.sparkbackprop.optim.Regularization;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training: stacks and checks the data, builds the network, picks the optimiser and
 * drives it over the distributed loss, then releases the cached data.
 */
final class NeuralNetworkTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(NeuralNetworkTrainer.class);

  /** Memory of the L-BFGS history, as in Spark's own L-BFGS users. */
  private static final int LBFGS_MEMORY = 10;

  private NeuralNetworkTrainer() {}

  /**
   * Trains a network.
   *
   * @param dataset the training rows
   * @param config the params
   * @param labelKind what the labels are
   * @param outputLoss the output layer and loss; {@code null} for softmax over the classes
   */
  static TrainedNetwork train(
      Dataset<?> dataset, TrainingConfig config, LabelKind labelKind, OutputLoss outputLoss) {
    long start = System.nanoTime();
    SparkContext sc = dataset.sparkSession().sparkContext();
    String previousDescription = sc.getLocalProperty("spark.job.description");
    sc.setJobDescription("spark-backprop: stacking and checking the training rows");
    try (TrainingData data = TrainingData.prepare(dataset, config, labelKind)) {
      OutputLoss loss = outputLoss != null ? outputLoss : OutputLoss.softmaxCrossEntropy();
      int numOutputs = labelKind.classification ? data.numClasses() : 1;
      Topology topology = new Topology(
          config.layerSizes(data.numFeatures(), numOutputs), config.activation, loss);
      double[] initial = initialWeights(config, topology);
      Regularization regularization = new Regularization(
          config.regParam, config.elasticNetParam, topology.weightMask());
      DistributedLoss objective = new DistributedLoss(
          data.blocks(), new Backpropagation(topology), config.aggregationDepth);
      LOG.info("Training {} on {} rows ({} parameters) with {}", topology, data.numRows(),
          topology.numParameters(), config.solver);
      IterationListener progress = (iteration, value, x) -> {
        LOG.info("iteration {}: objective {}", iteration, value);
        sc.setJobDescription("spark-backprop: iteration " + (iteration + 1));
        return true;
      };
      sc.setJobDescription("spark-backprop: iteration 1");
      OptimizationResult result = SparkErrors.unwrap(
          () -> optimizer(config).minimize(objective, initial, regularization, progress));
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("Trained in {} s, {} iterations ({} passes over the data): {}",
          String.format("%.1f", seconds), result.iterations(), objective.evaluations(),
          result.stopReason());
      return new TrainedNetwork(topology, result.x(), new NeuralNetworkTrainingSummary(
          result.objectiveHistory(), result.stopReason(), data.numRows(), seconds));
    } finally {
      sc.setJobDescription(previousDescription);
    }
  }

  private static FullBatchOptimizer optimizer(TrainingConfig config) {
    switch (config.solver) {
      case Solver.LBFGS:
        return new LbfgsOptimizer(config.maxIter, config.tol, LBFGS_MEMORY);
      case Solver.GD:
        return new GradientDescentOptimizer(config.maxIter, config.tol, config.stepSize);
      default:
        throw new IllegalArgumentException("Unknown solver '" + config.solver + "'");
    }
  }

  private static double[] initialWeights(TrainingConfig config, Topology topology) {
    if (config.initialWeights == null) {
      return WeightInitializer.initialize(topology, config.seed);
    }
    if (config.initialWeights.length != topology.numParameters()) {
      throw new IllegalArgumentException("initialWeights has " + config.initialWeights.length
          + " values but the network " + java.util.Arrays.toString(topology.layerSizes())
          + " has " + topology.numParameters() + " parameters; pass a vector of that length"
          + " (e.g. the weights() of a model with the same layers) or unset initialWeights");
    }
    for (double w : config.initialWeights) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException(
            "initialWeights holds the non-finite value " + w + "; all weights must be finite");
      }
    }
    return config.initialWeights.clone();
  }
}
