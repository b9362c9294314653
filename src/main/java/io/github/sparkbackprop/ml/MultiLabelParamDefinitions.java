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
    featuresCol = declare.stringParam("featuresCol", "features",
        "features column name (ml Vector)");
    labelCol = declare.stringParam("labelCol", "label",
        "label column name: an array<double> of label indices 0..numLabels-1 per row");
    predictionCol = declare.stringParam("predictionCol", "prediction",
        "prediction column name: the array<double> of the labels whose probability exceeds"
            + " their threshold");
    rawPredictionCol = declare.stringParam("rawPredictionCol", "rawPrediction",
        "raw prediction column name: the output layer before the sigmoids, one score per"
            + " label");
    probabilityCol = declare.stringParam("probabilityCol", "probability",
        "probability column name: one sigmoid per label, the probability that the row has"
            + " that label");
    threshold = declare.doubleParam("threshold", 0.5,
        "a label is predicted when its probability exceeds threshold, in [0, 1]; thresholds,"
            + " when set, overrides it label by label",
        ParamChecks.doubleInRange(0, 1, true, true));
    thresholds = declare.doubleArrayParam("thresholds",
        "one threshold per label, each in [0, 1]: label j is predicted when its probability"
            + " exceeds thresholds[j]; unset: threshold for every label",
        ParamChecks.check("must hold values in [0, 1]", (double[] values) ->
            Arrays.stream(values).allMatch(t -> t >= 0 && t <= 1)));
  }

  /** Sets the defaults on the owner, once it can look its params up. */
  void setDefaults() {
    declare.setDefaults();
  }
}
