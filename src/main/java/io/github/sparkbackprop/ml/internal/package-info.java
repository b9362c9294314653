/**
 * Not API: how the stages of {@code ml} do their work, one sub-package per step of the data's
 * way from a DataFrame to a model and back; any of it may change in any release.
 *
 * <p>This package holds only {@link io.github.sparkbackprop.ml.internal.TrainingConfig}, the
 * params of one fit as plain values, as every step reads them, and the enums of its string
 * params not defined elsewhere ({@link io.github.sparkbackprop.ml.internal.ExecutionMode},
 * {@link io.github.sparkbackprop.ml.internal.ClassWeighting}). Nothing under {@code ml.internal}
 * sees the public stages: they hand it plain values. May use: {@code nn}, {@code optim}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, io.github.sparkbackprop.nn.*,
 * io.github.sparkbackprop.optim.*
 */
package io.github.sparkbackprop.ml.internal;
