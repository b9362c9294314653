/**
 * Not API. One training from start to end: prepare the data, build the network, run the
 * optimiser of {@code optim} over the passes of {@code internal.pass} on the driver, keep
 * checkpoints, and hand back the weights and a record of how it went. May use: every other
 * {@code internal} package, {@code nn}, {@code optim}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, org.slf4j.*, org.apache.spark,
 * org.apache.spark.sql, io.github.sparkbackprop.ml.internal.*, io.github.sparkbackprop.nn.*,
 * io.github.sparkbackprop.optim.*
 */
package io.github.sparkbackprop.ml.internal.train;
