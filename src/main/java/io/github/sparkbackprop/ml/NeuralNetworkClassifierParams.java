package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.ClassWeighting;
import org.apache.spark.ml.param.Param;

/**
 * Params of both classifiers, {@link NeuralNetworkClassifier} and
 * {@link NeuralNetworkMultiLabelClassifier}, and their models beyond the shared ones.
 */
public interface NeuralNetworkClassifierParams extends NeuralNetworkParams {

  /** The classifier param objects of this stage; an implementation detail. */
  ClassifierParamDefinitions classifierParamDefinitions();

  /**
   * How the classes weigh in the loss: {@code none} (each row by its row weight alone) or
   * {@code balanced} (case-insensitive), scikit-learn's {@code class_weight="balanced"}:
   *
   * <ul>
   *   <li>classifier: a row of class {@code c} weighs {@code n / (k * n_c)} times its row
   *       weight, with {@code n} the training rows, {@code k} the model's classes
   *       ({@code numClasses}) and {@code n_c} the training rows of class {@code c}, so that
   *       every class totals the same weight; a fit is then the fit of those products as
   *       {@code weightCol};
   *   <li>multi-label classifier: each label is balanced on its own, its loss term weighing
   *       {@code n / (2 * n_pos_j)} on the rows that have label {@code j} and
   *       {@code n / (2 * n_neg_j)} on those that have not; a row counts in the mean by its row
   *       weight times the mean of its terms' weights.
   * </ul>
   *
   * With {@code weightCol} set, {@code n} and the counts are sums of the row weights (as
   * scikit-learn counts with {@code sample_weight}). The counts are of the training rows;
   * validation rows are weighted alike. A class without training rows (a label without
   * positives or negatives) gets the weight 0, the others keep theirs with the same {@code k}.
   * The weights chosen are in the training summary ({@code classWeights()},
   * {@code labelPositiveWeights()}, {@code labelNegativeWeights()}). Default: {@code none}.
   */
  default Param<String> classWeighting() {
    return classifierParamDefinitions().classWeighting;
  }

  /** @see #classWeighting() */
  default String getClassWeighting() {
    return ClassWeighting.fromParamName(getOrDefault(classWeighting())).paramName();
  }
}
