package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/** The regression-only param objects ({@code loss}, {@code epsilon}) and their defaults. */
public final class RegressionParamDefinitions {

  /** Loss names accepted by the {@code loss} param. */
  static final String SQUARED_ERROR = "squaredError";

  static final String HUBER = "huber";

  static final String[] LOSSES = {SQUARED_ERROR, HUBER};

  final Param<String> loss;
  final DoubleParam epsilon;

  RegressionParamDefinitions(Params owner) {
    loss = new Param<>(owner, "loss",
        "loss to minimise: squaredError or huber (case-insensitive)",
        ParamChecks.oneOf("loss", LOSSES));
    epsilon = new DoubleParam(owner, "epsilon",
        "Huber threshold: residuals up to epsilon (in label units) are squared, larger ones"
            + " count linearly (> 0); used only when loss is huber",
        ParamChecks.doubleAbove("epsilon", 0));
  }

  void setDefaults(Params owner) {
    owner.setDefault(loss, SQUARED_ERROR);
    owner.setDefault(epsilon, 1.35);
  }
}
