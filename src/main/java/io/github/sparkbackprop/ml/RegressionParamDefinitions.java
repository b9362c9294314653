package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The regression-only param objects ({@code loss}, {@code epsilon}), each declared in one
 * statement with its name, default, doc and check.
 */
public final class RegressionParamDefinitions {

  /** Loss names accepted by the {@code loss} param. */
  static final String SQUARED_ERROR = "squaredError";

  static final String HUBER = "huber";

  static final String[] LOSSES = {SQUARED_ERROR, HUBER};

  final Param<String> loss;
  final DoubleParam epsilon;
  private final NeuralNetworkParamDefinitions.Declarer declare;

  RegressionParamDefinitions(Params owner) {
    declare = new NeuralNetworkParamDefinitions.Declarer(owner);
    loss = declare.stringParam("loss", SQUARED_ERROR,
        "loss to minimise: `squaredError` or `huber` (case-insensitive)",
        ParamChecks.oneOf(LOSSES));
    epsilon = declare.doubleParam("epsilon", 1.35,
        "Huber threshold in label units (> 0): residuals up to `epsilon` are squared, larger"
            + " ones count linearly; used only when `loss` is `huber`",
        ParamChecks.doubleAbove(0));
  }

  /** Sets the defaults on the owner, once it can look its params up. */
  void setDefaults() {
    declare.setDefaults();
  }
}
