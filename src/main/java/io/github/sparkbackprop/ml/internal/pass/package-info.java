/**
 * Not API. Distributed passes: a {@code PassRequest} says which rows and sums a pass computes;
 * {@code PassRunner} broadcasts the weights, each partition sums its share with {@code nn}, and
 * one {@code treeAggregate} brings the sums to the driver, where {@code DistributedLoss} (full
 * batch) and {@code MiniBatchLoss} turn them into the objectives {@code optim} minimises. May
 * use: Spark core, {@code nn}, {@code optim}'s objective interfaces; the math stays in {@code nn}.
 */
package io.github.sparkbackprop.ml.internal.pass;
