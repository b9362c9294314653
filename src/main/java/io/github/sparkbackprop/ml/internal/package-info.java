/**
 * Not API: how the stages of {@code ml} do their work, one sub-package per step of the data's
 * way from a DataFrame to a model and back; any of it may change in any release.
 *
 * <p>This package holds only {@link io.github.sparkbackprop.ml.internal.TrainingConfig}, the
 * params of one fit as every step reads them. May use: {@code ml}'s params, {@code nn},
 * {@code optim}.
 */
package io.github.sparkbackprop.ml.internal;
