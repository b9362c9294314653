package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rule behind {@code earlyStoppingPatience} and {@code validationTol}. */
class EarlyStoppingRuleTest {

  @Test
  void anImprovementSmallerThanTolDoesNotResetThePatience() {
    EarlyStopping rule = new EarlyStopping(2, 0.1);
    assertFalse(rule.record(0, 1.00, new double[] {0}, true));
    // 5% better: below the 10% tolerance, so it counts as an epoch without improvement ...
    assertFalse(rule.record(1, 0.95, new double[] {1}, true));
    assertEquals(1, rule.epochsWithoutImprovement());
    // ... though it is the best loss so far, and its parameters are kept
    assertEquals(1, rule.bestEpoch());
    // 0.95 -> 0.80 is 16% better: resets the patience
    assertFalse(rule.record(2, 0.80, new double[] {2}, true));
    assertEquals(0, rule.epochsWithoutImprovement());
    assertFalse(rule.record(3, 0.79, new double[] {3}, true));
    // the second small step in a row exhausts a patience of 2
    assertTrue(rule.record(4, 0.785, new double[] {4}, true));
    assertEquals(4, rule.bestEpoch());
    assertEquals(0.785, rule.bestLoss());
    assertArrayEquals(new double[] {4}, rule.bestParameters());
  }

  @Test
  void withZeroTolEveryImprovementResetsThePatience() {
    EarlyStopping rule = new EarlyStopping(1, 0.0);
    assertFalse(rule.record(0, 1.00, new double[] {0}, false));
    assertFalse(rule.record(1, 0.999999, new double[] {1}, false));
    assertFalse(rule.record(2, 0.999998, new double[] {2}, false));
    // no improvement at all: patience 1 stops at once, and the best epoch stays
    assertTrue(rule.record(3, 0.999998, new double[] {3}, false));
    assertEquals(2, rule.bestEpoch());
  }

  @Test
  void toleranceIsRelativeWithAFloorNearZero() {
    // near zero, improvements are measured against 0.01, not against the tiny loss itself
    EarlyStopping rule = new EarlyStopping(1, 0.1);
    rule.record(0, 0.0001, new double[] {0}, false);
    // 0.0001 -> 0.00005 halves the loss but gains only 0.00005 < 0.1 * 0.01
    assertTrue(rule.record(1, 0.00005, new double[] {1}, false));
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(0, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping(1, Double.NaN));
  }
}
