package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.ValidatedFunction;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The weighted mean loss over all training rows, {@code sum_i w_i loss_i / sum_i w_i}, and its
 * gradient, one distributed pass per evaluation: what the full-batch optimiser (L-BFGS)
 * minimises.
 *
 * <p>Dividing the global sums once, on the driver, makes the result independent of block sizes
 * and of the number of partitions. With validation rows, each pass also computes the validation
 * loss at the same weights; the last few are remembered so that the optimiser's accepted points
 * can be looked up without another pass.
 */
public final class DistributedLoss implements ValidatedFunction {

  private static final int REMEMBERED = 4;

  private final PassRunner runner;
  private final boolean validating;
  private final Deque<Evaluated> recent = new ArrayDeque<>();

  /**
   * @param runner runs the passes
   * @param validating whether there are validation rows
   */
  public DistributedLoss(PassRunner runner, boolean validating) {
    this.runner = runner;
    this.validating = validating;
  }

  @Override
  public boolean hasValidation() {
    return validating;
  }

  @Override
  public double evaluate(double[] x, double[] gradient) {
    PassSums sum = runner.run(x, PassRequest.allTrainingRows(validating));
    if (!sum.hasGradient() || !(sum.weightSum() > 0)) {
      throw new IllegalStateException("No training rows with positive weight were found");
    }
    double scale = 1.0 / sum.weightSum();
    sum.scaledGradient(scale, gradient);
    if (validating) {
      if (recent.size() == REMEMBERED) {
        recent.removeFirst();
      }
      recent.addLast(new Evaluated(x.clone(), sum.meanValidationLoss()));
    }
    return sum.lossSum() * scale;
  }

  /**
   * The validation loss at {@code x}: remembered from the pass that evaluated it, else one more
   * pass.
   */
  @Override
  public double validationLoss(double[] x) {
    for (Evaluated e : recent) {
      if (Arrays.equals(e.x, x)) {
        return e.validationLoss;
      }
    }
    return runner.run(x, PassRequest.lossesOnly(false, true)).meanValidationLoss();
  }

  /** A point and its validation loss. */
  private static final class Evaluated {
    final double[] x;
    final double validationLoss;

    Evaluated(double[] x, double validationLoss) {
      this.x = x;
      this.validationLoss = validationLoss;
    }
  }
}
