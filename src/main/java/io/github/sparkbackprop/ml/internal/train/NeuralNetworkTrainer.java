package io.github.sparkbackprop.ml.internal.train;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.FiniteWeights;
import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import io.github.sparkbackprop.ml.internal.checkpoint.CheckpointStore;
import io.github.sparkbackprop.ml.internal.checkpoint.Checkpoints;
import io.github.sparkbackprop.ml.internal.checkpoint.TrainingCheckpoint;
import io.github.sparkbackprop.ml.internal.checkpoint.TrainingFingerprint;
import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.ml.internal.data.TrainingData;
import io.github.sparkbackprop.ml.internal.pass.BatchSampling;
import io.github.sparkbackprop.ml.internal.pass.DistributedLoss;
import io.github.sparkbackprop.ml.internal.pass.MiniBatchLoss;
import io.github.sparkbackprop.ml.internal.pass.PassRunner;
import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
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
import io.github.sparkbackprop.optim.Solver;
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
public final class NeuralNetworkTrainer {

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
  public static TrainedNetwork train(
      Dataset<?> dataset, TrainingConfig config, LabelKind labelKind, OutputLoss outputLoss) {
    long start = System.nanoTime();
    SparkContext sc = dataset.sparkSession().sparkContext();
    String previousDescription = sc.getLocalProperty("spark.job.description");
    String runId = "spark-backprop-" + UUID.randomUUID();
    // a folder that cannot hold checkpoints fails the fit before the data is touched
    CheckpointStore store = config.checkpointDir() == null ? null
        : CheckpointStore.open(config.checkpointDir(), sc.hadoopConfiguration());
    boolean succeeded = false;
    sc.setJobDescription("spark-backprop: stacking and checking the training rows");
    try (TrainingData data = TrainingData.prepare(dataset, config, labelKind)) {
      OutputLoss loss = outputLoss != null ? outputLoss : OutputLoss.softmaxCrossEntropy();
      int numOutputs = labelKind.classification ? data.numClasses() : 1;
      Topology topology = new Topology(
          config.layerSizes(data.numFeatures(), numOutputs), config.activation(), loss);
      double[] initial = initialWeights(config, topology);
      Regularization regularization = new Regularization(
          config.params().getRegParam(), config.params().getElasticNetParam(), topology.weightMask());
      LOG.info("Training {} on {} rows ({} held out for validation), {} parameters, solver {}",
          topology, data.numRows(), data.numValidationRows(), topology.numParameters(),
          config.solver());
      TrainingFingerprint fingerprint = TrainingFingerprint.of(config, topology, data);
      TrainingCheckpoint resume = store == null ? null : store.latest(fingerprint).orElse(null);
      Checkpoints checkpoints = store == null ? Checkpoints.NONE
          : new Checkpoints(store, fingerprint, config.params().getCheckpointInterval());
      Backpropagation backprop = new Backpropagation(topology);
      Outcome outcome;
      if (config.solver().isMiniBatch()) {
        BatchSampling sampling = new BatchSampling(runId, config.params().getSeed(), data.numRows(),
            config.params().getBatchSize(), data.trainingRowOffsets());
        PassRunner runner = new PassRunner(data.blocks(), backprop, config.params().getAggregationDepth(),
            sampling, (config.precision() == Precision.FLOAT));
        outcome = SparkErrors.unwrap(() -> miniBatch(config, runner, sampling,
            data.hasValidation(), initial, regularization, resume, checkpoints));
      } else {
        PassRunner runner = new PassRunner(data.blocks(), backprop, config.params().getAggregationDepth(),
            null, (config.precision() == Precision.FLOAT));
        outcome = SparkErrors.unwrap(() -> fullBatch(config, runner, sc, data.hasValidation(),
            initial, regularization, resume, checkpoints));
      }
      FiniteWeights.require(outcome.weights, topology, config.solver());
      double seconds = (System.nanoTime() - start) / 1e9;
      int resumedFrom = resume == null ? -1 : resume.iteration();
      LOG.info("Trained in {} s, {} iterations{}: {}", format(seconds),
          outcome.objectiveHistory.length - 1,
          resume == null ? "" : " (resumed after " + resumedFrom + ")", outcome.stopReason);
      succeeded = true;
      return new TrainedNetwork(topology, outcome.weights, new TrainingRecord(
          config.solver(), outcome.objectiveHistory, outcome.validationHistory,
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
    EarlyStopping stopping = new EarlyStopping(config.params().getEarlyStoppingPatience(), config.params().getValidationTol());
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
          + config.params().getMaxIter());
      if (!validating) {
        LOG.info("iteration {}/{}: objective {}, {} s", iteration, config.params().getMaxIter(),
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
          config.params().getMaxIter(), format(value), format(v), format(seconds));
      boolean carryOn = !stopping.record(iteration, v, x, true);
      iterationStart[0] = System.nanoTime();
      return carryOn;
    };
    int first = resume == null ? 1 : resume.iteration() + 1;
    sc.setJobDescription("spark-backprop: l-bfgs iteration " + first + " of " + config.params().getMaxIter());
    OptimizationResult result = new LbfgsOptimizer(config.params().getMaxIter(), config.params().getTol(),
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
    String reason = stopping.epochsWithoutImprovement() >= config.params().getEarlyStoppingPatience()
        ? "validation loss did not improve for " + config.params().getEarlyStoppingPatience() + " iterations"
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
        rule.describe(), config.params().getBatchSize(), steps, schedule);
    List<Double> times = new ArrayList<>();
    if (resume != null) {
      addAll(times, resume.iterationSeconds);
    }
    EpochListener listener = report -> {
      times.add(report.seconds());
      LOG.info("epoch {}/{}: training objective {}, validation loss {}, learning rate {}, {} s",
          report.epoch(), config.params().getMaxIter(), format(report.trainingObjective()),
          validating ? format(report.validationLoss()) : "-", format(report.learningRate()),
          format(report.seconds()));
    };
    MiniBatchResult result = new MiniBatchOptimizer(rule, schedule, config.params().getMaxIter(), config.params().getTol(),
        config.params().getEarlyStoppingPatience(), config.params().getValidationTol()).minimize(
            new MiniBatchLoss(runner, sampling, validating, config.params().getMaxIter()), initial,
            regularization, listener, resume == null ? null : resume.miniBatchState(),
            checkpoints.sink(state -> TrainingCheckpoint.miniBatch(state, toArray(times))));
    return new Outcome(result.x(), result.objectiveHistory(), result.validationHistory(),
        result.learningRateHistory(), result.bestEpoch(), result.stopReason(), toArray(times));
  }

  private static LearningRateSchedule schedule(TrainingConfig config, int stepsPerEpoch) {
    long decaySteps = config.params().getDecaySteps();
    if (decaySteps == 0) {
      decaySteps = config.schedule() == LearningRateSchedule.Kind.COSINE
          ? Math.max(1, (long) config.params().getMaxIter() * stepsPerEpoch - config.params().getWarmupSteps())
          : stepsPerEpoch;
    }
    if (config.params().getMinLearningRate() > config.params().getStepSize()) {
      throw new IllegalArgumentException("minLearningRate (" + config.params().getMinLearningRate()
          + ") is above stepSize (" + config.params().getStepSize() + "); set it at most equal to stepSize");
    }
    return new LearningRateSchedule(config.schedule(), config.params().getStepSize(), config.params().getDecayRate(),
        decaySteps, config.params().getMinLearningRate(), config.params().getWarmupSteps());
  }

  private static UpdateRule updateRule(TrainingConfig config) {
    switch (config.solver()) {
      case GD:
        return new MomentumUpdate(config.params().getMomentum(), config.params().getNesterov());
      case ADAM:
        return new AdamUpdate(config.params().getBeta1(), config.params().getBeta2(), config.params().getAdamEpsilon(), false);
      case ADAMW:
        return new AdamUpdate(config.params().getBeta1(), config.params().getBeta2(), config.params().getAdamEpsilon(), true);
      default:
        throw new IllegalArgumentException("Solver '" + config.solver()
            + "' does not train on mini-batches");
    }
  }

  private static double[] initialWeights(TrainingConfig config, Topology topology) {
    if (config.initialWeights() == null) {
      return WeightInitializer.initialize(topology, config.params().getSeed());
    }
    if (config.initialWeights().length != topology.numParameters()) {
      throw new IllegalArgumentException("initialWeights has " + config.initialWeights().length
          + " values but the network " + Arrays.toString(topology.layerSizes()) + " has "
          + topology.numParameters() + " parameters; pass a vector of that length (e.g. the"
          + " weights() of a model with the same layers) or unset initialWeights");
    }
    for (double w : config.initialWeights()) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException(
            "initialWeights holds the non-finite value " + w + "; all weights must be finite");
      }
    }
    return config.initialWeights().clone();
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
