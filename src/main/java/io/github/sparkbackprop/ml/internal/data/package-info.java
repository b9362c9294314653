/**
 * Not API. DataFrame to training data: each partition's rows are checked and stacked into
 * {@link io.github.sparkbackprop.nn.RowBlock}s (training and validation apart), cached, and
 * counted once. May use: Spark SQL, {@code nn}'s blocks, {@code internal.check}; no math.
 */
package io.github.sparkbackprop.ml.internal.data;
