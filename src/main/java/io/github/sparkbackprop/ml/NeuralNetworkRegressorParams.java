package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import io.github.sparkbackprop.nn.OutputLoss;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/** Params of {@link NeuralNetworkRegressor} and its model beyond the shared ones. */
public interface NeuralNetworkRegressorParams extends NeuralNetworkParams {

  /** The regression param objects of this stage; an implementation detail. */
  RegressionParamDefinitions regressionParamDefinitions();

  /**
   * Loss to minimise: {@code squaredError} ({@code (prediction - label)^2 / 2}) or {@code huber}
   * (squared up to {@code epsilon}, linear beyond: robust to outlying labels). Default:
   * {@code squaredError}.
   */
  default Param<String> loss() {
    return regressionParamDefinitions().loss;
  }

  /** @see #loss() */
  default String getLoss() {
    return ParamChecks.canonical(getOrDefault(loss()), RegressionParamDefinitions.LOSSES);
  }

  /**
   * Huber threshold in label units (> 0): residuals up to it are squared, larger ones count
   * linearly. Unlike Spark's {@code LinearRegression}, no scale is estimated, so choose it on
   * the scale of the labels. Used only with {@code loss = huber}. Default: 1.35.
   */
  default DoubleParam epsilon() {
    return regressionParamDefinitions().epsilon;
  }

  /** @see #epsilon() */
  default double getEpsilon() {
    return (Double) getOrDefault(epsilon());
  }

  /** The output loss these params select. */
  default OutputLoss outputLoss() {
    return RegressionParamDefinitions.HUBER.equals(getLoss())
        ? OutputLoss.huber(getEpsilon())
        : OutputLoss.squaredError();
  }
}
