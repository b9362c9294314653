package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.AddressBook;
import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.EpochOutcome;
import io.github.sparkbackprop.optim.EpochSpan;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.UpdateRule;
import java.security.SecureRandom;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Runs distributed passes over the cached blocks: broadcast the weights, let every partition sum
 * what the {@link PassRequest} asks for ({@link DataPass}), combine the partition sums on the
 * driver, destroy the broadcast. Nothing but one sum per partition comes back to the driver.
 *
 * <p>With few partitions the pass is one plain job ({@code SparkContext.runJob}) whose partition
 * sums the driver merges in partition order; with more, a {@code treeAggregate} of depth
 * {@code aggregationDepth} merges them on the executors first. The plain job is what
 * {@code treeAggregate} itself runs when its tree would have no intermediate level (for depth 2,
 * up to 5 partitions), without its anonymous functions: Spark's closure cleaner reads the class
 * files of those on every call, which was 40% of the driver's time in a mini-batch step.
 */
public final class PassRunner {

  private static final ClassTag<PassSums> SUMS_TAG = ClassTag$.MODULE$.apply(PassSums.class);
  private static final ClassTag<RoundSums> ROUND_TAG = ClassTag$.MODULE$.apply(RoundSums.class);
  private static final ClassTag<EpochReply> REPLY_TAG = ClassTag$.MODULE$.apply(EpochReply.class);
  private static final SecureRandom SECRETS = new SecureRandom();

  private final JavaRDD<RowBlock> blocks;
  private final Precision precision;
  private final NetworkPasses network;
  private final int aggregationDepth;
  private final JavaSparkContext jsc;
  /** The slots the fit's barrier stages hold while they run, to say when one must wait. */
  private final BarrierSlots barrierSlots;

