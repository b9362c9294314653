/**
 * Not API. The bridge to Spark's internals: {@code SparkInternals} (Catalyst plans and rows),
 * and {@code SparkLine}, whose implementation in each line's own source folder
 * ({@code src/spark-3.5/java}, {@code src/spark-4/java}) holds all that differs between Spark
 * lines. Only this package may touch Scala converters or {@code org.apache.spark.sql.classic}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, scala.*, org.apache.spark.*
 */
package io.github.sparkbackprop.ml.internal.line;
