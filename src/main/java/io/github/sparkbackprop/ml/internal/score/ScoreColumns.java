package io.github.sparkbackprop.ml.internal.score;

import io.github.sparkbackprop.ml.internal.line.SparkInternals;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Predictions;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The values a model appends to each row, computed from the network's raw outputs, in the order
 * of the output schema's new columns.
 */
public final class ScoreColumns implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One kind of appended column. */
  public enum Kind {
    PREDICTION,
    RAW_PREDICTION,
    PROBABILITY,
    /** A regression prediction: the single raw output. */
    VALUE,
    /** A multi-output regression prediction: every raw output, as a vector. */
    VALUES,
    /**
     * A multi-label prediction: the indices of the labels whose probability exceeds its
     * threshold, as an {@code array<double>}.
     */
    LABEL_SET,
    /** The row's feature attributions, one per feature, as a vector (see AttributionSpec). */
    ATTRIBUTIONS
  }

  private final Kind[] kinds;
  private final OutputLoss outputLoss;
  private final double[] thresholds;

  /**
   * @param kinds the appended columns in schema order
   * @param outputLoss turns raw outputs into probabilities
   * @param thresholds per-class thresholds for the prediction, or {@code null}; for a
   *     {@link Kind#LABEL_SET}, the threshold of each label (required)
   */
  public ScoreColumns(List<Kind> kinds, OutputLoss outputLoss, double[] thresholds) {
    this.kinds = kinds.toArray(new Kind[0]);
    this.outputLoss = outputLoss;
    this.thresholds = thresholds;
  }

  /** Number of appended columns. */
  public int size() {
    return kinds.length;
  }

  /**
   * Fills {@code out[start..]} with the appended values of one row, in Catalyst's form: a
   * prediction is a {@code Double}, a vector the struct {@code VectorUDT} stores.
   *
   * @param raw raw outputs of the block, column-major
   * @param offset offset of this row's outputs
   * @param k outputs per row
   * @param probabilityBuffer scratch of length {@code 2 k}: the probabilities, then the chosen
   *     labels of a {@link Kind#LABEL_SET}
   */
  public void fill(double[] raw, int offset, int k, double[] probabilityBuffer, Object[] out,
      int start) {
    fill(raw, offset, k, probabilityBuffer, null, 0, 0, out, start);
  }

  /** Whether one of the columns is {@link Kind#ATTRIBUTIONS}. */
  public boolean hasAttributions() {
    return Arrays.asList(kinds).contains(Kind.ATTRIBUTIONS);
  }

  /**
   * As {@link #fill(double[], int, int, double[], Object[], int)}, with the row's
   * attributions for a {@link Kind#ATTRIBUTIONS} column: {@code d} values of
   * {@code attributions} from {@code attributionOffset}.
   */
  public void fill(double[] raw, int offset, int k, double[] probabilityBuffer,
      double[] attributions, int attributionOffset, int d, Object[] out, int start) {
    boolean probabilitiesReady = false;
    for (int c = 0; c < kinds.length; c++) {
      switch (kinds[c]) {
        case ATTRIBUTIONS:
          out[start + c] = SparkInternals.denseVector(attributions, attributionOffset, d);
          break;
        case VALUE:
          out[start + c] = raw[offset];
          break;
        case VALUES:
          out[start + c] = SparkInternals.denseVector(raw, offset, k);
          break;
        case LABEL_SET: {
          probabilitiesReady =
              probabilities(raw, offset, k, probabilityBuffer, probabilitiesReady);
          int count = Predictions.labelsAbove(probabilityBuffer, 0, k, thresholds,
              probabilityBuffer, k);
          out[start + c] = SparkInternals.doubleArray(probabilityBuffer, k, count);
          break;
        }
        case RAW_PREDICTION:
          out[start + c] = SparkInternals.denseVector(raw, offset, k);
          break;
        case PROBABILITY:
          probabilitiesReady = probabilities(raw, offset, k, probabilityBuffer, probabilitiesReady);
          out[start + c] = SparkInternals.denseVector(probabilityBuffer, 0, k);
          break;
        case PREDICTION:
          if (thresholds == null) {
            out[start + c] = (double) Predictions.argmax(raw, offset, k);
          } else {
            probabilitiesReady =
                probabilities(raw, offset, k, probabilityBuffer, probabilitiesReady);
            out[start + c] = (double) Predictions.argmaxScaled(probabilityBuffer, 0, k,
                thresholds);
          }
          break;
        default:
          throw new IllegalStateException("Unknown column kind " + kinds[c]);
      }
    }
  }

  private boolean probabilities(double[] raw, int offset, int k, double[] buffer,
      boolean ready) {
    if (!ready) {
      System.arraycopy(raw, offset, buffer, 0, k);
      outputLoss.toOutputSpace(buffer, 0, k, 1);
    }
    return true;
  }
}
