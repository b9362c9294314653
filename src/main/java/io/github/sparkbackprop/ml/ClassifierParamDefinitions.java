package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.ClassWeighting;
import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The param objects of both classifiers (single- and multi-label) and their models beyond the
 * shared ones, each declared in one statement with its name, default, doc and check. The full
 * documentation of each is on its accessor in {@link NeuralNetworkClassifierParams}.
 */
public final class ClassifierParamDefinitions {

  final Param<String> classWeighting;
  private final NeuralNetworkParamDefinitions.Declarer declare;

  ClassifierParamDefinitions(Params owner) {
    declare = new NeuralNetworkParamDefinitions.Declarer(owner);
    classWeighting = declare.stringParam("classWeighting", ClassWeighting.NONE.paramName(),
        "how the classes weigh in the loss: none (by the row weights alone) or balanced"
            + " (scikit-learn's: a row of class c also weighs n / (k * n_c), n rows, k classes,"
            + " n_c rows of class c, counted as sums of weightCol when set; multi-label: label"
            + " j's positives weigh n / (2 * n_pos_j) and its negatives n / (2 * n_neg_j));"
            + " case-insensitive",
        ParamChecks.oneOf(ClassWeighting.paramNames()));
  }

  /** Sets the defaults on the owner, once it can look its params up. */
  void setDefaults() {
    declare.setDefaults();
  }
}
