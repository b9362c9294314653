/**
 * Not API. A model's {@code transform}: rows are read as Catalyst rows, stacked
 * {@code blockSize} at a time, scored by {@code nn} with one GEMM per layer, and written back
 * with the score columns appended, as one lazy plan step for batch and streaming input alike.
 * May use: Spark SQL and Catalyst through {@code internal.line}, {@code nn}.
 */
package io.github.sparkbackprop.ml.internal.score;
