package io.github.sparkbackprop.onnx;

import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import java.util.Map;
import java.util.TreeMap;
import onnx.Onnx.ModelProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;

/**
 * Turns a network (its {@link Topology} and flat weights) into a serialised ONNX model.
 *
 * <p>The graph: the {@code float} input, cast to {@code double} for a double-precision network,
 * and standardised if the signature asks for it; one {@code Gemm} per layer ({@code x W + b},
 * the weight matrix stored {@code [in, out]}, which is the library's column-major
 * {@code out x in} layout unchanged); the hidden activation after every layer but the last
 * ({@link ActivationNodes}); then the outputs of the {@link OnnxSignature}: softmax and the
 * class, one sigmoid per label and the labels, or the value(s) of a regressor. A single-precision
 * network keeps its weights, constants and arithmetic in {@code float}, as its
 * {@code transform} does.
 *
 * <p>The export is deterministic: the same network, signature and metadata give the same bytes.
 */
public final class NetworkOnnxExporter {

  /**
   * The ONNX operator set the graphs use: 13, the first whose {@code Softmax} works along one
   * axis and whose {@code Squeeze} takes its axes as an input, and old enough for every ONNX
   * Runtime since 1.6 (2020) and most other runtimes.
   */
  public static final int OPSET_VERSION = 13;

  /** The ONNX IR version that goes with {@link #OPSET_VERSION} (ONNX 1.8). */
  public static final int IR_VERSION = 7;

  /** The name the models give as their producer. */
  public static final String PRODUCER = "spark-backprop";

  /**
   * A protobuf message, and so an ONNX model without external data, must stay under 2 GiB; the
   * graph's structure around the weights is a few kilobytes, kept well clear of the limit.
   */
  static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - (1L << 20);

  /** The name of the multi-label output loss, whose network ends in one sigmoid per label. */
  private static final String MULTI_LABEL_LOSS = "sigmoidCrossEntropy";

  private NetworkOnnxExporter() {}

