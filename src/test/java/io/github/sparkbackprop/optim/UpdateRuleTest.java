package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The update rules against hand-computed steps and simple problems. */
class UpdateRuleTest {

  @Test
  void plainGradientDescentStep() {
    MomentumUpdate rule = new MomentumUpdate(0, false);
    rule.initialize(2);
    double[] x = {1, -2};
    rule.step(x, new double[] {0.5, -1}, 0.1, Regularization.none());
    assertArrayEquals(new double[] {0.95, -1.9}, x, 1e-15);
  }

  @Test
  void momentumAccumulatesVelocity() {
    MomentumUpdate rule = new MomentumUpdate(0.9, false);
    rule.initialize(1);
    double[] x = {0};
    rule.step(x, new double[] {1}, 0.1, Regularization.none()); // v = 1
    assertEquals(-0.1, x[0], 1e-15);
    rule.step(x, new double[] {1}, 0.1, Regularization.none()); // v = 1.9
    assertEquals(-0.29, x[0], 1e-15);
  }

  @Test
  void nesterovLooksAhead() {
    MomentumUpdate rule = new MomentumUpdate(0.9, true);
    rule.initialize(1);
    double[] x = {0};
    rule.step(x, new double[] {1}, 0.1, Regularization.none()); // v = 1; step g + 0.9 v = 1.9
    assertEquals(-0.19, x[0], 1e-15);
  }

  @Test
  void adamFirstStepHasTheLearningRateAsLength() {
    AdamUpdate rule = new AdamUpdate(0.9, 0.999, 1e-8, false);
    rule.initialize(3);
    double[] x = {0, 0, 0};
    rule.step(x, new double[] {5, -0.001, 100}, 0.01, Regularization.none());
    // bias-corrected m / sqrt(v) = sign(g) on the first step
    assertArrayEquals(new double[] {-0.01, 0.01, -0.01}, x, 1e-6);
  }

  @Test
  void adamAndAdamWDifferOnlyInHowTheyDecay() {
    boolean[] penalised = {true, false};
    Regularization l2 = new Regularization(0.1, 0.0, penalised);
    AdamUpdate adam = new AdamUpdate(0.9, 0.999, 1e-8, false);
    AdamUpdate adamw = new AdamUpdate(0.9, 0.999, 1e-8, true);
    adam.initialize(2);
    adamw.initialize(2);
    double[] a = {1, 1};
    double[] b = {1, 1};
    adam.step(a, new double[] {0, 0}, 0.01, l2);
    adamw.step(b, new double[] {0, 0}, 0.01, l2);
    // Adam: gradient 0.1 * 1 normalised to a full step of 0.01; AdamW: 0.01 * 0.1 * 1
    assertEquals(0.99, a[0], 1e-8);
    assertEquals(1 - 0.001, b[0], 1e-12);
    assertEquals(1.0, a[1], 0.0); // the bias is not decayed
    assertEquals(1.0, b[1], 0.0);
  }

  @Test
  void l1ReachesExactZerosWithEveryRule() {
    Regularization l1 = new Regularization(1.0, 1.0, null);
    for (UpdateRule rule : new UpdateRule[] {
        new MomentumUpdate(0, false), new MomentumUpdate(0.9, true),
        new AdamUpdate(0.9, 0.999, 1e-8, false), new AdamUpdate(0.9, 0.999, 1e-8, true)}) {
      // minimise 0.5 (x - c)^2 + |x| with |c| < 1: the minimiser is exactly 0
      double[] x = {0.3, -0.5};
      double[] c = {0.6, -0.8};
      rule.initialize(2);
      for (int t = 0; t < 2000; t++) {
        double[] g = {x[0] - c[0], x[1] - c[1]};
        rule.step(x, g, 0.01, l1);
      }
      assertEquals(0.0, x[0], 0.0, rule.describe());
      assertEquals(0.0, x[1], 0.0, rule.describe());
    }
  }

  @Test
  void momentumBeatsPlainDescentOnAnIllConditionedQuadratic() {
    double[] scales = {10, 1, 0.1};
    double plain = minimise(new MomentumUpdate(0, false), scales, 0.09);
    double heavyBall = minimise(new MomentumUpdate(0.9, false), scales, 0.09);
    double nesterov = minimise(new MomentumUpdate(0.9, true), scales, 0.09);
    assertTrue(heavyBall < plain / 100, heavyBall + " vs " + plain);
    assertTrue(nesterov < plain / 100, nesterov + " vs " + plain);
  }

  @Test
  void adamBeatsPlainDescentOnABadlyScaledQuadratic() {
    // plain descent must keep its rate below 2/1000 and then barely moves the 0.001 direction
    double[] scales = {1000, 1, 0.001};
    double plain = minimise(new MomentumUpdate(0, false), scales, 0.0019);
    double adam = minimise(new AdamUpdate(0.9, 0.999, 1e-8, false), scales, 0.01);
    assertTrue(adam < plain / 10, adam + " vs " + plain);
  }

  private static double minimise(UpdateRule rule, double[] scales, double rate) {
    double[] x = {1, 1, 1};
    rule.initialize(3);
    for (int t = 0; t < 300; t++) {
      double[] g = new double[3];
      for (int i = 0; i < 3; i++) {
        g[i] = scales[i] * x[i];
      }
      rule.step(x, g, rate, Regularization.none());
    }
    double f = 0;
    for (int i = 0; i < 3; i++) {
      f += 0.5 * scales[i] * x[i] * x[i];
    }
    return f;
  }
}
