/**
 * The optimisers that run on the driver: {@link io.github.sparkbackprop.optim.FullBatchOptimizer}
 * (l-bfgs, OWL-QN with an L1 part) and {@link io.github.sparkbackprop.optim.MiniBatchOptimizer}
 * (gd, adam, adamw), each with early stopping, one kind of result
 * ({@link io.github.sparkbackprop.optim.TrainingResult}) and checkpointable state, plus schedules
 * and regularisation. May use: Java only; it sees the
 * data only through objective interfaces ({@code ValidatedFunction}, {@code StochasticObjective}).
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*
 */
package io.github.sparkbackprop.optim;
