package io.github.sparkbackprop.ml.internal.score;

import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Weights;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;
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
public final class ScoringWeights implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final ClassTag<Weights> WEIGHTS_TAG = ClassTag$.MODULE$.apply(Weights.class);

  private final double[] weights;
  private transient SparkContext context;
  /** One broadcast per precision a model has scored in on {@link #context}. */
  private transient Map<Precision, Broadcast<Weights>> broadcasts;

  /** @param weights the model's flat weights, which must not change afterwards */
  public ScoringWeights(double[] weights) {
    this.weights = weights;
  }

  /**
   * The broadcast weights for scoring on {@code sc} in {@code precision} (rounded once here on
   * the driver, not in every task).
   */
  synchronized Broadcast<Weights> on(SparkContext sc, Precision precision) {
    if (broadcasts == null || context != sc || sc.isStopped()) {
      broadcasts = new EnumMap<>(Precision.class);
      context = sc;
    }
    return broadcasts.computeIfAbsent(precision,
        p -> sc.broadcast(p.weights(weights), WEIGHTS_TAG));
  }
}
