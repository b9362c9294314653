/**
 * Not API. Checkpoints of a long training in any Hadoop file system: what one holds (the
 * optimiser's state and the trainer's histories), when it is due, the fingerprint that says
 * which training it belongs to, and the folder layout that survives a crash mid-write. May use:
 * Hadoop's file system, {@code optim}'s states, {@code TrainingConfig}.
 */
package io.github.sparkbackprop.ml.internal.checkpoint;
