/**
 * Not API. Checkpoints of a long training in any Hadoop file system: what one holds (the
 * optimiser's state and the trainer's histories), when it is due, the fingerprint that says
 * which training it belongs to, and the folder layout that survives a crash mid-write. May use:
 * Hadoop's file system, {@code optim}'s states, {@code TrainingConfig}, the shape of the data
 * ({@code internal.data}, for the fingerprint) and {@code internal.check}'s error messages.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, org.slf4j.*, org.apache.hadoop.*,
 * io.github.sparkbackprop.ml.internal, io.github.sparkbackprop.ml.internal.check.*,
 * io.github.sparkbackprop.ml.internal.data.*, io.github.sparkbackprop.nn.*,
 * io.github.sparkbackprop.optim.*
 */
package io.github.sparkbackprop.ml.internal.checkpoint;
