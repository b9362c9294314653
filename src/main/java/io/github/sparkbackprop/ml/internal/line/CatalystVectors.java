package io.github.sparkbackprop.ml.internal.line;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * What scoring needs of Catalyst's binary rows: reading a Spark ML vector (the struct
 * {@code (type, size, indices, values)}) straight into a matrix row, and appending computed
 * columns to an input row without copying it.
 */
public final class CatalystVectors {

  /** The {@code type} field of a dense vector's struct (0 is sparse). */
  private static final int DENSE = 1;

  private CatalystVectors() {}

  /** The number of elements of the vector in struct form. */
  public static int size(InternalRow vector) {
    return isDense(vector) ? vector.getArray(3).numElements() : vector.getInt(1);
  }

  /**
   * Writes the vector's {@code d} elements into {@code x[offset, offset + d)}: a dense vector in
   * one bulk copy straight out of the row's binary form, a sparse one scattered over zeros.
   */
  public static void copy(InternalRow vector, int d, double[] x, int offset) {
    ArrayData values = vector.getArray(3);
    if (isDense(vector)) {
      if (values instanceof UnsafeArrayData) {
        UnsafeArrayData unsafe = (UnsafeArrayData) values;
        Platform.copyMemory(unsafe.getBaseObject(),
            unsafe.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(d), x,
            Platform.DOUBLE_ARRAY_OFFSET + 8L * offset, 8L * d);
      } else {
        System.arraycopy(values.toDoubleArray(), 0, x, offset, d);
      }
      return;
    }
    ArrayData indices = vector.getArray(2);
    Arrays.fill(x, offset, offset + d, 0.0);
    for (int j = 0, n = indices.numElements(); j < n; j++) {
      x[offset + indices.getInt(j)] = values.getDouble(j);
    }
  }

  private static boolean isDense(InternalRow vector) {
    return vector.getByte(0) == DENSE;
  }

  /**
   * Input rows with computed columns appended, as views: {@link #append} returns one reused
   * row that reads the input row's fields, then {@code appended}'s. The plan's next step must
   * read (copy) it before the next call.
   */
  public static final class Appender {
    private final GenericInternalRow extra;
    private final JoinedRow joined = new JoinedRow();

    /** @param appended the computed columns' values, which the caller fills before each row */
    public Appender(Object[] appended) {
      this.extra = new GenericInternalRow(appended);
    }

    /** {@code row} followed by the appended values. */
    public InternalRow append(InternalRow row) {
      return joined.apply(row, extra);
    }
  }
}
