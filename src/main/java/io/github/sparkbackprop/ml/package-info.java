/**
 * The public API: {@link io.github.sparkbackprop.ml.NeuralNetworkClassifier},
 * {@link io.github.sparkbackprop.ml.NeuralNetworkRegressor} (a numeric or a {@code Vector}
 * label) and {@link io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassifier} (arrays of
 * label indices), the models they fit, their params and the training summary. Everything here
 * is a Spark ML stage or a param of one.
 *
 * <p>May use: Spark ML, {@code nn}, {@code optim}, {@code onnx}, and {@code ml.internal.*},
 * which does the work. A fit follows the flow of data through those packages:
 * {@code internal.check} (schema and params) then {@code internal.data} (checked, stacked,
 * cached blocks), {@code internal.pass} (one distributed pass per step) under
 * {@code internal.train} (the optimiser on the driver, with {@code internal.checkpoint}); a model
 * scores with {@code internal.score} and saves and loads with {@code internal.persist}.
 *
 * <p>Imports (checked by {@code PackageRulesTest}): java.*, scala.*, org.slf4j.*,
 * org.apache.hadoop.fs.*, org.apache.spark.ml.*, org.apache.spark.sql.*,
 * io.github.sparkbackprop.ml.internal.*, io.github.sparkbackprop.nn.*,
 * io.github.sparkbackprop.onnx.*, io.github.sparkbackprop.optim.*
 */
package io.github.sparkbackprop.ml;
