package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.NetworkOnnxExporter;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.feature.StandardScalerModel;

/**
 * {@code toOnnx()} of the models: from the network, the signature the model's columns and
 * thresholds make (built by the model), and a few plain facts about the model, the ONNX bytes
 * that {@link NetworkOnnxExporter} writes, with the model's description in their metadata.
 */
public final class ModelOnnxExport {

  private ModelOnnxExport() {}

  /**
   * The ONNX bytes of a model; with {@code scaler} (or {@code null}) standardising the raw input
   * first.
   *
   * @param uid the model's uid
   * @param stageClass the model's class name
   * @param precision the model's {@code precision}
   * @param featuresCol the column the model reads (the scaler must write it)
   * @param signature the inputs and outputs, named after the model's columns
   */
  public static byte[] export(String uid, String stageClass, String precision,
      String featuresCol, Topology topology, double[] weights, OnnxSignature signature,
      StandardScalerModel scaler) {
    OnnxSignature full = withScaler(signature, featuresCol, scaler);
    String stage = stageClass.substring(stageClass.lastIndexOf('.') + 1);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("uid", uid);
    metadata.put("stage", stageClass);
    metadata.put("layers", Arrays.toString(topology.layerSizes()));
    metadata.put("activation", topology.hiddenActivation().paramName());
    metadata.put("precision", precision);
    boolean scaled = full.inputShift() != null || full.inputScale() != null;
    metadata.put("inputStandardized", Boolean.toString(scaled));
    String doc = stage + " " + uid + ": layers " + Arrays.toString(topology.layerSizes())
        + ", hidden activation " + topology.hiddenActivation().paramName() + ", " + precision
        + " precision. Input '" + full.input() + "': float [N, " + topology.numInputs()
        + "], " + (scaled ? "raw features, standardised in the graph as the StandardScalerModel"
            + " before the network did." : "the features as the model saw them (apply any"
            + " feature transformers before it first).");
    return NetworkOnnxExporter.export(topology, weights, Precision.fromParamName(precision),
        full, stage, doc, metadata);
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
}
