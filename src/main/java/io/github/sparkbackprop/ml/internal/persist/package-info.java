/**
 * Not API. Saving and loading stages: Spark ML's metadata plus one Parquet row for a model's
 * network, every save atomic, every load failure a message naming the path and the problem;
 * and the {@code "onnx"} format through {@code onnx}. May use: Spark ML's reader and writer
 * conventions, Hadoop's file system, {@code internal.line}, {@code nn}, {@code onnx}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, org.apache.hadoop.*,
 * org.apache.spark.ml.*, org.apache.spark.sql, org.apache.spark.sql.types.*,
 * io.github.sparkbackprop.ml.internal.check.*, io.github.sparkbackprop.ml.internal.line.*,
 * io.github.sparkbackprop.nn.*, io.github.sparkbackprop.onnx.*
 */
package io.github.sparkbackprop.ml.internal.persist;
