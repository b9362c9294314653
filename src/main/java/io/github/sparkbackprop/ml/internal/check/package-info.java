/**
 * Not API. Input checks that fail fast with a message naming the column or param, the value
 * and the fix: schema, param values, network size against the driver's limits, warm-start
 * compatibility, finite weights, native BLAS threads; and {@code SparkErrors}, which turns a
 * task's failed check back into that message. May use: Spark SQL types, the Spark context's
 * settings (for the driver's limits), {@code TrainingConfig}, {@code nn}, {@code optim}; never
 * the data.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, scala.*, org.slf4j.*,
 * org.apache.spark, org.apache.spark.ml.attribute.*, org.apache.spark.ml.linalg.*,
 * org.apache.spark.sql.types.*, io.github.sparkbackprop.ml.internal,
 * io.github.sparkbackprop.nn.*, io.github.sparkbackprop.optim.*
 */
package io.github.sparkbackprop.ml.internal.check;
