package io.github.sparkbackprop.ml;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an exported model through ONNX Runtime (its Java API, the real native runtime), as a
 * serving application would, and hands back every output as a Java array.
 */
public final class OnnxRuntimeRun {

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  private OnnxRuntimeRun() {}

  /** The outputs, by name: {@code double[][]}, {@code float[][]}, {@code long[]}, ... */
  public static Map<String, Object> run(byte[] model, String input, float[][] rows)
      throws OrtException {
    try (OrtSession.SessionOptions options = options();
        OrtSession session = ENV.createSession(model, options);
        OnnxTensor tensor = OnnxTensor.createTensor(ENV, rows);
        OrtSession.Result result = session.run(Map.of(input, tensor))) {
      Map<String, Object> outputs = new LinkedHashMap<>();
      for (Map.Entry<String, OnnxValue> e : result) {
        outputs.put(e.getKey(), e.getValue().getValue());
      }
      return outputs;
    }
  }

  /** The model's declared inputs or outputs, as ONNX Runtime reads them. */
  public static Map<String, NodeInfo> info(byte[] model, boolean inputs) throws OrtException {
    try (OrtSession.SessionOptions options = options();
        OrtSession session = ENV.createSession(model, options)) {
      return inputs ? session.getInputInfo() : session.getOutputInfo();
    }
  }

  /** The model file at a path, loaded by ONNX Runtime from disk: its output names. */
  public static java.util.Set<String> outputNamesOfFile(String path) throws OrtException {
    try (OrtSession.SessionOptions options = options();
        OrtSession session = ENV.createSession(path, options)) {
      return session.getOutputNames();
    }
  }

  private static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    // the machine is shared: one thread, as each Spark task has
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    return options;
  }
}
