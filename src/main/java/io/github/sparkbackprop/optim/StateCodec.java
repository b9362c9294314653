package io.github.sparkbackprop.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads the arrays of an optimiser's saved state in a fixed binary form (big-endian
 * {@link DataOutput}), so that a checkpoint restores every bit. A {@code null} array is written
 * as length -1.
 */
public final class StateCodec {

  private StateCodec() {}

  /** Writes {@code values} (may be {@code null}) with its length. */
  public static void writeDoubles(DataOutput out, double[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    for (double v : values) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  /**
   * Reads an array written by {@link #writeDoubles}.
   *
   * @throws IOException if the stored length is impossible (a damaged file)
   */
  public static double[] readDoubles(DataInput in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0) {
      throw new IOException("damaged state: array length " + n);
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = Double.longBitsToDouble(in.readLong());
    }
    return values;
  }

  /** Writes an array of arrays (each may be {@code null}). */
  public static void writeArrays(DataOutput out, double[][] arrays) throws IOException {
    out.writeInt(arrays.length);
    for (double[] a : arrays) {
      writeDoubles(out, a);
    }
  }

  /** Reads an array of arrays written by {@link #writeArrays}. */
  public static double[][] readArrays(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("damaged state: array count " + n);
    }
    double[][] arrays = new double[n][];
    for (int i = 0; i < n; i++) {
      arrays[i] = readDoubles(in);
    }
    return arrays;
  }

  /** Copies an array of arrays (each may be {@code null}). */
  static double[][] deepCopy(double[][] arrays) {
    double[][] copy = new double[arrays.length][];
    for (int i = 0; i < arrays.length; i++) {
      copy[i] = arrays[i] == null ? null : arrays[i].clone();
    }
    return copy;
  }
}
