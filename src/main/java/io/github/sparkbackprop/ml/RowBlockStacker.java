package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.RowBlock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Stacks one partition's rows of {@code (features, label, weight)} into {@link RowBlock}s of up
 * to {@code blockSize} rows, checking every row on the way: a bad value fails the task at once
 * with a message naming the column, the value and the fix.
 */
final class RowBlockStacker implements FlatMapFunction<Iterator<Row>, RowBlock> {

  private static final long serialVersionUID = 1L;

  private final int blockSize;
  private final LabelKind labelKind;
  private final String featuresCol;
  private final String labelCol;
  private final String weightCol;

  RowBlockStacker(
      int blockSize, LabelKind labelKind, String featuresCol, String labelCol,
      String weightCol) {
    this.blockSize = blockSize;
    this.labelKind = labelKind;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
  }

  @Override
  public Iterator<RowBlock> call(Iterator<Row> rows) {
    return new Iterator<RowBlock>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public RowBlock next() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        return nextBlock(rows);
      }
    };
  }

  private RowBlock nextBlock(Iterator<Row> rows) {
    List<Vector> features = new ArrayList<>(blockSize);
    double[] labels = new double[blockSize];
    double[] weights = new double[blockSize];
    int numFeatures = -1;
    int n = 0;
    while (n < blockSize && rows.hasNext()) {
      Row row = rows.next();
      Vector v = checkedFeatures(row, numFeatures);
      numFeatures = v.size();
      features.add(v);
      labels[n] = checkedLabel(row);
      weights[n] = checkedWeight(row);
      n++;
    }
    double[] matrix = new double[Math.multiplyExact(n, numFeatures)];
    for (int i = 0; i < n; i++) {
      VectorCopy.copyInto(features.get(i), matrix, i * numFeatures);
    }
    return new RowBlock(n, numFeatures, matrix, java.util.Arrays.copyOf(labels, n),
        java.util.Arrays.copyOf(weights, n));
  }

  private Vector checkedFeatures(Row row, int expectedSize) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("Column '" + featuresCol
          + "' holds a null vector; drop such rows (na.drop) before training");
    }
    Vector v = (Vector) row.get(0);
    if (expectedSize >= 0 && v.size() != expectedSize) {
      throw new IllegalArgumentException("Column '" + featuresCol + "' holds vectors of different"
          + " sizes (" + expectedSize + " and " + v.size() + "); every row needs the same number"
          + " of features");
    }
    int bad = VectorCopy.firstNonFinite(v);
    if (bad >= 0) {
      throw new IllegalArgumentException("Column '" + featuresCol + "' holds the value "
          + v.apply(bad) + " at index " + bad + " of a row; features must be finite: replace"
          + " missing values with Imputer or drop such rows with na.drop before training");
    }
    return v;
  }

  private double checkedLabel(Row row) {
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("Column '" + labelCol
          + "' holds a null label; drop such rows (na.drop) before training");
    }
    double label = row.getDouble(1);
    String problem = labelKind.problemWith(label, labelCol);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return label;
  }

  private double checkedWeight(Row row) {
    if (weightCol == null) {
      return 1.0;
    }
    if (row.isNullAt(2)) {
      throw new IllegalArgumentException("Column '" + weightCol
          + "' holds a null weight; fill or drop such rows before training");
    }
    double w = row.getDouble(2);
    if (!(w >= 0) || Double.isInfinite(w)) {
      throw new IllegalArgumentException("Column '" + weightCol + "' holds the weight " + w
          + "; row weights must be finite and >= 0");
    }
    return w;
  }
}
