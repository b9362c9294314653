package io.github.sparkbackprop.ml.internal.data;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/** Copies Spark vectors, dense or sparse, into the contiguous arrays the GEMMs read. */
final class VectorCopy {

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
