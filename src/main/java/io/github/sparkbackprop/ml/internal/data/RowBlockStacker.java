package io.github.sparkbackprop.ml.internal.data;

import io.github.sparkbackprop.ml.internal.check.NetworkSizeCheck;
import io.github.sparkbackprop.nn.Features;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Workspace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Stacks one partition's rows of {@code (features, label, weight[, isValidation])} into
 * {@link RowBlock}s of up to {@code blockSize} rows, training and validation rows in separate
 * blocks, checking every row on the way: a bad value fails the task at once with a message
 * naming the column, the value and the fix.
 *
 * <p>A row's label becomes the values the network's loss reads ({@link LabelKind}): one number
 * (a class index or a real), the values of a label vector (the same number on every row), or,
 * for an array of label indices, one 0/1 target per label.
 */
final class RowBlockStacker implements FlatMapFunction<Iterator<Row>, RowBlock> {

  private static final long serialVersionUID = 1L;

  private final int blockSize;
  private final LabelKind labelKind;
  private final String featuresCol;
  private final String labelCol;
  private final String weightCol;
  private final String validationCol;
  private final Precision precision;
  private final int maxFeatures;
  private final int[] hiddenLayers;

  /**
   * @param weightCol the weight column's name, or {@code null} when every row weighs 1
   * @param validationCol the validation indicator's name, or {@code null} without validation
   */
  RowBlockStacker(int blockSize, LabelKind labelKind, String featuresCol, String labelCol,
      String weightCol, String validationCol) {
    this(blockSize, labelKind, featuresCol, labelCol, weightCol, validationCol, Precision.DOUBLE,
        Integer.MAX_VALUE, new int[0]);
  }

  /**
   * @param precision the precision to store the features in
   * @param maxFeatures the widest vector the network can take ({@link NetworkSizeCheck})
   * @param hiddenLayers the hidden layer sizes, for messages and block sizing
   */
  RowBlockStacker(int blockSize, LabelKind labelKind, String featuresCol, String labelCol,
      String weightCol, String validationCol, Precision precision, int maxFeatures,
      int[] hiddenLayers) {
    this.precision = precision;
    this.blockSize = blockSize;
    this.maxFeatures = maxFeatures;
    this.hiddenLayers = hiddenLayers.clone();
    this.labelKind = labelKind;
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
    this.validationCol = validationCol;
  }

  @Override
  public Iterator<RowBlock> call(Iterator<Row> rows) {
    return new Iterator<RowBlock>() {
      private final Pending training = new Pending(false);
      private final Pending validation = new Pending(true);
      private final Deque<RowBlock> ready = new ArrayDeque<>();
      private final LabelReader labels = new LabelReader();
      private int numFeatures = -1;
      private int rowsPerBlock = blockSize;

      @Override
      public boolean hasNext() {
        fill();
        return !ready.isEmpty();
      }

      @Override
      public RowBlock next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void fill() {
        while (ready.isEmpty() && rows.hasNext()) {
          Row row = rows.next();
          Vector v = checkedFeatures(row, numFeatures);
          if (numFeatures < 0) {
            numFeatures = v.size();
            rowsPerBlock = rowsPerBlock(numFeatures);
          }
          Pending target = isValidation(row) ? validation : training;
          target.add(v, labels, row, checkedWeight(row));
          if (target.size() >= rowsPerBlock) {
            ready.add(target.toBlock(numFeatures));
          }
        }
        if (ready.isEmpty() && !rows.hasNext()) {
          if (training.size() > 0) {
            ready.add(training.toBlock(numFeatures));
          }
          if (validation.size() > 0) {
            ready.add(validation.toBlock(numFeatures));
          }
        }
      }
    };
  }

  /**
   * {@code blockSize}, reduced if needed so that a block's matrix, and the network's per-block
   * buffers, stay within the largest Java array; the result does not depend on block sizes.
   */
  private int rowsPerBlock(int numFeatures) {
    long widest = numFeatures;
    for (int h : hiddenLayers) {
      widest = Math.max(widest, h);
    }
    widest = Math.max(widest, labelKind.knownOutputs());
    return Math.min(blockSize, Workspace.maxRows(widest));
  }

  /** Rows waiting to fill a block. */
  private final class Pending {
    private final boolean validation;
    private final List<Vector> features = new ArrayList<>();
    private double[] rowWeights = new double[Math.min(blockSize, 1024)];
    /** The rows' label values, {@code width} per row; allocated with the first row. */
    private double[] labels;
    private int width;

    Pending(boolean validation) {
      this.validation = validation;
    }

    int size() {
      return features.size();
    }

    void add(Vector v, LabelReader reader, Row row, double weight) {
      int n = features.size();
      if (labels == null) {
        width = reader.width(row);
        labels = new double[rowWeights.length * width];
      }
      if (n == rowWeights.length) {
        rowWeights = Arrays.copyOf(rowWeights, (int) Math.min(blockSize, 2L * n));
        labels = Arrays.copyOf(labels, rowWeights.length * width);
      }
      reader.read(row, labels, n * width);
      features.add(v);
      rowWeights[n] = weight;
    }

