package io.github.sparkbackprop.ml.internal.score;

import io.github.sparkbackprop.ml.internal.check.BlasThreads;
import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.line.CatalystVectors;
import io.github.sparkbackprop.ml.internal.line.HeldRows;
import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.nn.IntegratedGradients;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Features;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import scala.runtime.AbstractFunction1;

/**
 * Scores a partition {@code blockSize} rows at a time: the rows' features are stacked into one
 * matrix, the network runs one GEMM per layer over it, and each input row comes out with the
 * score columns appended. The matrix is in the precision the weights were broadcast in.
 *
 * <p>With an attribution column, each block's rows are explained after they are scored: their
 * integrated gradients ({@link IntegratedGradients}), their paths' points stacked into blocks
 * of about {@code blockSize} points, in the same precision.
 *
 * <p>It works on Catalyst rows (see {@link SparkInternals}): the features are read straight from
 * the vector's binary form into the matrix, and the input columns are copied as bytes into the
 * output row.
 *
 * <p>It is itself the Scala function of the plan's {@code MapPartitions} step, a named class
 * rather than a lambda: Spark's closure cleaner reads the class file of every anonymous function
 * handed to it, on every job, and lets named classes through at once. Its {@code toString()} is
 * what {@code explain()} shows for the scoring step.
 */
final class BlockScorer
    extends AbstractFunction1<scala.collection.Iterator<InternalRow>,
        scala.collection.Iterator<InternalRow>>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** VectorUDT's struct: type (0 sparse, 1 dense), size, indices, values. */

  private final NetworkPasses network;
  private final Broadcast<Weights> weights;
  private final int featuresIndex;
  private final String featuresCol;
  private final int blockSize;
  private final ScoreColumns columns;
  /** Columns of an input row, which come out first, before the score columns. */
  private final int inputColumns;
  /** Names the model and how it scores, for {@code explain()}. */
  private final String description;
  /** What the attribution column explains; {@code null} without one. */
  private final AttributionSpec attribution;

  /**
   * @param weights the weights, broadcast in the precision to score in
   * @param featuresIndex position of the features column in the input rows
   * @param inputColumns columns of an input row
   * @param description names the model and how it scores, for {@code explain()}
   * @param attribution what the attribution column explains; {@code null} without one
   */
  BlockScorer(Topology topology, Broadcast<Weights> weights, int featuresIndex,
      String featuresCol, int blockSize, ScoreColumns columns, int inputColumns,
      String description, AttributionSpec attribution) {
    this.network = new NetworkPasses(topology);
    this.weights = weights;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    // Fewer rows per block if needed so that the per-block buffers fit in a Java array.
    this.blockSize = Math.min(blockSize, Workspace.maxRows(topology.maxLayerSize()));
    this.columns = columns;
    this.inputColumns = inputColumns;
    this.description = description;
    this.attribution = attribution;
  }

  @Override
  public scala.collection.Iterator<InternalRow> apply(
      scala.collection.Iterator<InternalRow> rows) {
    BlasThreads.checkOncePerJvm();
    return SparkInternals.LINE.toScala(score(weights.value(), SparkInternals.LINE.toJava(rows)));
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * The scored rows of one partition at weights {@code w}, computed block by block as they are
   * read, in {@code w}'s precision; what each task runs, and testable without Spark.
   */
  Iterator<InternalRow> score(Weights w, Iterator<InternalRow> rows) {
    Topology topology = network.topology();
    int k = topology.numOutputs();
    Workspace ws = new Workspace(topology, blockSize);
    Features x = Features.allocate(w.precision(), topology.numInputs(), blockSize);
    FeatureReader reader = new FeatureReader(topology.numInputs());
    double[] raw = new double[k * blockSize];
    double[] probabilities = new double[2 * k];
    int d = topology.numInputs();
    IntegratedGradients gradients = attribution == null ? null
        : new IntegratedGradients(network, w.precision(), attribution.steps(), blockSize);
    double[] explained = attribution == null ? null : new double[k * blockSize];
    double[] attributions = attribution == null ? null : new double[d * blockSize];
    HeldRows pending = new HeldRows(inputColumns);
    Object[] appended = new Object[columns.size()];
    CatalystVectors.Appender joined = new CatalystVectors.Appender(appended);
    return new Iterator<InternalRow>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < pending.size() || rows.hasNext();
      }

      @Override
      public InternalRow next() {
        if (next == pending.size()) {
          if (!rows.hasNext()) {
            throw new NoSuchElementException();
          }
          scoreNextBlock();
        }
        columns.fill(raw, next * k, k, probabilities, attributions, next * d, d, appended, 0);
        // No UnsafeProjection here: the plan's next step (SerializeFromObject, see
        // SparkInternals.mapPartitionsInPlan) turns every row into an UnsafeRow itself as it
        // reads it, before asking for the next one, so the joined view stays valid long enough
        // and each row is copied once, not twice.
        return joined.append(pending.get(next++));
      }

      private void scoreNextBlock() {
        pending.clear();
        next = 0;
        while (pending.size() < blockSize && rows.hasNext()) {
          // The source may reuse its row object: keep a copy until the block is scored.
          int i = pending.size();
          reader.row = pending.hold(rows.next());
          x.setRow(i, reader);
        }
        network.predictRaw(w, x, 0, pending.size(), raw, 0, ws);
        if (gradients != null) {
          attribution.selectOutputs(raw, pending.size(), k, explained, probabilities);
          gradients.attribute(w, x, pending.size(), attribution.sharedBaseline(), explained,
              attributions);
        }
      }
    };
  }

  /** Copies the feature vector of {@link #row} from its Catalyst form into a matrix row. */
  private final class FeatureReader implements Features.RowWriter {
    private final int d;
    /** The row whose features {@link #write} reads; set before each call. */
    InternalRow row;

    FeatureReader(int d) {
      this.d = d;
    }

    @Override
    public void write(double[] x, int offset) {
      if (row.isNullAt(featuresIndex)) {
        throw new IllegalArgumentException("Column '" + featuresCol
            + "' holds a null vector; drop such rows (na.drop) before transform");
      }
      InternalRow vector = row.getStruct(featuresIndex, 4);
      int size = CatalystVectors.size(vector);
      if (size != d) {
        throw SchemaChecks.featureWidthMismatch(featuresCol, size, d);
      }
      CatalystVectors.copy(vector, d, x, offset);
    }
  }
}
