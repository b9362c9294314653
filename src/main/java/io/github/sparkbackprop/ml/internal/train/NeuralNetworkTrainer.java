package io.github.sparkbackprop.ml.internal.train;

import io.github.sparkbackprop.ml.internal.ClassWeighting;
import io.github.sparkbackprop.ml.internal.ExecutionMode;
import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.FiniteWeights;
import io.github.sparkbackprop.ml.internal.check.SolverChecks;
import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import io.github.sparkbackprop.ml.internal.checkpoint.CheckpointStore;
import io.github.sparkbackprop.ml.internal.checkpoint.Checkpoints;
import io.github.sparkbackprop.ml.internal.checkpoint.TrainingCheckpoint;
import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.ml.internal.data.TrainingData;
import io.github.sparkbackprop.ml.internal.exchange.PeerTimeoutException;
import io.github.sparkbackprop.ml.internal.pass.BarrierMiniBatchLoss;
import io.github.sparkbackprop.ml.internal.pass.BarrierSupport;
import io.github.sparkbackprop.ml.internal.pass.BatchSampling;
import io.github.sparkbackprop.ml.internal.pass.DistributedLoss;
import io.github.sparkbackprop.ml.internal.pass.MiniBatchLoss;
import io.github.sparkbackprop.ml.internal.pass.PassRunner;
import io.github.sparkbackprop.nn.ClassWeights;
import io.github.sparkbackprop.nn.Dropout;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import io.github.sparkbackprop.optim.AdamUpdate;
import io.github.sparkbackprop.optim.EpochListener;
import io.github.sparkbackprop.optim.EpochReport;
import io.github.sparkbackprop.optim.FullBatchOptimizer;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.MiniBatchOptimizer;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.MomentumUpdate;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.StochasticObjective;
import io.github.sparkbackprop.optim.TrainingResult;
import io.github.sparkbackprop.optim.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one training: stacks and checks the data, builds the network, runs the solver's
 * optimiser ({@link FullBatchOptimizer} for l-bfgs, {@link MiniBatchOptimizer} for the others)
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
    SolverChecks.requireFits(config);
    SparkContext sc = dataset.sparkSession().sparkContext();
    String previousDescription = sc.getLocalProperty("spark.job.description");
    // a folder that cannot hold checkpoints fails the fit before the data is touched
    CheckpointStore store = config.checkpointDir() == null ? null
        : CheckpointStore.open(config.checkpointDir(), sc.hadoopConfiguration());
    boolean succeeded = false;
    sc.setJobDescription("spark-backprop: stacking and checking the training rows");
    try (TrainingData data = TrainingData.prepare(dataset, config, labelKind)) {
      OutputLoss loss = outputLoss != null ? outputLoss : OutputLoss.softmaxCrossEntropy();
      int numOutputs = data.numOutputs();
      Topology topology = new Topology(
          config.layerSizes(data.numFeatures(), numOutputs), config.activation(), loss);
      double[] initial = initialWeights(config, topology);
      // the passes weigh the classes in the loss; the model's topology keeps the plain loss
      ClassWeights classWeights = classWeights(config, data, labelKind);
      NetworkPasses passes = new NetworkPasses(classWeights == null ? topology
          : new Topology(topology.layerSizes(), config.activation(),
              loss.withClassWeights(classWeights)));
      Regularization regularization = new Regularization(
          config.regParam(), config.elasticNetParam(), topology.weightMask());
      LOG.info("Training {} on {} rows ({} held out for validation), {} parameters, solver {}",
          topology, data.numRows(), data.numValidationRows(), topology.numParameters(),
          config.solver());
      // what a mini-batch solver runs with: the params set, and the rule's choice for the rest
      MiniBatchPlan plan = config.solver().isMiniBatch()
          ? MiniBatchPlan.choose(config.solver(), data.numRows(),
              topology.multiplyAddsPerRowForGradient(), config.miniBatchSettings())
          : null;
      Checkpoints checkpoints = Checkpoints.of(store, config, topology, data, plan);
      TrainingCheckpoint resume = checkpoints.resume();
      PassRunner runner = new PassRunner(data.blocks(), data.precision(), passes,
          config.aggregationDepth());
      Progress progress = new Progress(config, plan, runner, data.hasValidation(), resume);
      // l-bfgs: one job per iteration (a full pass each, and the line search between them)
      ExecutionMode mode = plan == null ? ExecutionMode.PER_STEP
          : BarrierSupport.resolve(config.executionMode(), data.blocks(),
              plan.stepsPerEpoch(data.numRows()));
      TrainingResult result = SparkErrors.unwrap(() -> plan != null
          ? miniBatch(config, plan, runner, data, initial, regularization, resume, checkpoints,
              progress, mode)
          : fullBatch(config, runner, data, initial, regularization, resume, checkpoints,
              progress));
      FiniteWeights.require(result.x(), topology, config.solver());
      double seconds = (System.nanoTime() - start) / 1e9;
      int resumedFrom = resume == null ? -1 : resume.iteration();
      LOG.info("Trained in {} s, {} iterations{}: {}", format(seconds), result.epochs(),
          resume == null ? "" : " (resumed after " + resumedFrom + ")", result.stopReason());
      succeeded = true;
      return new TrainedNetwork(topology, config.solver(), plan, mode, data.blas(), result,
          progress.iterationSeconds(), data.numRows(), data.numValidationRows(), seconds,
          resumedFrom, classWeights, data.featureMeans());
    } finally {
      sc.setJobDescription(previousDescription);
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

  /**
   * The class weights {@code classWeighting} asks for, from the training rows' class totals that
   * {@link TrainingData} counted while checking the blocks; {@code null} for {@code none}.
   */
  private static ClassWeights classWeights(TrainingConfig config, TrainingData data,
      LabelKind labelKind) {
    if (config.classWeighting() != ClassWeighting.BALANCED) {
      return null;
    }
    ClassWeights weights;
    if (labelKind.isLabelSet()) {
      weights = ClassWeights.balancedLabels(data.classTotals(), data.trainingWeight());
    } else if (labelKind.isClassification()) {
      weights = ClassWeights.balanced(data.classTotals());
    } else {
      throw new IllegalArgumentException("classWeighting " + config.classWeighting()
          + " weighs the classes of a classifier, but the labels are " + data.describeLabels()
          + "; set classWeighting to none");
    }
    LOG.info("classWeighting {}: {}", config.classWeighting(),
        weights.size() <= 20 ? weights : weights.size() + " weights (in the summary)");
    return weights;
  }

  /** L-BFGS (OWL-QN) over full passes, with optional validation-based early stopping. */
  private static TrainingResult fullBatch(TrainingConfig config, PassRunner runner,
      TrainingData data, double[] initial, Regularization regularization,
      TrainingCheckpoint resume, Checkpoints checkpoints, Progress progress) {
    int first = resume == null ? 1 : resume.iteration() + 1;
    runner.describe("spark-backprop: l-bfgs iteration " + first + " of " + config.maxIter());
    return new FullBatchOptimizer(config.maxIter(), config.tol(),
        config.earlyStoppingPatience(), config.validationTol()).minimize(
            new DistributedLoss(runner, data.hasValidation()), initial, regularization,
            progress, resume == null ? null : resume.fullBatchState(),
            checkpoints.forFullBatch(progress::iterationSeconds));
  }

  /** How long a task of a barrier epoch waits for a silent peer (a Spark setting). */
  private static long peerTimeoutMillis(TrainingData data) {
    return data.blocks().context().getConf().getTimeAsMs(PeerTimeoutException.TIMEOUT_CONF,
        "300s");
  }

  /**
   * How long a barrier stage runs epochs before it returns them to the driver: the fitting
   * thread's local property of that name (as Spark's {@code spark.scheduler.pool}), else the
   * Spark setting.
   */
  private static long spanMillis(TrainingData data) {
    String key = BarrierMiniBatchLoss.SPAN_CONF;
    String local = data.blocks().context().getLocalProperty(key);
    SparkConf conf = local == null ? data.blocks().context().getConf()
        : new SparkConf(false).set(key, local);
    return conf.getTimeAsMs(key, BarrierMiniBatchLoss.SPAN_DEFAULT);
  }

  /** gd, adam or adamw over mini-batches, as {@code plan} says, in {@code mode}. */
  private static TrainingResult miniBatch(TrainingConfig config, MiniBatchPlan plan,
      PassRunner runner, TrainingData data, double[] initial, Regularization regularization,
      TrainingCheckpoint resume, Checkpoints checkpoints, Progress progress,
      ExecutionMode mode) {
    String runId = "spark-backprop-" + UUID.randomUUID();
    BatchSampling sampling = new BatchSampling(runId, config.seed(), data.numRows(),
        plan.batchSize(), data.trainingRowOffsets(), new Dropout(config.dropout(),
            config.seed()));
    int steps = sampling.stepsPerEpoch();
    LearningRateSchedule schedule = schedule(config, plan, steps);
    UpdateRule rule = updateRule(config);
    int localSteps = config.localSteps();
    LOG.info("{} with batches of {} rows ({} steps per epoch{}), learning rate {}, {} epochs{},"
        + " {}", rule.describe(), plan.batchSize(), steps,
        localSteps == 1 ? "" : ", averaged over the " + data.blocks().getNumPartitions()
            + " partitions every " + localSteps + " steps",
        schedule, plan.maxEpochs(),
        plan.chosen().isEmpty() ? "" : " (chosen: " + plan.chosen() + ")",
        mode == ExecutionMode.BARRIER
            ? "barrier stages, each a span of epochs" : "one job per step");
    StochasticObjective loss = mode == ExecutionMode.BARRIER
        ? new BarrierMiniBatchLoss(runner, sampling, data.hasValidation(), plan.maxEpochs(),
            peerTimeoutMillis(data), spanMillis(data))
        : new MiniBatchLoss(runner, sampling, data.hasValidation(), plan.maxEpochs());
    try {
      return new MiniBatchOptimizer(rule, schedule, plan.maxEpochs(), config.tol(),
          config.earlyStoppingPatience(), config.validationTol(), localSteps).minimize(
              loss, initial, regularization, progress,
              resume == null ? null : resume.miniBatchState(),
              checkpoints.forMiniBatch(progress::iterationSeconds));
    } finally {
      BatchSampling.forget(runId);
    }
  }

  private static LearningRateSchedule schedule(TrainingConfig config, MiniBatchPlan plan,
      int stepsPerEpoch) {
    long decaySteps = config.decaySteps();
    if (decaySteps == 0) {
      decaySteps = plan.schedule() == LearningRateSchedule.Kind.COSINE
          ? Math.max(1, (long) plan.maxEpochs() * stepsPerEpoch - plan.warmupSteps())
          : stepsPerEpoch;
    }
    if (plan.minLearningRate() > plan.stepSize()) {
      throw new IllegalArgumentException("minLearningRate (" + plan.minLearningRate()
          + ") is above stepSize (" + plan.stepSize() + "); set it at most equal to"
          + " stepSize");
    }
    return new LearningRateSchedule(plan.schedule(), plan.stepSize(), config.decayRate(),
        decaySteps, plan.minLearningRate(), plan.warmupSteps());
  }

  private static UpdateRule updateRule(TrainingConfig config) {
    switch (config.solver()) {
      case GD:
        return new MomentumUpdate(config.momentum(), config.nesterov());
      case ADAM:
        return new AdamUpdate(config.beta1(), config.beta2(), config.adamEpsilon(),
            false);
      case ADAMW:
        return new AdamUpdate(config.beta1(), config.beta2(), config.adamEpsilon(),
            true);
      default:
        throw new IllegalArgumentException("Solver '" + config.solver()
            + "' does not train on mini-batches");
    }
  }

  private static double[] initialWeights(TrainingConfig config, Topology topology) {
    double[] initial = config.initialWeights();
    if (initial == null) {
      return WeightInitializer.initialize(topology, config.seed());
    }
    if (initial.length != topology.numParameters()) {
      throw new IllegalArgumentException("initialWeights has " + initial.length
          + " values but the network " + Arrays.toString(topology.layerSizes()) + " has "
          + topology.numParameters() + " parameters; pass a vector of that length (e.g. the"
          + " weights() of a model with the same layers) or unset initialWeights");
    }
    for (double w : initial) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException(
            "initialWeights holds the non-finite value " + w + "; all weights must be finite");
      }
    }
    return initial;
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.6g", v);
  }

  /**
   * What a user follows while training runs: one log line per iteration or epoch, the job
   * description in Spark's UI, and the seconds of each iteration for the summary (continued
   * from a checkpoint's).
   */
  private static final class Progress implements EpochListener {
    private final boolean fullBatch;
    private final int maxIter;
    private final PassRunner runner;
    private final boolean validating;
    private final List<Double> seconds = new ArrayList<>();

    Progress(TrainingConfig config, MiniBatchPlan plan, PassRunner runner, boolean validating,
        TrainingCheckpoint resume) {
      this.fullBatch = plan == null;
      this.maxIter = plan == null ? config.maxIter() : plan.maxEpochs();
      this.runner = runner;
      this.validating = validating;
      if (resume != null) {
        for (double s : resume.iterationSeconds()) {
          seconds.add(s);
        }
      }
    }

    @Override
    public void onEpoch(EpochReport report) {
      seconds.add(report.seconds());
      if (!fullBatch) {
        LOG.info("epoch {}/{}: training objective {}, validation loss {}, learning rate {},"
            + " {} s", report.epoch(), maxIter, format(report.trainingObjective()),
            validating ? format(report.validationLoss()) : "-", format(report.learningRate()),
            format(report.seconds()));
        return;
      }
      runner.describe("spark-backprop: l-bfgs iteration " + (report.epoch() + 1) + " of "
          + maxIter);
      if (validating) {
        LOG.info("iteration {}/{}: objective {}, validation loss {}, {} s", report.epoch(),
            maxIter, format(report.trainingObjective()), format(report.validationLoss()),
            format(report.seconds()));
      } else {
        LOG.info("iteration {}/{}: objective {}, {} s", report.epoch(), maxIter,
            format(report.trainingObjective()), format(report.seconds()));
      }
    }

    double[] iterationSeconds() {
      return seconds.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }
}
