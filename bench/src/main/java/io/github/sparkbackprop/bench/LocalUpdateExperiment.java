package io.github.sparkbackprop.bench;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import io.github.sparkbackprop.optim.AdamUpdate;
import io.github.sparkbackprop.optim.LearningRateSchedule;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * An experiment, not a mode of the library: the local-update training that issue 15 asks to
 * measure before shipping, built here from the library's Spark-free pieces ({@code nn},
 * {@code optim}) so that it can be timed against the exact mode on the same data and machine.
 *
 * <p>Each round, every partition starts from the same weights and Adam moments (one broadcast),
 * takes {@code localSteps} Adam steps on batches of its own rows ({@code batchSize / partitions}
 * rows each, so a round covers as many rows as {@code localSteps} exact steps), and returns its
 * weights and moments; the driver averages them (DL4J-Spark's parameter averaging, with its
 * updater state averaged too). One Spark job per round instead of one per step, at the price of
 * results that depend on the partitioning. With the same rate schedule (warm-up, cosine, floor)
 * counted in local steps.
 */
final class LocalUpdateExperiment {

  private final Topology topology;
  private final long seed;
  /** The test rows, stacked once on the driver for every run's scoring. */
  private final RowBlock test;

  /**
   * @param layers the network's layer sizes, input to output
   * @param seed the seed of the initial weights and of each partition's shuffles
   * @param test the test rows ({@code features}, {@code label})
   */
  LocalUpdateExperiment(int[] layers, long seed, Dataset<Row> test) {
    this.topology = new Topology(layers, Activation.RELU, OutputLoss.softmaxCrossEntropy());
    this.seed = seed;
    this.test = stack(test.select("features", "label").collectAsList().iterator(),
        topology.numInputs());
  }

  /**
   * Trains for {@code epochs} epochs and returns {@code {training seconds, test accuracy}}; the
   * seconds run from the DataFrame to the final weights (stacking and caching included, as in a
   * {@code fit}), not the scoring.
   */
  double[] trainAndTest(Dataset<Row> train, int epochs, int batchSize,
      int localSteps, double rate, int warmupSteps, double minRate) {
    long start = System.nanoTime();
    int numFeatures = topology.numInputs();
    JavaRDD<RowBlock> blocks = train.select("features", "label").javaRDD()
        .mapPartitions(rows -> Collections.singletonList(stack(rows, numFeatures)).iterator())
        .persist(StorageLevel.MEMORY_ONLY());
    List<Integer> rowsPerPartition = blocks.map(RowBlock::numRows).collect();
    int partitions = rowsPerPartition.size();
    int localBatch = Math.max(1, batchSize / partitions);
    int largest = Collections.max(rowsPerPartition);
    int localStepsPerEpoch = (largest + localBatch - 1) / localBatch;
    int roundsPerEpoch = (localStepsPerEpoch + localSteps - 1) / localSteps;
    long totalSteps = (long) epochs * localStepsPerEpoch;
    LearningRateSchedule schedule = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE,
        rate, 1.0, Math.max(1, totalSteps - warmupSteps), minRate, warmupSteps);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    State state = State.initial(WeightInitializer.initialize(topology, seed));
    try {
      for (int epoch = 0; epoch < epochs; epoch++) {
        for (int round = 0; round < roundsPerEpoch; round++) {
          int firstStep = round * localSteps;
          int steps = Math.min(localSteps, localStepsPerEpoch - firstStep);
          Broadcast<State> shared = jsc.broadcast(state);
          try {
            Round job = new Round(new NetworkPasses(topology), shared, schedule, seed, epoch,
                epoch * (long) localStepsPerEpoch, firstStep, steps, localBatch);
            Object[] results = (Object[]) blocks.context().runJob(blocks.rdd(), job,
                ClassTag$.MODULE$.apply(State.class));
            state = State.average(results, state.steps + steps);
          } finally {
            shared.destroy();
          }
        }
      }
    } finally {
      blocks.unpersist(false);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new double[] {seconds, accuracy(state.weights)};
  }

