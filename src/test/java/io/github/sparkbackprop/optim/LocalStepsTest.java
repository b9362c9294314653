package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * One partition's local steps and the averaging of the partitions' end points, without Spark:
 * the averaging is weighted by rows, ignores partitions without rows, does not depend on the
 * order of merging, and one plain gradient step per round is exactly the step on the pooled
 * batch.
 */
class LocalStepsTest {

  /** A partition whose rows of every batch have a fixed gradient, loss and weight. */
  private static LocalSteps.PartitionBatch fixed(double[] gradient, double loss, double weight) {
    return (x, step, out) -> {
      System.arraycopy(gradient, 0, out, 0, out.length);
      return new BatchEvaluation(loss, weight, Double.NaN, Double.NaN);
    };
  }

  private static AveragingSums run(UpdateRule rule, double[] x, double[] rates,
      LocalSteps.PartitionBatch batches) {
    rule.initialize(x.length);
    UpdateRuleState start = rule.saveState();
    return LocalSteps.run(x, rule, start, Regularization.none(), rates, batches);
  }

  @Test
  void onePlainGradientStepPerRoundIsTheStepOnThePooledBatch() {
    double[] x = {1.0, -2.0, 0.5};
    double[] g1 = {0.3, -0.1, 2.0};
    double[] g2 = {-1.0, 0.4, 0.0};
    double w1 = 30;
    double w2 = 10;
    double rate = 0.1;
    AveragingSums sums = run(new MomentumUpdate(0, false), x, new double[] {rate},
        fixed(g1, 0.5, w1)).merge(run(new MomentumUpdate(0, false), x,
        new double[] {rate}, fixed(g2, 1.5, w2)));
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      expected[i] = x[i] - rate * (w1 * g1[i] + w2 * g2[i]) / (w1 + w2);
    }
    assertArrayEquals(expected, sums.meanX(), 1e-15);
    assertEquals((0.5 * w1 + 1.5 * w2) / (w1 + w2), sums.meanLoss(), 1e-15);
    assertEquals(w1 + w2, sums.weight());
  }

  @Test
  void adamStatesAreAveragedByRowsAndStepsCounted() {
    double[] x = {0.2, 0.4};
    double[] rates = {0.01, 0.01, 0.01};
    AveragingSums a = run(new AdamUpdate(0.9, 0.999, 1e-8, false), x, rates,
        fixed(new double[] {1, 0}, 1, 3));
    AveragingSums b = run(new AdamUpdate(0.9, 0.999, 1e-8, false), x, rates,
        fixed(new double[] {0, 1}, 1, 1));
    UpdateRuleState mean = AveragingSums.empty().merge(a).merge(b).meanState();
    assertEquals(3, mean.steps());
    double m = 1 - Math.pow(0.9, 3); // the first moment after three equal gradients of 1
    assertArrayEquals(new double[] {0.75 * m, 0.25 * m}, mean.vectors()[0], 1e-15);
  }

  @Test
  void mergeOrderDoesNotMatterAndPartitionsWithoutRowsCountForNothing() {
    double[] x = {1.0, 1.0};
    double[] rates = {0.1, 0.05};
    UpdateRule rule = new MomentumUpdate(0.5, false);
    AveragingSums[] parts = {
        run(rule, x, rates, fixed(new double[] {1, 2}, 0.3, 2)),
        run(rule, x, rates, fixed(new double[] {-1, 0}, 0.7, 5)),
        run(rule, x, rates, fixed(new double[] {9, 9}, 0.0, 0)),
    };
    double[] forward = AveragingSums.empty().merge(parts[0]).merge(parts[1]).merge(parts[2])
        .meanX();
    parts = new AveragingSums[] {
        run(rule, x, rates, fixed(new double[] {9, 9}, 0.0, 0)),
        run(rule, x, rates, fixed(new double[] {-1, 0}, 0.7, 5)),
        run(rule, x, rates, fixed(new double[] {1, 2}, 0.3, 2)),
    };
    AveragingSums backward = AveragingSums.empty().merge(parts[0]).merge(parts[1])
        .merge(parts[2]);
    assertArrayEquals(forward, backward.meanX(), 1e-15);
    double[] withoutIdle = AveragingSums.empty()
        .merge(run(rule, x, rates, fixed(new double[] {1, 2}, 0.3, 2)))
        .merge(run(rule, x, rates, fixed(new double[] {-1, 0}, 0.7, 5))).meanX();
    assertArrayEquals(withoutIdle, forward, 1e-15);
    assertEquals(2 * (2 + 5), backward.weight()); // two batches of each partition
  }

  @Test
  void whenNoPartitionHasRowsTheRoundIsTheirCommonZeroGradientSteps() {
    double[] x = {1.0, -1.0};
    UpdateRule rule = new MomentumUpdate(0.9, false);
    rule.initialize(2);
    // momentum carried into the round moves the weights even on zero gradients
    rule.restoreState(new UpdateRuleState(4, new double[][] {{0.1, 0.2}, null}));
    UpdateRuleState start = rule.saveState();
    AveragingSums idle = LocalSteps.run(x, rule, start, Regularization.none(),
        new double[] {0.1}, fixed(new double[] {5, 5}, 0, 0));
    AveragingSums sums = AveragingSums.empty().merge(idle).merge(LocalSteps.run(x, rule, start,
        Regularization.none(), new double[] {0.1}, fixed(new double[] {7, 7}, 0, 0)));
    double[] expected = x.clone();
    UpdateRule exact = new MomentumUpdate(0.9, false);
    exact.initialize(2);
    exact.restoreState(start);
    exact.step(expected, new double[2], 0.1, Regularization.none());
    assertArrayEquals(expected, sums.meanX(), 0.0);
    assertEquals(0, sums.weight());
    assertEquals(0, sums.meanLoss());
  }

  @Test
  void onlyAnEmptySumIsEmpty() {
    assertTrue(AveragingSums.empty().isEmpty());
    assertFalse(AveragingSums.empty().merge(run(new MomentumUpdate(0, false),
        new double[] {1}, new double[] {0.1}, fixed(new double[] {0}, 0, 0))).isEmpty());
  }
}
