package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import java.util.Arrays;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The param objects of {@link NeuralNetworkMultiLabelClassifier} and its model beyond the shared
 * ones, each declared in one statement with its name, default, doc and check: the columns
 * (Spark's names, declared here because Spark's column traits are Scala traits a Java class
 * cannot mix in) and the decision thresholds. The full documentation of each is on its accessor
 * in {@link NeuralNetworkMultiLabelParams}.
 */
public final class MultiLabelParamDefinitions {

  final Param<String> featuresCol;
  final Param<String> labelCol;
  final Param<String> predictionCol;
  final Param<String> rawPredictionCol;
  final Param<String> probabilityCol;
  final DoubleParam threshold;
  final DoubleArrayParam thresholds;
  private final NeuralNetworkParamDefinitions.Declarer declare;

  MultiLabelParamDefinitions(Params owner) {
    declare = new NeuralNetworkParamDefinitions.Declarer(owner);
    // The rows of docs/params.md for the columns and thresholds speak for the classifier's and
    // the regressor's params of the same names too (Spark's, which Spark declares): pageMeaning.
    featuresCol = declare.stringParam("featuresCol", "features",
        "features column name (ml `Vector`)");
    labelCol = declare.stringParam("labelCol", "label",
        "label column name: an `array<double>` of label indices `0..numLabels-1` per row");
    declare.pageMeaning(labelCol, "label column: class indices `0..k-1` for the classifier; real"
        + " values, or `Vector`s of `k` targets, for the regressor; an `array<double>` of label"
        + " indices per row for the multi-label classifier (see"
        + " [Vector targets](vector-targets.md))");
    predictionCol = declare.stringParam("predictionCol", "prediction",
        "prediction column name: the `array<double>` of the labels whose probability exceeds"
            + " their threshold");
    declare.pageMeaning(predictionCol, "prediction column: a double; a `Vector` for a regressor"
        + " fitted on a `Vector` label; an `array<double>` of label indices for the multi-label"
        + " classifier");
    rawPredictionCol = declare.stringParam("rawPredictionCol", "rawPrediction",
        "raw prediction column name: the output layer before the sigmoids, one score per"
            + " label");
    declare.pageMeaning(rawPredictionCol, "output layer before softmax (multi-label: before the"
        + " sigmoids), one score per class or label");
    probabilityCol = declare.stringParam("probabilityCol", "probability",
        "probability column name: one sigmoid per label, the probability that the row has"
            + " that label");
    declare.pageMeaning(probabilityCol, "classifier: softmax of the raw prediction, class"
        + " probabilities; multi-label: one sigmoid per label, the probability that the row has"
        + " it");
    threshold = declare.doubleParam("threshold", 0.5,
        "a label is predicted when its probability exceeds `threshold`, in [0, 1]; `thresholds`,"
            + " when set, overrides it label by label",
        ParamChecks.doubleInRange(0, 1, true, true));
    thresholds = declare.doubleArrayParam("thresholds",
        "one threshold per label, each in [0, 1]: label j is predicted when its probability"
            + " exceeds thresholds[j]; unset: threshold for every label",
        ParamChecks.check("must hold values in [0, 1]", (double[] values) ->
            Arrays.stream(values).allMatch(t -> t >= 0 && t <= 1)));
    declare.pageMeaning(thresholds, "classifier: one threshold per class, the class with the"
        + " largest `p / t` is predicted; multi-label: one threshold per label in [0, 1], label"
        + " `j` is predicted when `p_j > t_j` (overrides `threshold`)");
  }

  /** Sets the defaults on the owner, once it can look its params up. */
  void setDefaults() {
    declare.setDefaults();
  }
}
