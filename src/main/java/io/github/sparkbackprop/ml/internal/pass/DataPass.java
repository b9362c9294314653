package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import scala.runtime.AbstractFunction2;

/**
 * One partition's share of a pass: the sums a {@link PassRequest} asks for over the partition's
 * cached blocks, into a single {@link GradientSum}, with one workspace for every block.
 *
 * <p>A mini-batch's rows are scattered over the blocks; they are gathered into one contiguous
 * matrix first, so the batch still runs as one GEMM per layer.
 *
 * <p>It is itself the Scala function handed to {@code mapPartitionsWithIndex}, a named class
 * rather than a lambda: Spark's closure cleaner reads the class file of every anonymous function
 * passed to an RDD operation, on every job, and lets named classes through at once; a mini-batch
 * step is one job, and those milliseconds add up over thousands of steps.
 */
final class DataPass
    extends AbstractFunction2<Object, scala.collection.Iterator<RowBlock>,
        scala.collection.Iterator<GradientSum>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Backpropagation backprop;
  private final Broadcast<Weights> weights;
  private final PassRequest request;
  private final BatchSampling sampling;

  /**
   * @param sampling how batches are drawn; {@code null} for full-batch passes
   */
  public DataPass(Backpropagation backprop, Broadcast<Weights> weights, PassRequest request,
      BatchSampling sampling) {
    this.backprop = backprop;
    this.weights = weights;
    this.request = request;
    this.sampling = sampling;
  }

  @Override
  public scala.collection.Iterator<GradientSum> apply(
      Object partition, scala.collection.Iterator<RowBlock> blocks) {
    return SparkInternals.LINE.toScala(
        call((Integer) partition, SparkInternals.LINE.toJava(blocks)));
  }

  /** The sums over one partition's blocks, as a one-element iterator. */
  public Iterator<GradientSum> call(int partition, Iterator<RowBlock> blocks) {
    GradientSum sum = new GradientSum();
    List<RowBlock> training = new ArrayList<>();
    List<RowBlock> validation = new ArrayList<>();
    blocks.forEachRemaining(b -> (b.isValidation() ? validation : training).add(b));
    if (training.isEmpty() && validation.isEmpty()) {
      return Collections.singletonList(sum).iterator();
    }
    Weights w = weights.value();
    Workspace ws = WorkspaceCache.get(backprop.topology(), maxRows(training, validation));
    if (request.gradient) {
      if (request.isMiniBatch()) {
        addBatch(sum, w, training, sampling.rowsOf(partition, request.epoch, request.step), ws);
      } else {
        for (RowBlock block : training) {
          sum.addGradient(backprop, w, block, 0, block.numRows(), ws);
        }
      }
    }
    if (request.fullTrainingLoss) {
      for (RowBlock block : training) {
        sum.addLoss(backprop, w, block, ws);
      }
    }
    if (request.validationLoss) {
      for (RowBlock block : validation) {
        sum.addLoss(backprop, w, block, ws);
      }
    }
    if (!training.isEmpty() && training.get(0).isSinglePrecision()) {
      sum.shipInSinglePrecision();
    }
    return Collections.singletonList(sum).iterator();
  }

  private void addBatch(GradientSum sum, Weights w, List<RowBlock> training, int[] rows,
      Workspace ws) {
    if (rows.length == 0) {
      return;
    }
    int d = training.get(0).numFeatures();
    int[] starts = new int[training.size() + 1];
    for (int b = 0; b < training.size(); b++) {
      starts[b + 1] = starts[b] + training.get(b).numRows();
    }
    boolean single = training.get(0).isSinglePrecision();
    double[] x = single ? null : new double[rows.length * d];
    float[] xf = single ? new float[rows.length * d] : null;
    double[] labels = new double[rows.length];
    double[] rowWeights = new double[rows.length];
    int block = 0;
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < starts[block] || r >= starts[block + 1]) {
        block = findBlock(starts, r);
      }
      RowBlock source = training.get(block);
      int local = r - starts[block];
      if (single) {
        System.arraycopy(source.floatFeatures(), local * d, xf, i * d, d);
      } else {
        System.arraycopy(source.features(), local * d, x, i * d, d);
      }
      labels[i] = source.labels()[local];
      rowWeights[i] = source.weights()[local];
    }
    ws.ensureCapacity(rows.length);
    RowBlock batch = single
        ? RowBlock.ofFloats(rows.length, d, xf, labels, rowWeights, false)
        : new RowBlock(rows.length, d, x, labels, rowWeights);
    sum.addGradient(backprop, w, batch, 0, rows.length, ws);
  }

  private static int findBlock(int[] starts, int row) {
    int lo = 0;
    int hi = starts.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= row) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
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
}
