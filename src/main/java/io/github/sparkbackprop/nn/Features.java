package io.github.sparkbackprop.nn;

import java.io.Serializable;

/**
 * The features of a block of rows as the GEMMs read them: one column-major
 * {@code numFeatures x numRows} matrix (row {@code i}'s features at {@code [i*d, (i+1)*d)}),
 * stored in the block's {@link Precision}.
 *
 * <p>Rows are written in double precision whatever the storage ({@link #setRow}): a
 * double-precision matrix hands out its own array, so a row is written once, in place; a
 * single-precision one hands out a scratch row and rounds it. Code outside {@code nn} therefore
 * fills, copies and scores rows without ever asking which precision it works in.
 */
public final class Features implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Writes one row's {@code numFeatures} values into {@code dest} from {@code offset}. */
  @FunctionalInterface
  public interface RowWriter {
    /**
     * @param dest where the row goes
     * @param offset index of the row's first feature in {@code dest}
     */
    void write(double[] dest, int offset);
  }

  private final int numFeatures;
  private final int numRows;
  private final double[] doubles;
  private final float[] floats;
  /** A single-precision matrix's row in double precision while it is written. */
  private transient double[] scratch;

  private Features(int numFeatures, int numRows, double[] doubles, float[] floats) {
    int length = doubles != null ? doubles.length : floats.length;
    if ((long) numFeatures * numRows != length) {
      throw new IllegalArgumentException(length + " values are not " + numRows + " rows of "
          + numFeatures + " features");
    }
    this.numFeatures = numFeatures;
    this.numRows = numRows;
    this.doubles = doubles;
    this.floats = floats;
  }

  /** A zero matrix of {@code numRows} rows in {@code precision}. */
  public static Features allocate(Precision precision, int numFeatures, int numRows) {
    int length = Math.multiplyExact(numFeatures, numRows);
    return precision == Precision.FLOAT
        ? new Features(numFeatures, numRows, null, new float[length])
        : new Features(numFeatures, numRows, new double[length], null);
  }

  /** Wraps (no copy) double-precision rows, {@code numFeatures} values after another. */
  public static Features of(double[] values, int numFeatures) {
    return new Features(numFeatures, rows(values.length, numFeatures), values, null);
  }

  /** Wraps (no copy) single-precision rows, {@code numFeatures} values after another. */
  public static Features ofFloats(float[] values, int numFeatures) {
    return new Features(numFeatures, rows(values.length, numFeatures), null, values);
  }

  private static int rows(int length, int numFeatures) {
    return numFeatures == 0 ? 0 : length / numFeatures;
  }

  /** The precision the rows are stored, and processed, in. */
  public Precision precision() {
    return floats != null ? Precision.FLOAT : Precision.DOUBLE;
  }

  /** Features per row. */
  public int numFeatures() {
    return numFeatures;
  }

  /** Rows the matrix holds. */
  public int numRows() {
    return numRows;
  }

  /** Sets row {@code row} to what {@code writer} writes (in double; rounded if stored as float). */
  public void setRow(int row, RowWriter writer) {
    int offset = row * numFeatures;
    if (doubles != null) {
      writer.write(doubles, offset);
      return;
    }
    if (scratch == null) {
      scratch = new double[numFeatures];
    }
    writer.write(scratch, 0);
    for (int j = 0; j < numFeatures; j++) {
      floats[offset + j] = (float) scratch[j];
    }
  }

  /** Writes row {@code row}, in double precision, into {@code dest} from {@code offset}. */
  public void getRow(int row, double[] dest, int offset) {
    int start = row * numFeatures;
    if (doubles != null) {
      System.arraycopy(doubles, start, dest, offset, numFeatures);
      return;
    }
    for (int j = 0; j < numFeatures; j++) {
      dest[offset + j] = floats[start + j];
    }
  }

  /** Copies row {@code from} of {@code source}, in the same precision, into row {@code to}. */
  public void copyRow(int to, Features source, int from) {
    if (source.numFeatures != numFeatures || source.precision() != precision()) {
      throw new IllegalArgumentException("Rows of " + source.numFeatures + " "
          + source.precision() + " features do not fit rows of " + numFeatures + " "
          + precision() + " features");
    }
    if (doubles != null) {
      System.arraycopy(source.doubles, from * numFeatures, doubles, to * numFeatures,
          numFeatures);
    } else {
      System.arraycopy(source.floats, from * numFeatures, floats, to * numFeatures,
          numFeatures);
    }
  }

  /**
   * Adds each feature, summed over rows {@code [0, numRows)}, into {@code sums[j]} (in double
   * precision, row after row).
   */
  public void addFeatureSums(int numRows, double[] sums) {
    for (int i = 0; i < numRows; i++) {
      int start = i * numFeatures;
      for (int j = 0; j < numFeatures; j++) {
        sums[j] += doubles != null ? doubles[start + j] : floats[start + j];
      }
    }
  }

  /** The double-precision matrix, or {@code null}; shared, for the passes. */
  double[] doubles() {
    return doubles;
  }

  /** The single-precision matrix, or {@code null}; shared, for the passes. */
  float[] floats() {
    return floats;
  }
}
