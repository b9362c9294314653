package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import io.github.sparkbackprop.nn.Dropout;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.TaskContext;
import scala.runtime.AbstractFunction2;

/**
 * One partition's share of a pass: the sums a {@link PassRequest} asks for over the partition's
 * cached blocks, into a single {@link PassSums}, with one workspace for every block.
 *
 * <p>A mini-batch's rows are scattered over the blocks; {@link RowBlock#gather} collects them
 * into one block first, so the batch still runs as one GEMM per layer.
 *
 * <p>It is itself the Scala function of the job ({@code (TaskContext, Iterator) => PassSums} for
 * {@code SparkContext.runJob}; {@link PerPartition} wraps it for {@code mapPartitions}), a
 * named class rather than a lambda: Spark's closure cleaner reads the class file of every
 * anonymous function passed to an RDD operation, on every job, and lets named classes through at
 * once; a mini-batch step is one job, and those milliseconds add up over thousands of steps.
 */
final class DataPass
    extends AbstractFunction2<TaskContext, scala.collection.Iterator<RowBlock>, PassSums>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The Scala converters of the Spark line this jar was built for. */
  private static final SparkLine LINE = SparkLine.current();

  private final NetworkPasses network;
  private final Broadcast<Weights> weights;
  private final PassRequest request;

  DataPass(NetworkPasses network, Broadcast<Weights> weights, PassRequest request) {
    this.network = network;
    this.weights = weights;
    this.request = request;
  }

  @Override
  public PassSums apply(TaskContext context, scala.collection.Iterator<RowBlock> blocks) {
    return sum(network, weights.value(), request, context.partitionId(), LINE.toJava(blocks));
  }

  /**
   * The sums {@code request} asks for over one partition's blocks, at {@code weights}; what each
   * task runs, and testable without Spark.
   *
   * @param partition the partition's index (it says which rows a mini-batch takes from it)
   */
  static PassSums sum(NetworkPasses network, Weights weights, PassRequest request,
      int partition, Iterator<RowBlock> blocks) {
    PassSums sum = new PassSums();
    List<RowBlock> training = new ArrayList<>();
    List<RowBlock> validation = new ArrayList<>();
    blocks.forEachRemaining(b -> (b.isValidation() ? validation : training).add(b));
    if (training.isEmpty() && validation.isEmpty()) {
      return sum;
    }
    Workspace ws = WorkspaceCache.get(network.topology(), maxRows(training, validation));
    switch (request.rows()) {
      case ALL_TRAINING:
        // the partition's training rows in block order: their global indices, for dropout
        long next = request.dropsUnits() ? request.sampling().firstRowOf(partition) : 0;
        for (RowBlock block : training) {
          Dropout.Masks masks = request.dropsUnits()
              ? request.masks(consecutive(next, block.numRows())) : null;
          sum.addGradient(network, weights, block, 0, block.numRows(), ws, masks);
          next += block.numRows();
        }
        break;
      case ONE_BATCH:
        int[] rows = request.sampling().rowsOf(partition, request.epoch(), request.step());
        if (rows.length > 0) {
          Dropout.Masks masks = null;
          if (request.dropsUnits()) {
            long first = request.sampling().firstRowOf(partition);
            long[] global = new long[rows.length];
            for (int i = 0; i < rows.length; i++) {
              global[i] = first + rows[i];
            }
            masks = request.masks(global);
          }
          sum.addGradient(network, weights, RowBlock.gather(training, rows), 0, rows.length,
              ws, masks);
        }
        break;
      default:
        break;
    }
    if (request.fullTrainingLoss()) {
      for (RowBlock block : training) {
        sum.addLoss(network, weights, block, ws);
      }
    }
    if (request.validationLoss()) {
      for (RowBlock block : validation) {
        sum.addLoss(network, weights, block, ws);
      }
    }
    sum.shipIn(weights.precision());
    return sum;
  }

  private static long[] consecutive(long first, int n) {
    long[] rows = new long[n];
    for (int i = 0; i < n; i++) {
      rows[i] = first + i;
    }
    return rows;
  }

  private static int maxRows(List<RowBlock> a, List<RowBlock> b) {
    int m = 1;
    for (RowBlock block : a) {
      m = Math.max(m, block.numRows());
    }
    for (RowBlock block : b) {
      m = Math.max(m, block.numRows());
    }
    return m;
  }

  /**
   * One {@link Workspace} per executor thread, kept across tasks: a training run evaluates the same
   * network hundreds of times, and reallocating the activation buffers each time only feeds the
   * garbage collector.
   */
  private static final class WorkspaceCache {

    private static final ThreadLocal<Workspace> CACHE = new ThreadLocal<>();

    private WorkspaceCache() {}

    /** A workspace for {@code topology} holding at least {@code rows} rows. */
    static Workspace get(Topology topology, int rows) {
      Workspace ws = CACHE.get();
      if (ws == null || !ws.topology().equals(topology)) {
        ws = new Workspace(topology, rows);
        CACHE.set(ws);
      }
      ws.ensureCapacity(rows);
      return ws;
    }
  }
}
