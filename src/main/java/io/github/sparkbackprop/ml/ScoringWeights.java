package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Weights;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A model's weights as the broadcast its {@code transform} scores with: made on the first call
 * and reused by every later one on the same Spark context in the same precision.
 *
 * <p>Broadcasting the network costs several milliseconds per call (serialising, compressing and
 * storing every weight), which for a few thousand rows is a large part of the whole
 * {@code transform}. The weights of a model never change, so one broadcast serves all its calls.
 * It is never destroyed here: a DataFrame from an earlier call may still be computed later.
 * Spark's context cleaner removes it once the model (and every such DataFrame) is garbage.
 * Serialising a model carries the weights but not the broadcast, which belongs to one context.
 */
final class ScoringWeights implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final ClassTag<Weights> WEIGHTS_TAG = ClassTag$.MODULE$.apply(Weights.class);

  private final double[] weights;
  private transient SparkContext context;
  private transient boolean singlePrecision;
  private transient Broadcast<Weights> broadcast;

  /** @param weights the model's flat weights, which must not change afterwards */
  ScoringWeights(double[] weights) {
    this.weights = weights;
  }

  /**
   * The broadcast weights for scoring on {@code sc}, in single or double precision (rounded once
   * here on the driver, not in every task).
   */
  synchronized Broadcast<Weights> on(SparkContext sc, boolean singlePrecision) {
    if (broadcast == null || context != sc || sc.isStopped()
        || this.singlePrecision != singlePrecision) {
      broadcast = sc.broadcast(
          singlePrecision ? Weights.singlePrecision(weights) : Weights.of(weights), WEIGHTS_TAG);
      context = sc;
      this.singlePrecision = singlePrecision;
    }
    return broadcast;
  }
}
