package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.score.AttributionSpec;
import io.github.sparkbackprop.ml.internal.score.ModelScoring;
import io.github.sparkbackprop.nn.OutputLoss;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What the three models share about attributions: the output column, the baseline they start
 * from, and {@code featureImportances}.
 */
final class ModelAttributions {

  private ModelAttributions() {}

  /** {@code schema} with the attribution column appended if it is set, a vector of size d. */
  static StructType addColumn(StructType schema, NeuralNetworkParams params, int numFeatures) {
    if (!params.hasAttributionColumn()) {
      return schema;
    }
    SchemaChecks.requireAbsent(schema, params.getAttributionCol(), "attribution");
    return schema.add(new AttributeGroup(params.getAttributionCol(), numFeatures).toStructField());
  }

  /**
   * An estimator's output schema {@code out} with the attribution column its model will append
   * when {@code attributionCol} is set, sized as the features column's ML attributes say when
   * they do (the fitted model's schema always has the size): so that a {@code Pipeline}'s schema
   * check before fitting sees every column the fitted stage adds, and a name already taken fails
   * there, before any training.
   *
   * @param input the input schema, whose {@code featuresCol} the estimator has checked
   */
  static StructType addColumnBeforeFit(StructType out, NeuralNetworkParams params,
      StructType input, String featuresCol) {
    if (!params.hasAttributionColumn()) {
      return out;
    }
    SchemaChecks.requireAbsent(out, params.getAttributionCol(), "attribution");
    int size = AttributeGroup.fromStructField(input.apply(featuresCol)).size();
    AttributeGroup column = size < 0 ? new AttributeGroup(params.getAttributionCol())
        : new AttributeGroup(params.getAttributionCol(), size);
    return out.add(column.toStructField());
  }

  /**
   * What the attribution column explains, or {@code null} when it is not set.
   *
   * @param featuresCol the model's features column, named in errors
   * @param featureMeans the model's training features' means, {@code null} if it has none
   * @throws IllegalArgumentException naming the param, the sizes and the fix if the baseline
   *     set has the wrong size, or if none is set and the model recorded no means
   */
  static AttributionSpec spec(NeuralNetworkParams params, int numFeatures, String featuresCol,
      double[] featureMeans, AttributionSpec.Target target, OutputLoss outputLoss,
      double[] thresholds) {
    if (!params.hasAttributionColumn()) {
      return null;
    }
    return new AttributionSpec(baseline(params, numFeatures, featuresCol, featureMeans),
        params.getAttributionSteps(), target, outputLoss, thresholds);
  }

  /** The baseline of the attribution paths: the one set, else the training means. */
  static double[] baseline(NeuralNetworkParams params, int numFeatures, String featuresCol,
      double[] featureMeans) {
    if (params.isDefined(params.attributionBaseline())) {
      Vector baseline = params.getAttributionBaseline();
      if (baseline.size() != numFeatures) {
        throw new IllegalArgumentException("attributionBaseline has " + baseline.size()
            + " values but the model reads " + numFeatures + " features (column '"
            + featuresCol + "'); set one value per feature with setAttributionBaseline, or unset it to start"
            + " from the training features' means");
      }
      return baseline.toArray();
    }
    if (featureMeans == null) {
      throw new IllegalArgumentException("attributionCol '" + params.getAttributionCol()
          + "' is set but attributionBaseline is not, and this model has no training features'"
          + " means to start from (it was saved by a version of spark-backprop that did not"
          + " record them); set a baseline of " + numFeatures + " values with"
          + " setAttributionBaseline, e.g. the features' means (Summarizer.mean) or zeros");
    }
    return featureMeans;
  }

  /**
   * The mean absolute attribution of each feature over {@code dataset}: {@code model}'s
   * attribution column, computed with its baseline and steps, averaged over the rows.
   *
   * @param noOutputs sets the model's other output columns to {@code ""}: only the
   *     attributions are computed, and the input may hold columns of those names
   */
  static <M extends Model<M> & NeuralNetworkParams> Vector featureImportances(M model,
      Dataset<?> dataset, int numFeatures, ParamMap noOutputs) {
    String column = "attributions_" + model.uid();
    ParamMap extra = noOutputs.copy().put(model.attributionCol().w(column));
    M copy = model.copy(extra);
    Dataset<Row> scored = copy.transform(dataset);
    return Vectors.dense(ModelScoring.meanAbsolute(scored, column, numFeatures));
  }
}
