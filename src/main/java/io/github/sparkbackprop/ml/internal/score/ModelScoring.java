package io.github.sparkbackprop.ml.internal.score;

import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.check.SparkErrors;
import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Features;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Workspace;
import io.github.sparkbackprop.nn.Weights;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a {@link BlockScorer} over a dataset, producing the model's output schema: the input's
 * columns, then the score columns. The result's plan is the input's plan with the scoring on
 * top (see {@link SparkInternals#mapPartitionsInPlan}), so it is as lazy as any DataFrame and
 * works on batch and streaming input alike.
 */
public final class ModelScoring {

  private ModelScoring() {}

  /**
   * Appends the score columns to every row.
   *
   * @param dataset the input, batch or streaming
   * @param model names the model in {@code explain()} (its {@code toString()})
   * @param outputSchema the input schema plus the new columns, as {@code transformSchema} gives
   * @param kindsByName the kind of each new column, by column name
   * @param weights the model's weights, broadcast once for all its calls
   * @param precision the arithmetic to score in
   * @param attribution what a {@link ScoreColumns.Kind#ATTRIBUTIONS} column explains;
   *     {@code null} without one
   */
  public static Dataset<Row> transform(
      Dataset<?> dataset, Object model, StructType outputSchema,
      java.util.Map<String, ScoreColumns.Kind> kindsByName, ScoreColumnsFactory factory,
      Topology topology, ScoringWeights weights, String featuresCol, int blockSize,
      Precision precision, AttributionSpec attribution) {
    StructType inputSchema = dataset.schema();
    SchemaChecks.requireFeatureWidth(inputSchema, featuresCol, topology.numInputs());
    List<ScoreColumns.Kind> kinds = new ArrayList<>();
    for (StructField field : outputSchema.fields()) {
      if (!inputSchema.getFieldIndex(field.name()).isDefined()) {
        ScoreColumns.Kind kind = kindsByName.get(field.name());
        if (kind == null) {
          throw new IllegalStateException("No value for output column " + field.name());
        }
        kinds.add(kind);
      }
    }
    // New columns are appended after the input ones, in the order of the output schema.
    StructType schema = inputSchema;
    for (StructField field : outputSchema.fields()) {
      if (!inputSchema.getFieldIndex(field.name()).isDefined()) {
        schema = schema.add(field);
      }
    }
    Broadcast<Weights> broadcastWeights =
        weights.on(dataset.sparkSession().sparkContext(), precision);
    ScoreColumns columns = factory.create(kinds);
    if (columns.hasAttributions() != (attribution != null)) {
      throw new IllegalStateException("An attribution column needs an AttributionSpec, and"
          + " only it");
    }
    String description = model + ", scoring blocks of " + blockSize + " rows in "
        + precision.paramName() + (attribution == null ? ""
            : ", with attributions of " + attribution.steps() + " steps");
    BlockScorer scorer = new BlockScorer(topology, broadcastWeights,
        inputSchema.fieldIndex(featuresCol), featuresCol, blockSize, columns,
        inputSchema.size(), description, attribution);
    return SparkInternals.mapPartitionsInPlan(dataset, scorer, schema);
  }

  /**
   * The raw outputs of one row, in double precision, for the models' {@code predictRaw} and
   * {@code predict}.
   *
   * @throws IllegalArgumentException if {@code features} is not as wide as the network's input
   */
  public static double[] predictRaw(Topology topology, double[] weights, Vector features) {
    if (features.size() != topology.numInputs()) {
      throw new IllegalArgumentException("The features vector has size " + features.size()
          + " but the model was trained on " + topology.numInputs() + " features");
    }
    double[] raw = new double[topology.numOutputs()];
    new NetworkPasses(topology).predictRaw(Weights.of(weights),
        Features.of(features.toArray(), topology.numInputs()), 0, 1, raw, 0,
        new Workspace(topology, 1));
    return raw;
  }

  /**
   * The mean absolute value of each of the {@code d} entries of the vectors in column
   * {@code column}, over all rows, summed per partition and added up in partition order.
   *
   * @throws IllegalArgumentException if the dataset has no rows
   */
  public static double[] meanAbsolute(Dataset<Row> dataset, String column, int d) {
    java.util.List<double[]> sums = SparkErrors.unwrap(() -> dataset.select(column).javaRDD()
        .mapPartitions((java.util.Iterator<Row> rows) -> {
          double[] sum = new double[d + 1];
          while (rows.hasNext()) {
            double[] v = ((Vector) rows.next().get(0)).toArray();
            for (int j = 0; j < d; j++) {
              sum[j] += Math.abs(v[j]);
            }
            sum[d] += 1;
          }
          return java.util.Collections.singletonList(sum).iterator();
        }).collect());
    double[] total = new double[d + 1];
    for (double[] sum : sums) {
      for (int j = 0; j <= d; j++) {
        total[j] += sum[j];
      }
    }
    if (total[d] == 0) {
      throw new IllegalArgumentException("featureImportances needs rows to average over, but"
          + " the dataset is empty; pass the rows whose attributions to average");
    }
    double[] mean = new double[d];
    for (int j = 0; j < d; j++) {
      mean[j] = total[j] / total[d];
    }
    return mean;
  }

  /** Builds the {@link ScoreColumns} once the column order is known. */
  @FunctionalInterface
  public interface ScoreColumnsFactory {
    ScoreColumns create(List<ScoreColumns.Kind> kinds);
  }
}