    RowBlock toBlock(int numFeatures) {
      int n = features.size();
      Features matrix = Features.allocate(precision, numFeatures, n);
      for (int i = 0; i < n; i++) {
        Vector v = features.get(i);
        matrix.setRow(i, (dest, offset) -> VectorCopy.copyInto(v, dest, offset));
      }
      RowBlock block = new RowBlock(matrix, Arrays.copyOf(labels, n * width), width,
          Arrays.copyOf(rowWeights, n), validation);
      features.clear();
      return block;
    }
  }

  /**
   * Reads and checks each row's label into the values the loss reads. The width of a label
   * vector is the first row's; every later row of the partition must match it (other
   * partitions are compared when the blocks are counted).
   */
  private final class LabelReader {
    private int vectorSize = -1;

    /** Label values of every row, given the partition's first row. */
    int width(Row first) {
      if (labelKind.isLabelSet()) {
        return labelKind.numLabels();
      }
      return labelKind.isRealVector() ? checkedVector(first).size() : 1;
    }

    /** Writes the checked label of {@code row} into {@code dest} from {@code offset}. */
    void read(Row row, double[] dest, int offset) {
      if (labelKind.isLabelSet()) {
        readLabelSet(row, dest, offset);
      } else if (labelKind.isRealVector()) {
        Vector v = checkedVector(row);
        VectorCopy.copyInto(v, dest, offset);
      } else {
        dest[offset] = checkedLabel(row);
      }
    }

    private Vector checkedVector(Row row) {
      if (row.isNullAt(1)) {
        throw new IllegalArgumentException("Column '" + labelCol + "' holds a null label"
            + " vector; drop such rows (na.drop) before training");
      }
      Vector v = (Vector) row.get(1);
      if (vectorSize < 0) {
        vectorSize = v.size();
        if (vectorSize == 0) {
          throw new IllegalArgumentException("Column '" + labelCol + "' holds empty label"
              + " vectors; a vector label needs at least one value per row");
        }
      } else if (v.size() != vectorSize) {
        throw differentLabelSizes(labelCol, vectorSize, v.size());
      }
      int bad = VectorCopy.firstNonFinite(v);
      if (bad >= 0) {
        throw new IllegalArgumentException("Column '" + labelCol + "' holds the value "
            + v.apply(bad) + " at index " + bad + " of a label vector; labels must be finite:"
            + " drop such rows (na.drop) or fill them before training");
      }
      return v;
    }

    private void readLabelSet(Row row, double[] dest, int offset) {
      if (row.isNullAt(1)) {
        throw new IllegalArgumentException(LabelKind.nullLabelArray(labelCol));
      }
      List<Double> indices = row.getList(1);
      int k = labelKind.numLabels();
      Arrays.fill(dest, offset, offset + k, 0.0);
      for (Double index : indices) {
        String problem = labelKind.problemWithIndex(index, labelCol, indices);
        if (problem != null) {
          throw new IllegalArgumentException(problem);
        }
        dest[offset + index.intValue()] = 1.0;
      }
    }
  }

  /** The error for label vectors of two sizes. */
  static IllegalArgumentException differentLabelSizes(String labelCol, int a, int b) {
    return new IllegalArgumentException("Column '" + labelCol + "' holds label vectors of"
        + " different sizes (" + a + " and " + b + "); every row needs the same number of"
        + " targets");
  }

  private Vector checkedFeatures(Row row, int expectedSize) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("Column '" + featuresCol
          + "' holds a null vector; drop such rows (na.drop) before training");
    }
    Vector v = (Vector) row.get(0);
    if (expectedSize < 0 && v.size() > maxFeatures) {
      throw new IllegalArgumentException("Column '" + featuresCol + "' holds vectors of size "
          + v.size() + ": with hiddenLayers " + Arrays.toString(hiddenLayers) + " the network"
          + " would be too large to train (at most " + maxFeatures + " features fit this"
          + " driver's memory and Spark's array, broadcast and result-size limits); use"
          + " smaller hiddenLayers or fewer features (e.g. HashingTF with a smaller numFeatures,"
          + " or PCA)");
    }
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

  private boolean isValidation(Row row) {
    if (validationCol == null) {
      return false;
    }
    if (row.isNullAt(3)) {
      throw new IllegalArgumentException("Column '" + validationCol
          + "' holds a null; every row must say true (validation) or false (training)");
    }
    return row.getBoolean(3);
  }

  /** Copies Spark vectors, dense or sparse, into the contiguous arrays the GEMMs read. */
  private static final class VectorCopy {

    private VectorCopy() {}

    /** Writes the {@code v.size()} values of {@code v} to {@code dest} from {@code offset}. */
    static void copyInto(Vector v, double[] dest, int offset) {
      if (v instanceof DenseVector) {
        System.arraycopy(((DenseVector) v).values(), 0, dest, offset, v.size());
      } else {
        SparseVector s = (SparseVector) v;
        java.util.Arrays.fill(dest, offset, offset + s.size(), 0.0);
        int[] indices = s.indices();
        double[] values = s.values();
        for (int i = 0; i < indices.length; i++) {
          dest[offset + indices[i]] = values[i];
        }
      }
    }

    /** Index of the first NaN or infinite value of {@code v}, or -1 if all are finite. */
    static int firstNonFinite(Vector v) {
      double[] values = v instanceof DenseVector
          ? ((DenseVector) v).values()
          : ((SparseVector) v).values();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i])) {
          return v instanceof DenseVector ? i : ((SparseVector) v).indices()[i];
        }
      }
      return -1;
    }
  }
}
