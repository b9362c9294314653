package io.github.sparkbackprop.ml.internal.train;

import io.github.sparkbackprop.nn.Topology;

/** What training produces: the network's shape, its weights and how training went. */
public final class TrainedNetwork {

  private final Topology topology;
  private final double[] weights;
  private final TrainingRecord record;

  TrainedNetwork(Topology topology, double[] weights, TrainingRecord record) {
    this.topology = topology;
    this.weights = weights;
    this.record = record;
  }

  /** The network's shape: layer sizes, activation and output loss. */
  public Topology topology() {
    return topology;
  }

  /** The trained flat weights (owned by the caller from now on). */
  public double[] weights() {
    return weights;
  }

  /** How training went. */
  public TrainingRecord record() {
    return record;
  }
}
