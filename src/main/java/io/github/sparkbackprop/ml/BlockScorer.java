package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Backpropagation;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a partition {@code blockSize} rows at a time: the rows' features are stacked into one
 * matrix, the network runs one GEMM per layer over it, and each input row comes out with the
 * score columns appended.
 */
final class BlockScorer implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;

  private final Backpropagation network;
  private final Broadcast<double[]> weights;
  private final int featuresIndex;
  private final String featuresCol;
  private final int blockSize;
  private final ScoreColumns columns;
  private final boolean singlePrecision;

  BlockScorer(Topology topology, Broadcast<double[]> weights, int featuresIndex,
      String featuresCol, int blockSize, ScoreColumns columns, boolean singlePrecision) {
    this.singlePrecision = singlePrecision;
    this.network = new Backpropagation(topology);
    this.weights = weights;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    // Fewer rows per block if needed so that the per-block buffers fit in a Java array.
    this.blockSize = (int) Math.max(1,
        Math.min(blockSize, (Integer.MAX_VALUE - 8L) / topology.maxLayerSize()));
    this.columns = columns;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Topology topology = network.topology();
    int d = topology.numInputs();
    int k = topology.numOutputs();
    double[] w = weights.value();
    Weights singleWeights = singlePrecision ? Weights.singlePrecision(w) : null;
    Workspace ws = new Workspace(topology, blockSize);
    double[] x = singlePrecision ? null : new double[d * blockSize];
    float[] xf = singlePrecision ? new float[d * blockSize] : null;
    double[] raw = new double[k * blockSize];
    double[] probabilities = new double[k];
    List<Row> pending = new ArrayList<>(blockSize);
    return new Iterator<Row>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < pending.size() || rows.hasNext();
      }

      @Override
      public Row next() {
        if (next == pending.size()) {
          if (!rows.hasNext()) {
            throw new NoSuchElementException();
          }
          scoreNextBlock();
        }
        Row row = pending.get(next);
        Object[] values = new Object[row.length() + columns.size()];
        for (int i = 0; i < row.length(); i++) {
          values[i] = row.get(i);
        }
        columns.fill(raw, next * k, k, probabilities, values, row.length());
        next++;
        return RowFactory.create(values);
      }

      private void scoreNextBlock() {
        pending.clear();
        next = 0;
        while (pending.size() < blockSize && rows.hasNext()) {
          Row row = rows.next();
          Vector v = checkedFeatures(row, d);
          if (singlePrecision) {
            VectorCopy.copyInto(v, xf, pending.size() * d);
          } else {
            VectorCopy.copyInto(v, x, pending.size() * d);
          }
          pending.add(row);
        }
        if (singlePrecision) {
          network.predictRaw(singleWeights, xf, 0, pending.size(), raw, 0, ws);
        } else {
          network.predictRaw(w, x, 0, pending.size(), raw, 0, ws);
        }
      }
    };
  }

  private Vector checkedFeatures(Row row, int d) {
    if (row.isNullAt(featuresIndex)) {
      throw new IllegalArgumentException("Column '" + featuresCol
          + "' holds a null vector; drop such rows (na.drop) before transform");
    }
    Vector v = (Vector) row.get(featuresIndex);
    if (v.size() != d) {
      throw SchemaChecks.featureWidthMismatch(featuresCol, v.size(), d);
    }
    return v;
  }
}
