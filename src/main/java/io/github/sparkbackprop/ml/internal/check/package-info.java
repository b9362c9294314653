/**
 * Not API. Input checks that fail fast with a message naming the column or param, the value
 * and the fix: schema, param values, network size against the driver's limits, warm-start
 * compatibility, finite weights; and {@code SparkErrors}, which turns a task's failed check
 * back into that message. May use: Spark SQL types, {@code nn}, {@code optim}; never the data.
 */
package io.github.sparkbackprop.ml.internal.check;
