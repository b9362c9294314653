/**
 * Not API. Distributed passes: a {@code PassRequest} says which rows and sums a pass computes;
 * {@code PassRunner} broadcasts the weights, each partition sums its share with {@code nn}, and
 * one {@code treeAggregate} brings the sums to the driver, where {@code DistributedLoss} (full
 * batch) and {@code MiniBatchLoss} turn them into the objectives {@code optim} minimises; or
 * a span of epochs runs in one barrier stage ({@code BarrierMiniBatchLoss}, {@code BarrierEpoch}),
 * its tasks adding up their sums with {@code internal.exchange}. May use: Spark core,
 * {@code nn}, {@code optim}'s objective interfaces and epoch steps, {@code internal.exchange};
 * the math stays in {@code nn}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, org.slf4j.*, scala.reflect.*,
 * scala.runtime.*, org.apache.spark, org.apache.spark.api.java.*, org.apache.spark.broadcast.*,
 * org.apache.spark.rdd.*, io.github.sparkbackprop.ml.internal,
 * io.github.sparkbackprop.ml.internal.exchange.*, io.github.sparkbackprop.ml.internal.line.*,
 * io.github.sparkbackprop.nn.*, io.github.sparkbackprop.optim.*
 */
package io.github.sparkbackprop.ml.internal.pass;
