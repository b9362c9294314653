package io.github.sparkbackprop.ml;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/**
 * Params of {@link NeuralNetworkMultiLabelClassifier} and its model beyond the shared ones: the
 * columns, with Spark's names and defaults, and the decision thresholds.
 */
public interface NeuralNetworkMultiLabelParams extends NeuralNetworkParams {

  /** The multi-label param objects of this stage; an implementation detail. */
  MultiLabelParamDefinitions multiLabelParamDefinitions();

  /** Features column: ML {@code Vector}s, the same size on every row. Default: {@code features}. */
  default Param<String> featuresCol() {
    return multiLabelParamDefinitions().featuresCol;
  }

  /** @see #featuresCol() */
  default String getFeaturesCol() {
    return getOrDefault(featuresCol());
  }

  /**
   * Label column: per row an {@code array<double>} of the indices of the labels the row has
   * ({@code [0.0, 2.0]}: labels 0 and 2; empty: none), Spark's multi-label convention, which
   * {@code MultilabelClassificationEvaluator} reads too. Other numeric arrays are cast. Default:
   * {@code label}.
   */
  default Param<String> labelCol() {
    return multiLabelParamDefinitions().labelCol;
  }

  /** @see #labelCol() */
  default String getLabelCol() {
    return getOrDefault(labelCol());
  }

  /**
   * Prediction column: the {@code array<double>} of the indices (ascending) of the labels whose
   * probability exceeds their threshold; {@code ""} leaves it out. Default:
   * {@code prediction}.
   */
  default Param<String> predictionCol() {
    return multiLabelParamDefinitions().predictionCol;
  }

  /** @see #predictionCol() */
  default String getPredictionCol() {
    return getOrDefault(predictionCol());
  }

  /**
   * Raw prediction column: a {@code Vector} of the output layer before the sigmoids, one score
   * (log-odds) per label; {@code ""} leaves it out. Default: {@code rawPrediction}.
   */
  default Param<String> rawPredictionCol() {
    return multiLabelParamDefinitions().rawPredictionCol;
  }

  /** @see #rawPredictionCol() */
  default String getRawPredictionCol() {
    return getOrDefault(rawPredictionCol());
  }

  /**
   * Probability column: a {@code Vector} of one probability per label, the sigmoid of its raw
   * score (independent per label: they need not sum to 1); {@code ""} leaves it out. Default:
   * {@code probability}.
   */
  default Param<String> probabilityCol() {
    return multiLabelParamDefinitions().probabilityCol;
  }

  /** @see #probabilityCol() */
  default String getProbabilityCol() {
    return getOrDefault(probabilityCol());
  }

  /**
   * The decision threshold of every label, in [0, 1]: a label is predicted when its probability
   * exceeds it (as Spark's binary classifiers decide). {@code thresholds}, when set, overrides
   * it. Default: 0.5.
   */
  default DoubleParam threshold() {
    return multiLabelParamDefinitions().threshold;
  }

  /** @see #threshold() */
  default double getThreshold() {
    return (Double) getOrDefault(threshold());
  }

  /**
   * One decision threshold per label, each in [0, 1]: label {@code j} is predicted when its
   * probability exceeds {@code thresholds[j]}; the length must be the number of labels (checked
   * by {@code transform}). Default: unset, {@code threshold} for every label.
   */
  default DoubleArrayParam thresholds() {
    return multiLabelParamDefinitions().thresholds;
  }

  /** @see #thresholds() */
  default double[] getThresholds() {
    return getOrDefault(thresholds()).clone();
  }

  /**
   * The threshold of each of {@code numLabels} labels: {@code thresholds} when set, else
   * {@code threshold} for all.
   *
   * @throws IllegalArgumentException naming both lengths if {@code thresholds} has another
   */
  default double[] labelThresholds(int numLabels) {
    if (!isDefined(thresholds())) {
      double[] all = new double[numLabels];
      java.util.Arrays.fill(all, getThreshold());
      return all;
    }
    double[] values = getThresholds();
    if (values.length != numLabels) {
      throw new IllegalArgumentException("thresholds has " + values.length + " values but the"
          + " model has " + numLabels + " labels; set one threshold per label, or unset"
          + " thresholds to use threshold for all");
    }
    return values;
  }
}
