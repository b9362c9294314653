/**
 * Not API. Saving and loading stages: Spark ML's metadata plus one Parquet row for a model's
 * network, every save atomic, every load failure a message naming the path and the problem;
 * and the {@code "onnx"} format through {@code onnx}. May use: Spark ML's reader and writer
 * conventions, Hadoop's file system, {@code internal.line}, {@code nn}, {@code onnx}.
 */
package io.github.sparkbackprop.ml.internal.persist;
