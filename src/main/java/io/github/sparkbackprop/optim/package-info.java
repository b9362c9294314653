/**
 * The optimisers that run on the driver: {@link io.github.sparkbackprop.optim.LbfgsOptimizer}
 * (full batch, OWL-QN with L1) and {@link io.github.sparkbackprop.optim.MiniBatchOptimizer}
 * (gd, adam, adamw), with learning-rate schedules, regularisation, early stopping and
 * checkpointable state. May use: Java only; it sees the data only through objective interfaces.
 */
package io.github.sparkbackprop.optim;
