package io.github.sparkbackprop.ml;

/** The values of the {@code precision} param. */
final class Precision {

  /** IEEE double precision for everything. */
  static final String DOUBLE = "double";

  /**
   * Single precision for the cached features, the GEMMs and the activations; losses, gradient
   * sums across blocks and partitions, and the optimiser stay in double precision.
   */
  static final String FLOAT = "float";

  static final String[] ALL = {DOUBLE, FLOAT};

  private Precision() {}
}
