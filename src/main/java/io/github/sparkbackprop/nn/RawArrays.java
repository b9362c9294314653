package io.github.sparkbackprop.nn;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes and reads {@code double[]} and {@code float[]} (each possibly {@code null}) inside
 * Java serialisation as a length and raw little-endian bytes.
 *
 * <p>What Spark ships each pass (the weights broadcast, each task's gradient sums) is serialised
 * once per pass, so these paths rarely get JIT-compiled: an element-by-element loop (Java's own
 * array serialisation, or a big-endian {@link ByteBuffer}) then runs interpreted and took
 * 10-30 ms for 235k values, while a native-order buffer copy is one bulk memory copy (about
 * 1 ms) even when interpreted.
 */
public final class RawArrays {

  private RawArrays() {}

  /** Writes {@code values}, or a marker for {@code null}. */
  public static void writeDoubles(ObjectOutputStream out, double[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    out.write(bytes.array());
  }

  /** Reads what {@link #writeDoubles} wrote. */
  public static double[] readDoubles(ObjectInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    double[] values = new double[n];
    littleEndian(in, 8 * n).asDoubleBuffer().get(values);
    return values;
  }

  /** Writes a count, then each of {@code arrays} as {@link #writeDoubles} does. */
  public static void writeDoubleArrays(ObjectOutputStream out, double[][] arrays)
      throws IOException {
    out.writeInt(arrays.length);
    for (double[] a : arrays) {
      writeDoubles(out, a);
    }
  }

  /** Reads what {@link #writeDoubleArrays} wrote. */
  public static double[][] readDoubleArrays(ObjectInputStream in) throws IOException {
    double[][] arrays = new double[in.readInt()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = readDoubles(in);
    }
    return arrays;
  }

  /** Writes {@code values}, or a marker for {@code null}. */
  public static void writeFloats(ObjectOutputStream out, float[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    out.write(bytes.array());
  }

  /** Reads what {@link #writeFloats} wrote. */
  public static float[] readFloats(ObjectInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    float[] values = new float[n];
    littleEndian(in, 4 * n).asFloatBuffer().get(values);
    return values;
  }

  private static ByteBuffer littleEndian(ObjectInputStream in, int length) throws IOException {
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Writes {@code values} (or a marker for {@code null}) in {@code precision}: as they are, or
   * rounded to {@code float}, half the bytes. {@link #readDoublesIn} reads either back.
   */
  public static void writeDoublesIn(ObjectOutputStream out, double[] values, Precision precision)
      throws IOException {
    out.writeByte(precision.ordinal());
    if (precision == Precision.FLOAT && values != null) {
      float[] rounded = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        rounded[i] = (float) values[i];
      }
      writeFloats(out, rounded);
    } else {
      writeDoubles(out, values);
    }
  }

  /** Reads what {@link #writeDoublesIn} wrote, as doubles. */
  public static double[] readDoublesIn(ObjectInputStream in) throws IOException {
    if (Precision.values()[in.readByte()] == Precision.DOUBLE) {
      return readDoubles(in);
    }
    float[] rounded = readFloats(in);
    if (rounded == null) {
      return null;
    }
    double[] values = new double[rounded.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = rounded[i];
    }
    return values;
  }
}
