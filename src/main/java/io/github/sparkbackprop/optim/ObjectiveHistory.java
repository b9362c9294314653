package io.github.sparkbackprop.optim;

import java.util.Arrays;

/** A growable list of objective values: the start value, then one per accepted iteration. */
final class ObjectiveHistory {

  private double[] values = new double[16];
  private int size;

  ObjectiveHistory() {}

  /** A history that continues {@code saved}. */
  ObjectiveHistory(double[] saved) {
    values = java.util.Arrays.copyOf(saved, Math.max(16, 2 * saved.length));
    size = saved.length;
  }

  void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, 2 * size);
    }
    values[size++] = value;
  }

  /** The number of accepted iterations so far (entries minus the starting value). */
  int iterations() {
    return size - 1;
  }

  double[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
