package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import io.github.sparkbackprop.optim.AdamUpdate;
import io.github.sparkbackprop.optim.EarlyStopping;
import io.github.sparkbackprop.optim.EpochListener;
import io.github.sparkbackprop.optim.IterationListener;
import io.github.sparkbackprop.optim.LbfgsOptimizer;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.MiniBatchOptimizer;
import io.github.sparkbackprop.optim.MiniBatchResult;
import io.github.sparkbackprop.optim.MomentumUpdate;
import io.github.sparkbackprop.optim.OptimizationResult;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training: stacks and checks the data, builds the network, runs the chosen solver
 * over distributed passes, then releases the cached data.
 */
final class NeuralNetworkTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(NeuralNetworkTrainer.class);

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
    String runId = "spark-backprop-" + UUID.randomUUID();
    // a folder that cannot hold checkpoints fails the fit before the data is touched
    CheckpointStore store = config.checkpointDir == null ? null
        : CheckpointStore.open(config.checkpointDir, sc.hadoopConfiguration());
    boolean succeeded = false;
    sc.setJobDescription("spark-backprop: stacking and checking the training rows");
    try (TrainingData data = TrainingData.prepare(dataset, config, labelKind)) {
      OutputLoss loss = outputLoss != null ? outputLoss : OutputLoss.softmaxCrossEntropy();
      int numOutputs = labelKind.classification ? data.numClasses() : 1;
      Topology topology = new Topology(
          config.layerSizes(data.numFeatures(), numOutputs), config.activation, loss);
      double[] initial = initialWeights(config, topology);
      Regularization regularization = new Regularization(
          config.regParam, config.elasticNetParam, topology.weightMask());
      LOG.info("Training {} on {} rows ({} held out for validation), {} parameters, solver {}",
          topology, data.numRows(), data.numValidationRows(), topology.numParameters(),
          config.solver);
      TrainingFingerprint fingerprint = TrainingFingerprint.of(config, topology, data);
      TrainingCheckpoint resume = store == null ? null : store.latest(fingerprint).orElse(null);
      Checkpoints checkpoints = store == null ? Checkpoints.NONE
          : new Checkpoints(store, fingerprint, config.checkpointInterval);
      Backpropagation backprop = new Backpropagation(topology);
      Outcome outcome;
      if (Solver.isMiniBatch(config.solver)) {
        BatchSampling sampling = new BatchSampling(runId, config.seed, data.numRows(),
            config.batchSize, data.trainingRowOffsets());
        PassRunner runner = new PassRunner(data.blocks(), backprop, config.aggregationDepth,
            sampling, config.singlePrecision);
        outcome = SparkErrors.unwrap(() -> miniBatch(config, runner, sampling,
            data.hasValidation(), initial, regularization, resume, checkpoints));
      } else {
        PassRunner runner = new PassRunner(data.blocks(), backprop, config.aggregationDepth,
            null, config.singlePrecision);
        outcome = SparkErrors.unwrap(() -> fullBatch(config, runner, sc, data.hasValidation(),
            initial, regularization, resume, checkpoints));
      }
      FiniteWeights.require(outcome.weights, topology, config.solver);
      double seconds = (System.nanoTime() - start) / 1e9;
      int resumedFrom = resume == null ? -1 : resume.iteration();
      LOG.info("Trained in {} s, {} iterations{}: {}", format(seconds),
          outcome.objectiveHistory.length - 1,
          resume == null ? "" : " (resumed after " + resumedFrom + ")", outcome.stopReason);
      succeeded = true;
      return new TrainedNetwork(topology, outcome.weights, new NeuralNetworkTrainingSummary(
          config.solver, outcome.objectiveHistory, outcome.validationHistory,
          outcome.learningRates, outcome.iterationSeconds, outcome.bestIteration,
          outcome.stopReason, data.numRows(), data.numValidationRows(), seconds, resumedFrom));
    } finally {
      sc.setJobDescription(previousDescription);
      BatchSampling.forget(runId);
      if (store != null) {
        // success: the checkpoints have served; failure: they stay for the next fit
        if (succeeded) {
          store.removeAll();
        } else {
          store.removeFolderIfEmpty();
        }
      }
    }
  }

  /** L-BFGS (OWL-QN) over full passes, with optional validation-based early stopping. */
  private static Outcome fullBatch(TrainingConfig config, PassRunner runner, SparkContext sc,
      boolean validating, double[] initial, Regularization regularization,
      TrainingCheckpoint resume, Checkpoints checkpoints) {
    DistributedLoss objective = new DistributedLoss(runner, validating);
    EarlyStopping stopping = new EarlyStopping(config.patience, config.validationTol);
    List<Double> validation = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    if (resume != null) {
      addAll(times, resume.iterationSeconds);
      addAll(validation, resume.validationHistory);
      stopping.restoreState(resume.validationStop);
    }
    long[] iterationStart = {System.nanoTime()};
    IterationListener listener = (iteration, value, x) -> {
      double seconds = (System.nanoTime() - iterationStart[0]) / 1e9;
      times.add(seconds);
      sc.setJobDescription("spark-backprop: l-bfgs iteration " + (iteration + 1) + " of "
          + config.maxIter);
      if (!validating) {
        LOG.info("iteration {}/{}: objective {}, {} s", iteration, config.maxIter,
            format(value), format(seconds));
        iterationStart[0] = System.nanoTime();
        return true;
      }
      if (validation.isEmpty()) {
        validation.add(objective.firstValidationLoss());
        stopping.record(0, objective.firstValidationLoss(), initial, true);
      }
      double v = objective.validationLoss(x);
      validation.add(v);
      LOG.info("iteration {}/{}: objective {}, validation loss {}, {} s", iteration,
          config.maxIter, format(value), format(v), format(seconds));
      boolean carryOn = !stopping.record(iteration, v, x, true);
      iterationStart[0] = System.nanoTime();
      return carryOn;
    };
    int first = resume == null ? 1 : resume.iteration() + 1;
    sc.setJobDescription("spark-backprop: l-bfgs iteration " + first + " of " + config.maxIter);
    OptimizationResult result = new LbfgsOptimizer(config.maxIter, config.tol,
        LbfgsOptimizer.DEFAULT_MEMORY).minimize(objective, initial, regularization, listener,
            resume == null ? null : resume.lbfgsState(),
            checkpoints.sink(state -> TrainingCheckpoint.lbfgs(state, toArray(times),
                toArray(validation), stopping.saveState())));
    if (!validating) {
      return new Outcome(result.x(), result.objectiveHistory(), new double[0], new double[0], -1,
          result.stopReason(), toArray(times));
    }
    if (validation.isEmpty()) { // no iteration ran
      validation.add(objective.validationLoss(result.x()));
      stopping.record(0, validation.get(0), result.x(), true);
    }
    String reason = stopping.epochsWithoutImprovement() >= config.patience
        ? "validation loss did not improve for " + config.patience + " iterations"
        : result.stopReason();
    return new Outcome(stopping.bestParameters(), result.objectiveHistory(),
        toArray(validation), new double[0], stopping.bestEpoch(),
        reason + "; returning the weights of iteration " + stopping.bestEpoch(), toArray(times));
  }

  /** gd, adam or adamw over mini-batches. */
  private static Outcome miniBatch(TrainingConfig config, PassRunner runner,
      BatchSampling sampling, boolean validating, double[] initial,
      Regularization regularization, TrainingCheckpoint resume, Checkpoints checkpoints) {
    int steps = sampling.stepsPerEpoch();
    LearningRateSchedule schedule = schedule(config, steps);
    UpdateRule rule = updateRule(config);
    LOG.info("{} with batches of {} rows ({} steps per epoch), learning rate {}",
        rule.describe(), config.batchSize, steps, schedule);
    List<Double> times = new ArrayList<>();
    if (resume != null) {
      addAll(times, resume.iterationSeconds);
    }
    EpochListener listener = report -> {
      times.add(report.seconds());
      LOG.info("epoch {}/{}: training objective {}, validation loss {}, learning rate {}, {} s",
          report.epoch(), config.maxIter, format(report.trainingObjective()),
          validating ? format(report.validationLoss()) : "-", format(report.learningRate()),
          format(report.seconds()));
    };
    MiniBatchResult result = new MiniBatchOptimizer(rule, schedule, config.maxIter, config.tol,
        config.patience, config.validationTol).minimize(
            new MiniBatchLoss(runner, sampling, validating, config.maxIter), initial,
            regularization, listener, resume == null ? null : resume.miniBatchState(),
            checkpoints.sink(state -> TrainingCheckpoint.miniBatch(state, toArray(times))));
    return new Outcome(result.x(), result.objectiveHistory(), result.validationHistory(),
        result.learningRateHistory(), result.bestEpoch(), result.stopReason(), toArray(times));
  }

  private static LearningRateSchedule schedule(TrainingConfig config, int stepsPerEpoch) {
    long decaySteps = config.decaySteps;
    if (decaySteps == 0) {
      decaySteps = config.schedule == LearningRateSchedule.Kind.COSINE
          ? Math.max(1, (long) config.maxIter * stepsPerEpoch - config.warmupSteps)
          : stepsPerEpoch;
    }
    if (config.minLearningRate > config.stepSize) {
      throw new IllegalArgumentException("minLearningRate (" + config.minLearningRate
          + ") is above stepSize (" + config.stepSize + "); set it at most equal to stepSize");
    }
    return new LearningRateSchedule(config.schedule, config.stepSize, config.decayRate,
        decaySteps, config.minLearningRate, config.warmupSteps);
  }

  private static UpdateRule updateRule(TrainingConfig config) {
    switch (config.solver) {
      case Solver.GD:
        return new MomentumUpdate(config.momentum, config.nesterov);
      case Solver.ADAM:
        return new AdamUpdate(config.beta1, config.beta2, config.adamEpsilon, false);
      case Solver.ADAMW:
        return new AdamUpdate(config.beta1, config.beta2, config.adamEpsilon, true);
      default:
        throw new IllegalArgumentException("Solver '" + config.solver
            + "' does not train on mini-batches");
    }
  }

  private static double[] initialWeights(TrainingConfig config, Topology topology) {
    if (config.initialWeights == null) {
      return WeightInitializer.initialize(topology, config.seed);
    }
    if (config.initialWeights.length != topology.numParameters()) {
      throw new IllegalArgumentException("initialWeights has " + config.initialWeights.length
          + " values but the network " + Arrays.toString(topology.layerSizes()) + " has "
          + topology.numParameters() + " parameters; pass a vector of that length (e.g. the"
          + " weights() of a model with the same layers) or unset initialWeights");
    }
    for (double w : config.initialWeights) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException(
            "initialWeights holds the non-finite value " + w + "; all weights must be finite");
      }
    }
    return config.initialWeights.clone();
  }

  private static void addAll(List<Double> target, double[] values) {
    for (double v : values) {
      target.add(v);
    }
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
  }

  /** What a solver run produced. */
  private static final class Outcome {
    final double[] weights;
    final double[] objectiveHistory;
    final double[] validationHistory;
    final double[] learningRates;
    final int bestIteration;
    final String stopReason;
    final double[] iterationSeconds;

    Outcome(double[] weights, double[] objectiveHistory, double[] validationHistory,
        double[] learningRates, int bestIteration, String stopReason,
        double[] iterationSeconds) {
      this.iterationSeconds = iterationSeconds;
      this.weights = weights;
      this.objectiveHistory = objectiveHistory;
      this.validationHistory = validationHistory;
      this.learningRates = learningRates;
      this.bestIteration = bestIteration;
      this.stopReason = stopReason;
    }
  }
}
