package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.NetworkOnnxExporter;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code toOnnx()} of both models: reads the model's params (column names, thresholds,
 * precision) and hands the network to {@link NetworkOnnxExporter}.
 */
final class ModelOnnxExport {

  private ModelOnnxExport() {}

  static byte[] classifier(NeuralNetworkClassificationModel model, Topology topology,
      double[] weights) {
    double[] thresholds = model.isDefined(model.thresholds()) ? model.getThresholds() : null;
    OnnxSignature signature = OnnxSignature.classifier(model.getFeaturesCol(),
        model.getRawPredictionCol(), model.getProbabilityCol(), model.getPredictionCol(),
        thresholds);
    return export(model.uid(), model, topology, weights, signature);
  }

  static byte[] regressor(NeuralNetworkRegressionModel model, Topology topology,
      double[] weights) {
    OnnxSignature signature =
        OnnxSignature.regressor(model.getFeaturesCol(), model.getPredictionCol());
    return export(model.uid(), model, topology, weights, signature);
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
    String doc = stage + " " + uid + ": layers " + Arrays.toString(topology.layerSizes())
        + ", hidden activation " + topology.hiddenActivation().paramName() + ", " + precision
        + " precision. Input '" + signature.input() + "': float [N, " + topology.numInputs()
        + "], unscaled as the model saw it (apply any feature transformers first).";
    return NetworkOnnxExporter.export(topology, weights, Precision.FLOAT.equals(precision),
        signature, stage, doc, metadata);
  }
}
