/**
 * Not API. One training from start to end: prepare the data, build the network, run the
 * optimiser of {@code optim} over the passes of {@code internal.pass} on the driver, keep
 * checkpoints, and hand back the weights and a record of how it went. May use: every other
 * {@code internal} package, {@code nn}, {@code optim}.
 */
package io.github.sparkbackprop.ml.internal.train;
