package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Topology;

/** What training produces: the network's shape, its weights and the training summary. */
final class TrainedNetwork {

  final Topology topology;
  final double[] weights;
  final NeuralNetworkTrainingSummary summary;

  TrainedNetwork(Topology topology, double[] weights, NeuralNetworkTrainingSummary summary) {
    this.topology = topology;
    this.weights = weights;
    this.summary = summary;
  }
}
