package io.github.sparkbackprop.onnx;

import java.util.Arrays;

/**
 * What an exported graph reads and writes: the name of its one input and of each output, named
 * after the model's columns. An output whose name is empty (its column switched off with
 * {@code ""}, as {@code transform} allows) is not exported.
 *
 * <ul>
 *   <li>the input: {@code float [N, numFeatures]}, named after {@code featuresCol};
 *   <li>a classifier's {@code rawPredictionCol}: the output layer before softmax,
 *       {@code [N, numClasses]}; its {@code probabilityCol}: the softmax, {@code [N, numClasses]};
 *       both in the network's precision ({@code double} or {@code float});
 *   <li>a classifier's {@code predictionCol}: the class index, {@code int64 [N]}: the largest
 *       raw score or, when thresholds are given, the largest {@code probability / threshold}
 *       (a threshold of 0 wins whenever its class has any probability), as Spark decides;
 *   <li>a regressor's {@code predictionCol}: the value, {@code [N]} in the network's precision,
 *       or for a regressor of vector labels the {@code k} values, {@code [N, k]};
 *   <li>a multi-label classifier's {@code rawPredictionCol}: the output layer before the
 *       sigmoids, {@code [N, numLabels]}; its {@code probabilityCol}: one sigmoid per label,
 *       {@code [N, numLabels]}; its {@code predictionCol}: {@code int64 [N, numLabels]}, 1 where
 *       the label's probability exceeds its threshold, else 0 (a tensor has a fixed width, so
 *       the set of predicted labels is given by its indicator).
 * </ul>
 *
 * <p>With {@link #withStandardizedInput}, the input is the raw features, which the graph
 * standardises as a {@code StandardScalerModel} before the network would.
 */
public final class OnnxSignature {

  /** What the graph's prediction is. */
  private enum Prediction {
    /** The most probable class (softmax outputs). */
    CLASS,
    /** One value. */
    VALUE,
    /** A vector of values, one per output. */
    VALUES,
    /** The indicator of the labels above their thresholds (sigmoid outputs). */
    LABELS
  }

  private final Prediction kind;
  private final String input;
  private final String rawPrediction;
  private final String probability;
  private final String prediction;
  private final double[] thresholds;
  private final double[] inputShift;
  private final double[] inputScale;

  private OnnxSignature(Prediction kind, String input, String rawPrediction,
      String probability, String prediction, double[] thresholds) {
    this(kind, input, rawPrediction, probability, prediction, thresholds, null, null);
  }

  private OnnxSignature(Prediction kind, String input, String rawPrediction,
      String probability, String prediction, double[] thresholds, double[] inputShift,
      double[] inputScale) {
    this.inputShift = inputShift == null ? null : inputShift.clone();
    this.inputScale = inputScale == null ? null : inputScale.clone();
    this.kind = kind;
    this.input = input;
    this.rawPrediction = emptyToNull(rawPrediction);
    this.probability = emptyToNull(probability);
    this.prediction = emptyToNull(prediction);
    this.thresholds = thresholds == null ? null : thresholds.clone();
    if (input == null || input.isEmpty()) {
      throw new IllegalArgumentException("The ONNX input is named after featuresCol, which is"
          + " empty; set featuresCol to the name of the features column");
    }
    if (this.rawPrediction == null && this.probability == null && this.prediction == null) {
      throw new IllegalArgumentException("Nothing to export: every output column is empty ("
          + (hasScores() ? "rawPredictionCol, probabilityCol and predictionCol" : "predictionCol")
          + "); set at least one to a name");
    }
    requireDistinct("featuresCol", input, "rawPredictionCol", this.rawPrediction);
    requireDistinct("featuresCol", input, "probabilityCol", this.probability);
    requireDistinct("featuresCol", input, "predictionCol", this.prediction);
    requireDistinct("rawPredictionCol", this.rawPrediction, "probabilityCol", this.probability);
    requireDistinct("rawPredictionCol", this.rawPrediction, "predictionCol", this.prediction);
    requireDistinct("probabilityCol", this.probability, "predictionCol", this.prediction);
    if (this.thresholds != null) {
      for (double t : this.thresholds) {
        if (!(t >= 0) || Double.isInfinite(t)) {
          throw new IllegalArgumentException("thresholds must be finite and >= 0, got "
              + Arrays.toString(thresholds));
        }
      }
    }
    if (kind == Prediction.LABELS && this.thresholds == null) {
      throw new IllegalArgumentException("A multi-label signature needs one threshold per"
          + " label");
    }
  }

  /**
   * A classifier's signature.
   *
   * @param featuresCol the input's name
   * @param rawPredictionCol the raw scores' name, or empty for none
   * @param probabilityCol the probabilities' name, or empty for none
   * @param predictionCol the predicted class's name, or empty for none
   * @param thresholds one threshold per class for the predicted class, or {@code null} for the
   *     most probable class
   */
  public static OnnxSignature classifier(String featuresCol, String rawPredictionCol,
      String probabilityCol, String predictionCol, double[] thresholds) {
    return new OnnxSignature(Prediction.CLASS, featuresCol, rawPredictionCol, probabilityCol,
        predictionCol, thresholds);
  }

