/**
 * Export of a trained network to ONNX, the model format that ONNX Runtime and most other serving
 * stacks read.
 *
 * <p>{@link io.github.sparkbackprop.onnx.NetworkOnnxExporter} turns a
 * {@link io.github.sparkbackprop.nn.Topology} and its flat weights into a serialised
 * {@code ModelProto}: one {@code Gemm} per layer, the hidden activation composed from standard
 * operators, and the outputs an {@link io.github.sparkbackprop.onnx.OnnxSignature} asks for.
 * Like {@code nn}, this package knows nothing of Spark; the models in {@code ml} call it from
 * {@code toOnnx()} and {@code write().format("onnx")}.
 *
 * <p>The protobuf classes come from ONNX's own {@code onnx.proto}, compiled by {@code protoc} at
 * build time and relocated with the protobuf runtime into the library jar; they never appear in
 * this package's public API.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, onnx.*, io.github.sparkbackprop.nn.*
 */
package io.github.sparkbackprop.onnx;
