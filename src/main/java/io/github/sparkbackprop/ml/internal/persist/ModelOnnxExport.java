package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkParams;
import io.github.sparkbackprop.ml.NeuralNetworkRegressionModel;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.NetworkOnnxExporter;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.feature.StandardScalerModel;

/**
 * {@code toOnnx()} of the models: reads the model's params (column names, thresholds,
 * precision) and hands the network to {@link NetworkOnnxExporter}.
 */
public final class ModelOnnxExport {

  private ModelOnnxExport() {}

  /**
   * The classifier's ONNX bytes, its outputs named after its columns and its thresholds built
   * in; with {@code scaler} (or {@code null}) standardising the raw input first.
   */
  public static byte[] classifier(NeuralNetworkClassificationModel model, Topology topology,
      double[] weights, StandardScalerModel scaler) {
    double[] thresholds = model.isDefined(model.thresholds()) ? model.getThresholds() : null;
    OnnxSignature signature = OnnxSignature.classifier(model.getFeaturesCol(),
        model.getRawPredictionCol(), model.getProbabilityCol(), model.getPredictionCol(),
        thresholds);
    return export(model.uid(), model, topology, weights,
        withScaler(signature, model.getFeaturesCol(), scaler));
  }

  /**
   * The multi-label classifier's ONNX bytes, its outputs named after its columns and the
   * threshold of each label built in; with {@code scaler} (or {@code null}) standardising the
   * raw input first.
   */
  public static byte[] multiLabel(NeuralNetworkMultiLabelClassificationModel model,
      Topology topology, double[] weights, StandardScalerModel scaler) {
    OnnxSignature signature = OnnxSignature.multiLabel(model.getFeaturesCol(),
        model.getRawPredictionCol(), model.getProbabilityCol(), model.getPredictionCol(),
        model.labelThresholds(topology.numOutputs()));
    return export(model.uid(), model, topology, weights,
        withScaler(signature, model.getFeaturesCol(), scaler));
  }

  /**
   * The regressor's ONNX bytes, its output named after {@code predictionCol} ({@code [N]}, or
   * {@code [N, k]} for a model of a vector label); with {@code scaler} (or {@code null})
   * standardising the raw input first.
   */
  public static byte[] regressor(NeuralNetworkRegressionModel model, Topology topology,
      double[] weights, StandardScalerModel scaler) {
    OnnxSignature signature = model.predictsVector()
        ? OnnxSignature.vectorRegressor(model.getFeaturesCol(), model.getPredictionCol())
        : OnnxSignature.regressor(model.getFeaturesCol(), model.getPredictionCol());
    return export(model.uid(), model, topology, weights,
        withScaler(signature, model.getFeaturesCol(), scaler));
  }

  /**
   * The signature whose input is the scaler's input column, standardised in the graph; the
   * scaler must write the column the model reads.
   */
  private static OnnxSignature withScaler(OnnxSignature signature, String featuresCol,
      StandardScalerModel scaler) {
    if (scaler == null) {
      return signature;
    }
    if (!scaler.getOutputCol().equals(featuresCol)) {
      throw new IllegalArgumentException("The scaler writes the column '"
          + scaler.getOutputCol() + "' but the model reads featuresCol '"
          + featuresCol + "'; pass the StandardScalerModel that directly precedes"
          + " the network in its pipeline");
    }
    return signature.withStandardizedInput(scaler.getInputCol(),
        scaler.getWithMean() ? scaler.mean().toArray() : null,
        scaler.getWithStd() ? scaler.std().toArray() : null);
  }

  private static byte[] export(String uid, NeuralNetworkParams model, Topology topology,
      double[] weights, OnnxSignature signature) {
    String precision = model.getPrecision();
    String stage = model.getClass().getSimpleName();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("uid", uid);
    metadata.put("stage", model.getClass().getName());
    metadata.put("layers", Arrays.toString(topology.layerSizes()));
    metadata.put("activation", topology.hiddenActivation().paramName());
    metadata.put("precision", precision);
    boolean scaled = signature.inputShift() != null || signature.inputScale() != null;
    metadata.put("inputStandardized", Boolean.toString(scaled));
    String doc = stage + " " + uid + ": layers " + Arrays.toString(topology.layerSizes())
        + ", hidden activation " + topology.hiddenActivation().paramName() + ", " + precision
        + " precision. Input '" + signature.input() + "': float [N, " + topology.numInputs()
        + "], " + (scaled ? "raw features, standardised in the graph as the StandardScalerModel"
            + " before the network did." : "the features as the model saw them (apply any"
            + " feature transformers before it first).");
    return NetworkOnnxExporter.export(topology, weights,
        Precision.fromParamName(precision),
        signature, stage, doc, metadata);
  }
}