  /**
   * Exports a network.
   *
   * @param topology the network's shape, hidden activation and output kind
   * @param weights the flat weight vector laid out as {@link Topology} describes
   * @param precision whether the graph computes in {@code float} or {@code double}
   * @param signature the input and output names, and thresholds
   * @param graphName the graph's name, e.g. the model's class
   * @param docString a description of the model for people reading the file
   * @param metadata key-value pairs stored as the model's {@code metadata_props} (sorted by key)
   * @return the serialised {@code ModelProto}
   * @throws IllegalArgumentException if the weights do not fit the topology, the signature does
   *     not fit the network (a classifier's signature on a regression network, thresholds of the
   *     wrong length), or the model would exceed the 2 GiB a protobuf message can hold
   */
  public static byte[] export(Topology topology, double[] weights, Precision precision,
      OnnxSignature signature, String graphName, String docString,
      Map<String, String> metadata) {
    boolean singlePrecision = precision == Precision.FLOAT;
    if (weights.length != topology.numParameters()) {
      throw new IllegalArgumentException("The network " + topology + " has "
          + topology.numParameters() + " parameters but " + weights.length + " weights were"
          + " given");
    }
    requireFitsInOneMessage(topology.numParameters(), singlePrecision);
    checkSignature(topology, signature);

    GraphBuilder g = new GraphBuilder(graphName, singlePrecision);
    String raw = rawOutputs(g, topology, weights, signature);
    if (signature.isClassifier()) {
      classifierOutputs(g, topology, signature, raw);
    } else if (signature.isMultiLabel()) {
      multiLabelOutputs(g, topology, signature, raw);
    } else if (signature.predictsVector()) {
      // the last layer's output is the prediction itself (see rawOutputs)
      g.output(signature.prediction(), g.elementType(), GraphBuilder.BATCH_DIM,
          topology.numOutputs());
    } else {
      String axes = g.int64s("prediction/axes", 1);
      g.node("Squeeze", signature.prediction(), new String[] {raw, axes});
      g.output(signature.prediction(), g.elementType(), GraphBuilder.BATCH_DIM);
    }

    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET_VERSION))
        .setProducerName(PRODUCER)
        .setDocString(docString)
        .setGraph(g.build());
    for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
      model.addMetadataProps(
          StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return model.build().toByteArray();
  }

  /**
   * Fails with advice when the weights alone would make a model larger than one protobuf
   * message can be, before anything is built.
   */
  static void requireFitsInOneMessage(long numParameters, boolean singlePrecision) {
    int bytesPerWeight = singlePrecision ? Float.BYTES : Double.BYTES;
    long bytes = numParameters * bytesPerWeight;
    if (bytes > MAX_WEIGHT_BYTES) {
      throw new IllegalArgumentException("The network has " + numParameters + " weights, "
          + (bytes >> 20) + " MiB in " + (singlePrecision ? "float" : "double")
          + " precision: more than the 2 GiB one ONNX file can hold without external data,"
          + " which this export does not write; "
          + (singlePrecision ? "use smaller hidden layers"
              : "set precision to 'float' (half the bytes) or use smaller hidden layers"));
    }
  }

  private static void checkSignature(Topology topology, OnnxSignature signature) {
    boolean classification = topology.outputLoss().isClassification();
    boolean multiLabel = MULTI_LABEL_LOSS.equals(topology.outputLoss().name());
    if (signature.isClassifier() != classification || signature.isMultiLabel() != multiLabel) {
      String kind = signature.isClassifier() ? "classifier's"
          : signature.isMultiLabel() ? "multi-label classifier's" : "regressor's";
      throw new IllegalArgumentException("A " + kind + " outputs cannot be exported for the "
          + topology.outputLoss() + " network " + topology);
    }
    if (!signature.hasScores() && !signature.predictsVector() && topology.numOutputs() != 1) {
      throw new IllegalArgumentException("A regression network of a numeric label has one"
          + " output unit, but " + topology + " has " + topology.numOutputs());
    }
    double[] thresholds = signature.thresholds();
    for (double[] values : new double[][] {signature.inputShift(), signature.inputScale()}) {
      if (values != null && values.length != topology.numInputs()) {
        throw new IllegalArgumentException("The input's standardisation has " + values.length
            + " values but the network has " + topology.numInputs() + " inputs; use the scaler"
            + " fitted on this network's features");
      }
    }
    if (thresholds != null && thresholds.length != topology.numOutputs()) {
      String unit = signature.isMultiLabel() ? "label" : "class";
      throw new IllegalArgumentException("thresholds has " + thresholds.length + " values but"
          + " the model has " + topology.numOutputs() + " " + unit + (unit.equals("class")
              ? "es" : "s") + "; set one threshold per " + unit);
    }
  }

  /**
   * Declares the input and the layers; returns the name of the output layer's value, which is
   * the raw-prediction output itself when the signature exports it.
   */
  private static String rawOutputs(
      GraphBuilder g, Topology topology, double[] weights, OnnxSignature signature) {
    // The user's names first, so that no internal value can take one of them.
    g.claim(signature.input(), "input (featuresCol)");
    if (signature.rawPrediction() != null) {
      g.claim(signature.rawPrediction(), "output (rawPredictionCol)");
    }
    if (signature.probability() != null) {
      g.claim(signature.probability(), "output (probabilityCol)");
    }
    if (signature.prediction() != null) {
      g.claim(signature.prediction(), "output (predictionCol)");
    }

    g.input(signature.input(), TensorProto.DataType.FLOAT_VALUE,
        GraphBuilder.BATCH_DIM, topology.numInputs());
    String x = signature.input();
    if (g.elementType() == TensorProto.DataType.DOUBLE_VALUE) {
      x = g.node("Cast", g.fresh("input/double"), new String[] {x},
          GraphBuilder.intAttribute("to", TensorProto.DataType.DOUBLE_VALUE));
    }
    x = standardize(g, x, signature, topology.numInputs());
    int layers = topology.numWeightLayers();
    for (int l = 0; l < layers; l++) {
      int in = topology.layerSize(l);
      int out = topology.layerSize(l + 1);
      String prefix = "layer" + (l + 1);
      String w = g.initializer(prefix + "/weight", weights, topology.weightOffset(l), in * out,
          in, out);
      String b = g.initializer(prefix + "/bias", weights, topology.biasOffset(l), out, out);
      boolean last = l == layers - 1;
      String output = last && signature.rawPrediction() != null ? signature.rawPrediction()
          : last && signature.predictsVector() ? signature.prediction()
          : g.fresh(prefix + "/linear");
      x = g.node("Gemm", output, new String[] {x, w, b});
      if (!last) {
        x = ActivationNodes.apply(g, topology.hiddenActivation(), x, prefix);
      }
    }
    if (signature.rawPrediction() != null) {
      g.output(signature.rawPrediction(), g.elementType(),
          GraphBuilder.BATCH_DIM, topology.numOutputs());
    }
    return x;
  }

  /** {@code (x - shift) * scale}, in the graph's precision, as Spark's scaler computes it. */
  private static String standardize(GraphBuilder g, String x, OnnxSignature signature, int d) {
    double[] shift = signature.inputShift();
    double[] scale = signature.inputScale();
    if (shift != null) {
      x = g.apply("Sub", "input/centred", x, g.initializer("input/shift", shift, 0, d, d));
    }
    if (scale != null) {
      x = g.apply("Mul", "input/scaled", x, g.initializer("input/scale", scale, 0, d, d));
    }
    return x;
  }

  /**
   * One sigmoid per label, and the labels predicted where the probability exceeds its threshold
   * (as Spark's binary decision, {@code probability > threshold}), as 0/1 in {@code int64}.
   */
  private static void multiLabelOutputs(
      GraphBuilder g, Topology topology, OnnxSignature signature, String raw) {
    int k = topology.numOutputs();
    if (signature.probability() == null && signature.prediction() == null) {
      return; // the raw scores alone
    }
    String probability = g.node("Sigmoid",
        signature.probability() != null ? signature.probability() : g.fresh("probability"),
        new String[] {raw});
    if (signature.probability() != null) {
      g.output(signature.probability(), g.elementType(), GraphBuilder.BATCH_DIM, k);
    }
    if (signature.prediction() == null) {
      return;
    }
    String above = g.apply("Greater", "prediction/above", probability,
        g.initializer("prediction/thresholds", signature.thresholds(), 0, k, k));
    g.node("Cast", signature.prediction(), new String[] {above},
        GraphBuilder.intAttribute("to", TensorProto.DataType.INT64_VALUE));
    g.output(signature.prediction(), TensorProto.DataType.INT64_VALUE, GraphBuilder.BATCH_DIM,
        k);
  }

  private static void classifierOutputs(
      GraphBuilder g, Topology topology, OnnxSignature signature, String raw) {
    int k = topology.numOutputs();
    double[] thresholds = signature.thresholds();
    String probability = null;
    if (signature.probability() != null || (thresholds != null && signature.prediction() != null)) {
      probability = g.node("Softmax",
          signature.probability() != null ? signature.probability() : g.fresh("probability"),
          new String[] {raw}, GraphBuilder.intAttribute("axis", 1));
    }
    if (signature.probability() != null) {
      g.output(signature.probability(), g.elementType(), GraphBuilder.BATCH_DIM, k);
    }
    if (signature.prediction() == null) {
      return;
    }
    String scores = raw;
    if (thresholds != null) {
      // Spark's decision: the largest p / t, where t = 0 scores +infinity. Dividing by 1 and
      // adding +infinity where t = 0 gives exactly that, without 0 / 0 for a zero probability.
      double[] divisors = new double[k];
      double[] bonus = new double[k];
      for (int j = 0; j < k; j++) {
        divisors[j] = thresholds[j] == 0 ? 1 : thresholds[j];
        bonus[j] = thresholds[j] == 0 ? Double.POSITIVE_INFINITY : 0;
      }
      String scaled = g.apply("Div", "prediction/scaled", probability,
          g.initializer("prediction/thresholds", divisors, 0, k, k));
      scores = g.apply("Add", "prediction/scores", scaled,
          g.initializer("prediction/zeroThresholdBonus", bonus, 0, k, k));
    }
    // ArgMax keeps the first of equal maxima, as Spark's argmax does.
    g.node("ArgMax", signature.prediction(), new String[] {scores},
        GraphBuilder.intAttribute("axis", 1), GraphBuilder.intAttribute("keepdims", 0));
    g.output(signature.prediction(), TensorProto.DataType.INT64_VALUE, GraphBuilder.BATCH_DIM);
  }
}
