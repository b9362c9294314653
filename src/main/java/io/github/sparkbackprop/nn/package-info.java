/**
 * The math of the network: topology, activations, output losses, weight initialisation, and the
 * forward and backward passes over a block of rows with one GEMM per layer, in double or single
 * {@link io.github.sparkbackprop.nn.Precision} (the only package that asks which). May use:
 * Java and BLAS ({@code dev.ludovic.netlib}); never Spark, so all of it is tested without one.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, dev.ludovic.netlib.*
 */
package io.github.sparkbackprop.nn;
