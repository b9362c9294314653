package io.github.sparkbackprop.ml.internal.score;

import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Predictions;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What a model's attribution column explains and from where: the baseline, the points per
 * path, and which raw outputs of a row are explained, chosen from the row's own raw outputs
 * (and kept for its whole path, so that the attributions add up to that output at the row minus
 * the same output at the baseline).
 */
public final class AttributionSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Which outputs a row's attributions explain. */
  public enum Target {
    /** The raw score of the class the model predicts (with its thresholds, if set). */
    PREDICTED_CLASS,
    /** The sum of the raw scores of the labels the model predicts (none: zeros). */
    PREDICTED_LABELS,
    /** The sum of all outputs (a regressor's prediction; the one output of a real label). */
    ALL_OUTPUTS
  }

  private final double[] baseline;
  private final int steps;
  private final Target target;
  private final OutputLoss outputLoss;
  private final double[] thresholds;

  /**
   * @param baseline where the paths start, one value per feature
   * @param steps points along each path
   * @param target which outputs are explained
   * @param outputLoss turns raw outputs into probabilities, for thresholds
   * @param thresholds the class thresholds ({@code null}: none) of {@link Target#PREDICTED_CLASS},
   *     or the label thresholds (required) of {@link Target#PREDICTED_LABELS}
   */
  public AttributionSpec(double[] baseline, int steps, Target target, OutputLoss outputLoss,
      double[] thresholds) {
    this.baseline = baseline.clone();
    this.steps = steps;
    this.target = target;
    this.outputLoss = outputLoss;
    this.thresholds = thresholds;
  }

  /** Where the paths start. */
  public double[] baseline() {
    return baseline.clone();
  }

  double[] sharedBaseline() {
    return baseline;
  }

  /** Points along each path. */
  public int steps() {
    return steps;
  }

  /**
   * The weights of each row's raw outputs in what its attributions explain, 1 for an explained
   * output and 0 for the others.
   *
   * @param raw the rows' raw outputs, {@code k x n} column-major
   * @param n rows
   * @param k outputs per row
   * @param out receives the weights, {@code k x n} column-major
   * @param scratch at least {@code k} values
   */
  public void selectOutputs(double[] raw, int n, int k, double[] out, double[] scratch) {
    Arrays.fill(out, 0, k * n, target == Target.ALL_OUTPUTS ? 1.0 : 0.0);
    if (target == Target.ALL_OUTPUTS) {
      return;
    }
    for (int i = 0; i < n; i++) {
      int o = i * k;
      if (target == Target.PREDICTED_CLASS && thresholds == null) {
        out[o + Predictions.argmax(raw, o, k)] = 1.0;
        continue;
      }
      System.arraycopy(raw, o, scratch, 0, k);
      outputLoss.toOutputSpace(scratch, 0, k, 1);
      if (target == Target.PREDICTED_CLASS) {
        out[o + Predictions.argmaxScaled(scratch, 0, k, thresholds)] = 1.0;
      } else {
        for (int j = 0; j < k; j++) {
          if (scratch[j] > thresholds[j]) {
            out[o + j] = 1.0;
          }
        }
      }
    }
  }
}