  /**
   * @param blocks the cached blocks
   * @param precision the precision they were stacked in: the weights travel in it too (as
   *     {@code float}, half the bytes, for single-precision blocks)
   * @param network the network's passes
   * @param aggregationDepth depth of the {@code treeAggregate}
   */
  public PassRunner(JavaRDD<RowBlock> blocks, Precision precision, NetworkPasses network,
      int aggregationDepth) {
    this.blocks = blocks;
    this.precision = precision;
    this.network = network;
    this.aggregationDepth = aggregationDepth;
    this.barrierSlots = new BarrierSlots(blocks.getNumPartitions());
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  /** Runs one pass at weights {@code x}. */
  public PassSums run(double[] x, PassRequest request) {
    Broadcast<Weights> weights = jsc.broadcast(precision.weights(x));
    try {
      return sumOverPartitions(new DataPass(network, weights, request), new PassSums(), SUMS_TAG);
    } finally {
      weights.destroy();
    }
  }

  /**
   * Runs one round of parameter averaging from weights {@code x} and the rule's present state:
   * every partition takes the round's steps on its own rows ({@link LocalRound}).
   *
   * @param first the round's first batch, and the losses to sum at {@code x}
   * @param rates the learning rate of each of the round's steps
   */
  RoundSums runRound(double[] x, UpdateRule rule, Regularization regularization,
      BatchSampling sampling, BatchRequest first, double[] rates) {
    Broadcast<LocalRound.Start> start =
        jsc.broadcast(new LocalRound.Start(x, rule.saveState()));
    try {
      return sumOverPartitions(new LocalRound(network, precision, start, rule, regularization,
          sampling, first, rates), RoundSums.empty(), ROUND_TAG);
    } finally {
      start.destroy();
    }
  }

  /**
   * Runs the epochs of a span as one barrier stage ({@link BarrierEpoch}): every task takes the
   * span's steps from its start, adding up the partitions' sums among themselves; the driver
   * gets back each epoch's outcome, after checking that every task ended at the same point.
   *
   * @param rule the update rule (its settings travel to the tasks; its state is in the span's
   *     start)
   * @param peerTimeoutMillis how long a task waits for a silent peer
   */
  List<EpochOutcome> runBarrierEpochs(EpochSpan span, UpdateRule rule,
      Regularization regularization, int localSteps, BatchSampling sampling, boolean validating,
      long peerTimeoutMillis) {
    Broadcast<EpochSpanWire> broadcast = jsc.broadcast(new EpochSpanWire(span));
    byte[] secret = new byte[32];
    SECRETS.nextBytes(secret);
    barrierSlots.claim(() -> SparkInternals.maxConcurrentTasks(jsc.sc()));
    try (AddressBook book = DriverAddress.openAddressBook(jsc.sc(), secret)) {
      BarrierEpoch epochs = new BarrierEpoch(network, precision, sampling, validating, rule,
          regularization, localSteps, broadcast, secret, book.address(), peerTimeoutMillis);
      // The shuffle after the barrier stage makes it a ShuffleMapStage, which Spark runs again
      // as a whole when a task fails or an executor is lost; a barrier ResultStage it does not
      // retry (the job fails). XGBoost4J-Spark does the same (dmlc/xgboost#9422).
      List<EpochReply> replies = new JavaRDD<>(blocks.rdd().barrier()
          .mapPartitions(epochs, true, REPLY_TAG), REPLY_TAG).repartition(1).collect();
      List<EpochOutcome> outcomes = null;
      long fingerprint = 0;
      for (EpochReply reply : replies) {
        if (reply.partition() == 0) {
          outcomes = reply.outcomes();
          fingerprint = reply.fingerprint();
        }
      }
      for (EpochReply reply : replies) {
        if (reply.fingerprint() != fingerprint) {
          throw new IllegalStateException("The tasks of the barrier stage of epochs "
              + span.first().epoch() + " to " + span.lastEpoch() + " ended at different weights"
              + " (task " + reply.partition() + " differs from task 0): their executors compute"
              + " differently (another CPU or JVM?); set executionMode to \"perStep\", where"
              + " only the driver steps");
        }
      }
      return outcomes;
    } finally {
      barrierSlots.release();
      broadcast.destroy();
    }
  }

  /**
   * One job of {@code perPartition} over the blocks, the partitions' results merged: on the
   * driver in partition order, or by a {@code treeAggregate} when its tree has a level of its own.
   */
  private <T extends PartitionSums<T>> T sumOverPartitions(
      AbstractFunction2<TaskContext, scala.collection.Iterator<RowBlock>, T> perPartition,
      T zero, ClassTag<T> tag) {
    PartitionSums.Merge<T> merge = new PartitionSums.Merge<>();
    if (!treeHasIntermediateLevel(blocks.getNumPartitions(), aggregationDepth)) {
      Object[] results = (Object[]) blocks.context().runJob(blocks.rdd(), perPartition, tag);
      T total = zero;
      for (Object partition : results) {
        @SuppressWarnings("unchecked")
        T sums = (T) partition;
        total = merge.apply(total, sums);
      }
      return total;
    }
    return blocks.rdd().mapPartitions(new PerPartition<>(perPartition), true, tag)
        .treeAggregate(zero, merge, merge, aggregationDepth, tag);
  }

  /**
   * Whether Spark's {@code treeAggregate} of {@code partitions} partitions at {@code depth} would
   * merge on executors before the driver: its own test, {@code partitions > scale +
   * ceil(partitions / scale)} with {@code scale = max(ceil(partitions^(1 / depth)), 2)}.
   */
  static boolean treeHasIntermediateLevel(int partitions, int depth) {
    int scale = Math.max((int) Math.ceil(Math.pow(partitions, 1.0 / depth)), 2);
    return partitions > scale + Math.ceil((double) partitions / scale);
  }

  /** The cached blocks the passes run over. */
  JavaRDD<RowBlock> blocks() {
    return blocks;
  }

  /** Sets the description Spark's UI shows for the next jobs. */
  public void describe(String description) {
    jsc.setJobDescription(description);
  }
}
