package io.github.sparkbackprop.optim;

import java.util.Arrays;

/**
 * A list of doubles that grows as a training runs (a history): {@code maxIter} is a limit, and
 * may be far above what runs, so nothing is allocated for it up front.
 */
final class GrowingArray {

  private double[] values = new double[16];
  private int size;

  GrowingArray() {}

  /** A list that continues {@code saved}. */
  GrowingArray(double[] saved) {
    values = Arrays.copyOf(saved, Math.max(16, saved.length + 16));
    size = saved.length;
  }

  /** Number of values. */
  int size() {
    return size;
  }

  /** Appends {@code value}. */
  void add(double value) {
    set(size, value);
  }

  /** Sets the value at {@code index}, growing the list to reach it. */
  void set(long index, double value) {
    if (index >= Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Training ran more than " + (Integer.MAX_VALUE - 8)
          + " steps; use a larger batchSize or a smaller maxIter");
    }
    int i = (int) index;
    if (i >= values.length) {
      values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8,
          Math.max(i + 1L, 2L * values.length)));
    }
    values[i] = value;
    size = Math.max(size, i + 1);
  }

  /** A copy of the values. */
  double[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
