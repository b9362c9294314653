/**
 * Not API. DataFrame to training data: each partition's rows are checked and stacked into
 * {@link io.github.sparkbackprop.nn.RowBlock}s (training and validation apart), cached, and
 * counted once; a label becomes the values the loss reads (a number, a label vector's values, or
 * one 0/1 target per label of a multi-label row). May use: Spark SQL, {@code nn}'s blocks, {@code internal.check}; no math.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, org.apache.spark,
 * org.apache.spark.api.java.*, org.apache.spark.ml.linalg.*, org.apache.spark.sql,
 * org.apache.spark.sql.types.*, org.apache.spark.storage.*, io.github.sparkbackprop.ml.internal,
 * io.github.sparkbackprop.ml.internal.check.*, io.github.sparkbackprop.nn.*
 */
package io.github.sparkbackprop.ml.internal.data;
