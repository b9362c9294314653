package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.ExecutionMode;
import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.ml.internal.line.SparkLine;
import io.github.sparkbackprop.nn.RowBlock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.spark.Dependency;
import org.apache.spark.NarrowDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the epochs of a fit can run as barrier stages here, and the mode a fit runs in.
 *
 * <p>Spark runs a barrier stage only when every one of its tasks gets a slot at once, without
 * dynamic allocation, and over RDDs that keep one partitioning within the stage; the exchange
 * between the tasks is not encrypted, so it is not used where Spark encrypts its own traffic.
 * {@code auto} takes a barrier stage when all of that holds and says in one log line why not
 * otherwise; {@code barrier} fails at once, naming what is missing and the fix. The library never
 * repartitions the training rows to fit: the partitioning decides which rows each task sums, and
 * keeping it keeps the model equal to one trained one job per step.
 */
public final class BarrierSupport {

  private static final Logger LOG = LoggerFactory.getLogger(BarrierSupport.class);
  private static final SparkLine LINE = SparkLine.current();

  private BarrierSupport() {}

  /**
   * The mode a mini-batch fit over {@code blocks} runs in. {@code auto} takes one job per step
   * when an epoch is one step: a barrier stage then saves no Spark job, and would add its
   * exchange's set-up to each epoch.
   *
   * @param stepsPerEpoch the fit's mini-batch steps per epoch
   * @throws IllegalArgumentException if {@code requested} is {@code barrier} and Spark cannot
   *     run one here
   */
  public static ExecutionMode resolve(ExecutionMode requested, JavaRDD<RowBlock> blocks,
      long stepsPerEpoch) {
    if (requested == ExecutionMode.PER_STEP) {
      return ExecutionMode.PER_STEP;
    }
    if (requested == ExecutionMode.AUTO && stepsPerEpoch <= 1) {
      LOG.info("executionMode auto: one Spark job per epoch, as each epoch is one step");
      return ExecutionMode.PER_STEP;
    }
    String whyNot = whyNot(blocks);
    if (whyNot == null) {
      return ExecutionMode.BARRIER;
    }
    if (requested == ExecutionMode.BARRIER) {
      throw new IllegalArgumentException("executionMode is \"barrier\", but " + whyNot);
    }
    LOG.info("executionMode auto: one Spark job per mini-batch step, not barrier stages,"
        + " because {}", whyNot);
    return ExecutionMode.PER_STEP;
  }

  /** Why a barrier stage cannot run the epochs here, with the fix; {@code null} if it can. */
  static String whyNot(JavaRDD<RowBlock> blocks) {
    SparkContext sc = blocks.context();
    SparkConf conf = sc.getConf();
    if (conf.getBoolean("spark.dynamicAllocation.enabled", false) && !sc.isLocal()) {
      return "dynamic allocation is on (spark.dynamicAllocation.enabled), and Spark runs no"
          + " barrier stage with it; turn it off for this application, or set executionMode"
          + " to \"perStep\"";
    }
    if (conf.getBoolean("spark.network.crypto.enabled", false)
        || conf.getBoolean("spark.ssl.rpc.enabled", false)) {
      return "Spark encrypts its network traffic (spark.network.crypto.enabled or"
          + " spark.ssl.rpc.enabled) and the tasks of a barrier stage would exchange gradients"
          + " unencrypted; set executionMode to \"perStep\", whose sums travel through Spark";
    }
    int partitions = blocks.getNumPartitions();
    int slots = SparkInternals.maxConcurrentTasks(sc);
    if (slots < partitions) {
      return "the training rows are in " + partitions + " partitions and the cluster has "
          + slots + " task slots now, and a barrier stage runs a task on every partition at"
          + " once; repartition the training DataFrame to at most " + Math.max(1, slots)
          + " partitions (df.repartition(" + Math.max(1, slots) + ")), add executors or"
          + " cores, or set executionMode to \"perStep\"";
    }
    RDD<?> changes = partitioningChange(blocks.rdd());
    if (changes != null) {
      return "the training rows come through a " + changes.getClass().getSimpleName()
          + " (a union or coalesce of DataFrames) within the stage of the " + partitions
          + " partitions of training blocks, which Spark does not run in a barrier stage;"
          + " repartition the training DataFrame (df.repartition(n)) before fitting, or set"
          + " executionMode to \"perStep\"";
    }
    return null;
  }

  /**
   * An RDD in {@code rdd}'s stage (reached through narrow dependencies) with a parent in the
   * stage whose number of partitions differs from its own (a union, a coalesce): Spark refuses
   * to run a barrier stage over such a chain. {@code null} if there is none.
   */
  static RDD<?> partitioningChange(RDD<?> rdd) {
    Deque<RDD<?>> todo = new ArrayDeque<>();
    Map<RDD<?>, Boolean> seen = new IdentityHashMap<>();
    todo.push(rdd);
    while (!todo.isEmpty()) {
      RDD<?> r = todo.pop();
      if (seen.put(r, true) != null) {
        continue;
      }
      for (Dependency<?> dependency : LINE.toJava(r.dependencies())) {
        if (dependency instanceof NarrowDependency) {
          if (dependency.rdd().getNumPartitions() != r.getNumPartitions()) {
            return r;
          }
          todo.push(dependency.rdd());
        }
      }
    }
    return null;
  }
}
