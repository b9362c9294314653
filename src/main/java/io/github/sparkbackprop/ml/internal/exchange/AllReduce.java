package io.github.sparkbackprop.ml.internal.exchange;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
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
 * {@code P}. Each of the two exchanges sends to and receives from every peer at once
 * ({@link PeerGroup#exchange}).
 *
 * <p>Two tasks skip the split: each sends its whole sum to the other and both merge the two in
 * partition order. That is the same bytes as a reduce-scatter and an all-gather of two tasks,
 * in one exchange instead of two: a step waits for its peer once, not twice.
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
    if (size <= WHOLE_SUMS_UP_TO) {
      return sumWhole(group, mine, codec, length);
    }
    int from = start(rank, size, length);
    int to = start(rank + 1, size, length);
    // reduce-scatter: each owner gets its range of every task's arrays, with their scalars
    ByteBuffer[] outgoing = new ByteBuffer[size];
    boolean[] everyPeer = new boolean[size];
    for (int peer = 0; peer < size; peer++) {
      if (peer != rank) {
        int peerFrom = start(peer, size, length);
        int peerTo = start(peer + 1, size, length);
        outgoing[peer] = encode(group.messageTo(peer, bytes(mine, peerTo - peerFrom, true)),
            mine, peerFrom, peerTo, true);
        everyPeer[peer] = true;
      }
    }
    ByteBuffer[] received = group.exchange(outgoing, everyPeer);
    T total = codec.zero();
    for (int peer = 0; peer < size; peer++) {
      Wire part = peer == rank ? slice(mine, from, to) : decodePart(received[peer], to - from);
      total = codec.merge(total, codec.fromWire(part));
    }
    // all-gather: each owner sends its range of the total to every task
    Wire owned = codec.toWire(total);
    for (int peer = 0; peer < size; peer++) {
      if (peer != rank) {
        outgoing[peer] = encode(group.messageTo(peer, bytes(owned, to - from, false)), owned, 0,
            to - from, false);
      }
    }
    received = group.exchange(outgoing, everyPeer);
    double[][] arrays = new double[owned.arrays().length][];
    boolean[] single = new boolean[arrays.length];
    for (int a = 0; a < arrays.length; a++) {
      if (owned.arrays()[a] != null) {
        arrays[a] = new double[length];
        System.arraycopy(owned.arrays()[a], 0, arrays[a], from, to - from);
      }
      single[a] = owned.singlePrecision(a);
    }
    for (int owner = 0; owner < size; owner++) {
      if (owner != rank) {
        decodeRangeInto(received[owner], arrays, single, start(owner, size, length),
            start(owner + 1, size, length), owner);
      }
    }
    return codec.fromWire(new Wire(owned.scalars(), arrays, single));
  }

  /**
   * Up to this many tasks every task sends its whole sum to every other: for two, as many bytes
   * as the split, in one exchange; for more, {@code P - 1} times the arrays' size per task.
   */
  static final int WHOLE_SUMS_UP_TO = 2;

  /** Every task's whole sum to every other, merged by each in partition order. */
  private static <T> T sumWhole(PeerGroup group, Wire mine, WireCodec<T> codec, int length)
      throws IOException {
    int size = group.size();
    int rank = group.rank();
    ByteBuffer[] outgoing = new ByteBuffer[size];
    boolean[] everyPeer = new boolean[size];
    for (int peer = 0; peer < size; peer++) {
      if (peer != rank) {
        outgoing[peer] = encode(group.messageTo(peer, bytes(mine, length, true)), mine, 0,
            length, true);
        everyPeer[peer] = true;
      }
    }
    ByteBuffer[] received = group.exchange(outgoing, everyPeer);
    T total = codec.zero();
    for (int peer = 0; peer < size; peer++) {
      Wire part = peer == rank ? mine : decodePart(received[peer], length);
      total = codec.merge(total, codec.fromWire(part));
    }
    return total;
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

  /** The bytes of a message of {@code n} values of each of the wire's arrays. */
  private static int bytes(Wire wire, int n, boolean withScalars) {
    int bytes = 4 + (withScalars ? 4 + 8 * wire.scalars().length : 0);
    for (int a = 0; a < wire.arrays().length; a++) {
      bytes += 1 + (wire.arrays()[a] == null ? 0 : (wire.singlePrecision(a) ? 4 : 8) * n);
    }
    return bytes;
  }

  /** Writes the message into {@code out} and returns it flipped, ready to send. */
  private static ByteBuffer encode(ByteBuffer out, Wire wire, int from, int to,
      boolean withScalars) {
    int n = to - from;
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
        FloatBuffer floats = out.asFloatBuffer();
        for (int i = 0; i < n; i++) {
          floats.put(i, (float) array[from + i]);
        }
        out.position(out.position() + 4 * n);
      } else {
        out.put(DOUBLE);
        out.asDoubleBuffer().put(array, from, n);
        out.position(out.position() + 8 * n);
      }
    }
    return out.flip();
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
      FloatBuffer floats = in.asFloatBuffer();
      for (int i = 0; i < n; i++) {
        into[from + i] = floats.get(i);
      }
      in.position(in.position() + 4 * n);
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