  /** Test accuracy of {@code weights}, scored on the driver. */
  private double accuracy(double[] weights) {
    NetworkPasses network = new NetworkPasses(topology);
    int chunk = 256;
    int classes = topology.numOutputs();
    double[] raw = new double[classes * chunk];
    Workspace ws = new Workspace(topology, chunk);
    int correct = 0;
    for (int first = 0; first < test.numRows(); first += chunk) {
      int n = Math.min(chunk, test.numRows() - first);
      network.predictRaw(Weights.of(weights), test.features(), first, n, raw, 0, ws);
      for (int r = 0; r < n; r++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (raw[r * classes + c] > raw[r * classes + best]) {
            best = c;
          }
        }
        if (best == (int) test.labels()[first + r]) {
          correct++;
        }
      }
    }
    return correct / (double) test.numRows();
  }

  private static RowBlock stack(Iterator<Row> rows, int numFeatures) {
    List<Row> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    int n = all.size();
    double[] features = new double[n * numFeatures];
    double[] labels = new double[n];
    double[] rowWeights = new double[n];
    for (int i = 0; i < n; i++) {
      Vector v = all.get(i).getAs(0);
      int offset = i * numFeatures;
      v.foreachActive((j, value) -> {
        features[offset + (int) j] = (double) value;
        return null;
      });
      labels[i] = all.get(i).getDouble(1);
      rowWeights[i] = 1.0;
    }
    return new RowBlock(n, numFeatures, features, labels, rowWeights);
  }

  /** Weights and Adam moments: what a round starts from and what each partition returns. */
  static final class State implements Serializable {

    private static final long serialVersionUID = 1L;

    final double[] weights;
    final double[] m;
    final double[] v;
    final long steps;

    State(double[] weights, double[] m, double[] v, long steps) {
      this.weights = weights;
      this.m = m;
      this.v = v;
      this.steps = steps;
    }

    static State initial(double[] weights) {
      return new State(weights, new double[weights.length], new double[weights.length], 0);
    }

    /** The element-wise mean of the partitions' states. */
    static State average(Object[] partitions, long steps) {
      State first = (State) partitions[0];
      int n = first.weights.length;
      double[] w = new double[n];
      double[] m = new double[n];
      double[] v = new double[n];
      for (Object o : partitions) {
        State s = (State) o;
        for (int i = 0; i < n; i++) {
          w[i] += s.weights[i];
          m[i] += s.m[i];
          v[i] += s.v[i];
        }
      }
      double scale = 1.0 / partitions.length;
      for (int i = 0; i < n; i++) {
        w[i] *= scale;
        m[i] *= scale;
        v[i] *= scale;
      }
      return new State(w, m, v, steps);
    }
  }

  /** One round on one partition: {@code steps} local Adam steps from the shared state. */
  static final class Round
      extends AbstractFunction2<TaskContext, scala.collection.Iterator<RowBlock>, State>
      implements Serializable {

    private static final long serialVersionUID = 1L;

    private final NetworkPasses network;
    private final Broadcast<State> shared;
    private final LearningRateSchedule schedule;
    private final long seed;
    private final int epoch;
    private final long epochFirstStep;
    private final int firstStep;
    private final int steps;
    private final int localBatch;

    Round(NetworkPasses network, Broadcast<State> shared, LearningRateSchedule schedule,
        long seed, int epoch, long epochFirstStep, int firstStep, int steps, int localBatch) {
      this.network = network;
      this.shared = shared;
      this.schedule = schedule;
      this.seed = seed;
      this.epoch = epoch;
      this.epochFirstStep = epochFirstStep;
      this.firstStep = firstStep;
      this.steps = steps;
      this.localBatch = localBatch;
    }

    @Override
    public State apply(TaskContext context, scala.collection.Iterator<RowBlock> blocks) {
      RowBlock block = blocks.next();
      State start = shared.value();
      double[] x = start.weights.clone();
      AdamUpdate adam = new AdamUpdate(0.9, 0.999, 1e-8, false);
      adam.initialize(x.length);
      adam.restoreState(new UpdateRuleState(start.steps,
          new double[][] {start.m.clone(), start.v.clone()}));
      int[] order = shuffled(block.numRows(), seed * 1_000_003L + epoch * 7919L
          + context.partitionId());
      Workspace ws = new Workspace(network.topology(), localBatch);
      double[] gradient = new double[x.length];
      List<RowBlock> source = Collections.singletonList(block);
      for (int s = firstStep; s < firstStep + steps; s++) {
        int from = Math.min(order.length, s * localBatch);
        int to = Math.min(order.length, from + localBatch);
        if (from == to) {
          continue;
        }
        int[] rows = Arrays.copyOfRange(order, from, to);
        Arrays.fill(gradient, 0.0);
        RowBlock batch = RowBlock.gather(source, rows);
        network.addGradient(Weights.of(x), batch, 0, rows.length, gradient, ws);
        double scale = 1.0 / rows.length;
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] *= scale;
        }
        adam.step(x, gradient, schedule.rate(epochFirstStep + s), Regularization.none());
      }
      UpdateRuleState end = adam.saveState();
      return new State(x, end.vectors()[0], end.vectors()[1], end.steps());
    }

    private static int[] shuffled(int n, long seed) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Random random = new Random(seed);
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      return order;
    }
  }
}
