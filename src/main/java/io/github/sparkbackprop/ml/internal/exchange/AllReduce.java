package io.github.sparkbackprop.ml.internal.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sums the tasks' partition sums so that every task ends with the total, bit for bit the one the
 * driver gets by merging the partitions' sums in partition order ({@code total = zero; for p in
 * 0..P-1: total = merge(total, sums[p])}).
 *
 * <p>A reduce-scatter then an all-gather, both direct (not a ring, whose additions would run in
 * ring order): the arrays' elements are split into one range per task; every task sends each
 * range, with its scalars, to the range's owner; each owner merges the {@code P} parts of its
 * range in partition order with the codec's own merge (so element {@code i} of the total is
 * added exactly as the driver adds it) and sends its range of the total to every task. Each task
 * sends and receives about {@code 2 (P - 1) / P} times the arrays' size per sum, whatever
 * {@code P}. Messages go in rounds (round {@code r}: to task {@code rank + r}, from task
 * {@code rank - r}), so every message sent in a round is read in that round.
 */
public final class AllReduce {

  private AllReduce() {}

  /**
   * The total of every task's {@code local} sum.
   *
   * @param group the stage's tasks
   * @param local this task's sum (its arrays may be changed)
   * @param codec how the sums travel and merge
   * @param length the length of every array of the sums (the network's parameters)
   */
  public static <T> T sum(PeerGroup group, T local, WireCodec<T> codec, int length)
      throws IOException {
    int size = group.size();
    int rank = group.rank();
    Wire mine = codec.toWire(local);
    requireLength(mine, length);
    for (int r = 1; r < size; r++) {
      int owner = (rank + r) % size;
      byte[] message = encode(mine, start(owner, size, length), start(owner + 1, size, length),
          true);
      group.send(owner, message, message.length);
    }
    int from = start(rank, size, length);
    int to = start(rank + 1, size, length);
    Wire[] parts = new Wire[size];
    parts[rank] = slice(mine, from, to);
    for (int r = 1; r < size; r++) {
      int peer = (rank - r + size) % size;
      parts[peer] = decodePart(group.receive(peer), to - from);
    }
    T total = codec.zero();
    for (Wire part : parts) {
      total = codec.merge(total, codec.fromWire(part));
    }
    Wire owned = codec.toWire(total);
    byte[] message = encode(owned, 0, to - from, false);
    for (int r = 1; r < size; r++) {
      group.send((rank + r) % size, message, message.length);
    }
    double[][] arrays = new double[owned.arrays().length][];
    boolean[] single = new boolean[arrays.length];
    for (int a = 0; a < arrays.length; a++) {
      if (owned.arrays()[a] != null) {
        arrays[a] = new double[length];
        System.arraycopy(owned.arrays()[a], 0, arrays[a], from, to - from);
      }
      single[a] = owned.singlePrecision(a);
    }
    for (int r = 1; r < size; r++) {
      int owner = (rank - r + size) % size;
      decodeRangeInto(group.receive(owner), arrays, single, start(owner, size, length),
          start(owner + 1, size, length), owner);
    }
    return codec.fromWire(new Wire(owned.scalars(), arrays, single));
  }

  /** The first element of task {@code task}'s range (and {@code length} for {@code size}). */
  static int start(int task, int size, int length) {
    return (int) ((long) task * length / size);
  }

  private static void requireLength(Wire wire, int length) {
    for (double[] array : wire.arrays()) {
      if (array != null && array.length != length) {
        throw new IllegalArgumentException("An array of the sums has " + array.length
            + " values, not " + length);
      }
    }
  }

  private static Wire slice(Wire wire, int from, int to) {
    double[][] arrays = new double[wire.arrays().length][];
    boolean[] single = new boolean[arrays.length];
    for (int a = 0; a < arrays.length; a++) {
      double[] array = wire.arrays()[a];
      arrays[a] = array == null ? null : Arrays.copyOfRange(array, from, to);
      single[a] = wire.singlePrecision(a);
    }
    return new Wire(wire.scalars().clone(), arrays, single);
  }

  // A message: [scalars: count, values (only with the scalars)] [arrays: count, then per array
  // a kind (0 absent, 1 double, 2 float) and the range's values]. Little-endian.
  private static final byte ABSENT = 0;
  private static final byte DOUBLE = 1;
  private static final byte FLOAT = 2;

  private static byte[] encode(Wire wire, int from, int to, boolean withScalars) {
    int n = to - from;
    int bytes = 4 + (withScalars ? 4 + 8 * wire.scalars().length : 0);
    for (int a = 0; a < wire.arrays().length; a++) {
      bytes += 1 + (wire.arrays()[a] == null ? 0 : (wire.singlePrecision(a) ? 4 : 8) * n);
    }
    ByteBuffer out = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (withScalars) {
      out.putInt(wire.scalars().length);
      out.asDoubleBuffer().put(wire.scalars());
      out.position(out.position() + 8 * wire.scalars().length);
    }
    out.putInt(wire.arrays().length);
    for (int a = 0; a < wire.arrays().length; a++) {
      double[] array = wire.arrays()[a];
      if (array == null) {
        out.put(ABSENT);
      } else if (wire.singlePrecision(a)) {
        out.put(FLOAT);
        for (int i = from; i < to; i++) {
          out.putFloat((float) array[i]);
        }
      } else {
        out.put(DOUBLE);
        out.asDoubleBuffer().put(array, from, n);
        out.position(out.position() + 8 * n);
      }
    }
    return out.array();
  }

  private static Wire decodePart(ByteBuffer in, int n) {
    double[] scalars = new double[in.getInt()];
    in.asDoubleBuffer().get(scalars);
    in.position(in.position() + 8 * scalars.length);
    double[][] arrays = new double[in.getInt()][];
    boolean[] single = new boolean[arrays.length];
    for (int a = 0; a < arrays.length; a++) {
      byte kind = in.get();
      if (kind != ABSENT) {
        arrays[a] = new double[n];
        single[a] = kind == FLOAT;
        readValues(in, kind, arrays[a], 0, n);
      }
    }
    return new Wire(scalars, arrays, single);
  }

  private static void decodeRangeInto(ByteBuffer in, double[][] arrays, boolean[] single,
      int from, int to, int owner) {
    int count = in.getInt();
    if (count != arrays.length) {
      throw disagree(owner, count + " arrays against " + arrays.length);
    }
    for (int a = 0; a < count; a++) {
      byte kind = in.get();
      if ((kind == ABSENT) != (arrays[a] == null) || (kind == FLOAT) != single[a]) {
        throw disagree(owner, "array " + a + " of kind " + kind);
      }
      if (kind != ABSENT) {
        readValues(in, kind, arrays[a], from, to - from);
      }
    }
    if (in.hasRemaining()) {
      throw disagree(owner, in.remaining() + " bytes left over");
    }
  }

  private static void readValues(ByteBuffer in, byte kind, double[] into, int from, int n) {
    if (kind == FLOAT) {
      for (int i = 0; i < n; i++) {
        into[from + i] = in.getFloat();
      }
    } else {
      in.asDoubleBuffer().get(into, from, n);
      in.position(in.position() + 8 * n);
    }
  }

  private static IllegalStateException disagree(int owner, String what) {
    return new IllegalStateException("Task " + owner + " of the barrier stage sent a total of"
        + " another shape than this task's (" + what + "): the tasks disagree on the sums");
  }
}