  /**
   * A regressor's signature.
   *
   * @param featuresCol the input's name
   * @param predictionCol the predicted value's name
   */
  public static OnnxSignature regressor(String featuresCol, String predictionCol) {
    return new OnnxSignature(Prediction.VALUE, featuresCol, null, null, predictionCol, null);
  }

  /**
   * The signature of a regressor of vector labels: its prediction is the {@code k} outputs,
   * {@code [N, k]}.
   *
   * @param featuresCol the input's name
   * @param predictionCol the predicted vector's name
   */
  public static OnnxSignature vectorRegressor(String featuresCol, String predictionCol) {
    return new OnnxSignature(Prediction.VALUES, featuresCol, null, null, predictionCol, null);
  }

  /**
   * A multi-label classifier's signature.
   *
   * @param featuresCol the input's name
   * @param rawPredictionCol the raw scores' name, or empty for none
   * @param probabilityCol the probabilities' name, or empty for none
   * @param predictionCol the name of the predicted labels' indicator, or empty for none
   * @param thresholds one threshold per label: a label is predicted where its probability
   *     exceeds it
   */
  public static OnnxSignature multiLabel(String featuresCol, String rawPredictionCol,
      String probabilityCol, String predictionCol, double[] thresholds) {
    return new OnnxSignature(Prediction.LABELS, featuresCol, rawPredictionCol, probabilityCol,
        predictionCol, thresholds);
  }

  /**
   * This signature with an input of raw features, which the graph standardises before the first
   * layer as Spark's {@code StandardScalerModel} does: {@code (x - mean) * (1 / std)} element by
   * element, where a feature of standard deviation 0 becomes 0.
   *
   * @param input the input's new name (the scaler's input column)
   * @param mean the mean of each feature, or {@code null} not to centre ({@code withMean} false)
   * @param std the standard deviation of each feature, or {@code null} not to scale
   *     ({@code withStd} false)
   * @throws IllegalArgumentException if both are null, or a value is not finite or a standard
   *     deviation negative
   */
  public OnnxSignature withStandardizedInput(String input, double[] mean, double[] std) {
    if (mean == null && std == null) {
      throw new IllegalArgumentException("A standardised input needs a mean, a standard"
          + " deviation or both");
    }
    double[] scale = null;
    if (std != null) {
      scale = new double[std.length];
      for (int j = 0; j < std.length; j++) {
        if (!(std[j] >= 0) || Double.isInfinite(std[j])) {
          throw new IllegalArgumentException("The standard deviation of feature " + j + " is "
              + std[j] + "; fit the scaler on finite features");
        }
        scale[j] = std[j] == 0 ? 0 : 1 / std[j];
      }
    }
    if (mean != null) {
      for (int j = 0; j < mean.length; j++) {
        if (!Double.isFinite(mean[j])) {
          throw new IllegalArgumentException("The mean of feature " + j + " is " + mean[j]
              + "; fit the scaler on finite features");
        }
      }
    }
    return new OnnxSignature(kind, input, rawPrediction, probability, prediction,
        thresholds, mean, scale);
  }

  /** What the graph subtracts from each input feature first, or {@code null}. */
  public double[] inputShift() {
    return inputShift == null ? null : inputShift.clone();
  }

  /**
   * What the graph multiplies each (centred) input feature by, {@code 1 / std} or 0, or
   * {@code null}.
   */
  public double[] inputScale() {
    return inputScale == null ? null : inputScale.clone();
  }

  /** Whether the graph ends in class scores (softmax) and the most probable class. */
  public boolean isClassifier() {
    return kind == Prediction.CLASS;
  }

  /** Whether the graph ends in one sigmoid per label and the labels above their thresholds. */
  public boolean isMultiLabel() {
    return kind == Prediction.LABELS;
  }

  /** Whether the graph's prediction is a vector of values, {@code [N, k]}. */
  public boolean predictsVector() {
    return kind == Prediction.VALUES;
  }

  /** Whether the graph has scores and probabilities (a classifier of either kind). */
  public boolean hasScores() {
    return kind == Prediction.CLASS || kind == Prediction.LABELS;
  }

  /** The input's name. */
  public String input() {
    return input;
  }

  /** The raw scores' output name, or {@code null} if not exported. */
  public String rawPrediction() {
    return rawPrediction;
  }

  /** The probabilities' output name, or {@code null} if not exported. */
  public String probability() {
    return probability;
  }

  /** The prediction's output name (class or value), or {@code null} if not exported. */
  public String prediction() {
    return prediction;
  }

  /** The per-class thresholds of the predicted class (per label: multi-label), or {@code null}. */
  public double[] thresholds() {
    return thresholds == null ? null : thresholds.clone();
  }

  private static String emptyToNull(String name) {
    return name == null || name.isEmpty() ? null : name;
  }

  private static void requireDistinct(String role1, String name1, String role2, String name2) {
    if (name1 != null && name1.equals(name2)) {
      throw new IllegalArgumentException(role1 + " and " + role2 + " are both '" + name1
          + "', but every input and output of an ONNX graph needs a name of its own; set "
          + role2 + " to another name");
    }
  }
}
