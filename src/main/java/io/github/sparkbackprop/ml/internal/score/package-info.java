/**
 * Not API. A model's {@code transform}: rows are read as Catalyst rows, stacked
 * {@code blockSize} at a time, scored by {@code nn} with one GEMM per layer, and written back
 * with the score columns appended, as one lazy plan step for batch and streaming input alike.
 * May use: Spark SQL, {@code nn}; of Catalyst only the {@code InternalRow} it passes along,
 * all else through {@code internal.line}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, scala.reflect.*, scala.runtime.*,
 * org.apache.spark, org.apache.spark.broadcast.*, org.apache.spark.ml.linalg.*,
 * org.apache.spark.sql, org.apache.spark.sql.types.*, org.apache.spark.sql.catalyst.InternalRow,
 * io.github.sparkbackprop.ml.internal.check.*, io.github.sparkbackprop.ml.internal.line.*,
 * io.github.sparkbackprop.nn.*
 */
package io.github.sparkbackprop.ml.internal.score;
