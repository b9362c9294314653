package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Dropout's masks: their rate, and that they depend on the seed, step, row, layer and unit only. */
class DropoutTest {

  @Test
  void aboutTheRateOfUnitsIsDroppedAndTheKeptOnesAreScaledUp() {
    Dropout.Masks masks = new Dropout(0.3, 7).masks(5, rows(2000, 0));
    int units = 50;
    double[] ones = new double[units * 2000];
    java.util.Arrays.fill(ones, 1.0);
    masks.apply(ones, 1, units, 0, 2000);
    int dropped = 0;
    for (double v : ones) {
      if (v == 0) {
        dropped++;
      } else {
        assertEquals(1 / 0.7, v, 1e-15);
      }
    }
    assertEquals(0.3, dropped / (double) ones.length, 0.01);
  }

  @Test
  void aRowsMaskDependsOnItsGlobalIndexAndTheStepNotOnWhereItIsRead() {
    Dropout dropout = new Dropout(0.5, 3);
    long[] together = rows(100, 0);
    long[] secondHalf = rows(50, 50);
    Dropout.Masks all = dropout.masks(9, together);
    Dropout.Masks part = dropout.masks(9, secondHalf);
    for (int i = 0; i < 50; i++) {
      for (int u = 0; u < 20; u++) {
        assertEquals(all.keep(50 + i, 0, u), part.keep(i, 0, u), "row " + (50 + i));
      }
    }
    Dropout.Masks nextStep = dropout.masks(10, together);
    Dropout.Masks otherSeed = new Dropout(0.5, 4).masks(9, together);
    int sameStep = 0;
    int sameSeed = 0;
    for (int i = 0; i < 100; i++) {
      for (int u = 0; u < 20; u++) {
        sameStep += all.keep(i, 0, u) == nextStep.keep(i, 0, u) ? 1 : 0;
        sameSeed += all.keep(i, 0, u) == otherSeed.keep(i, 0, u) ? 1 : 0;
      }
    }
    assertTrue(sameStep < 1200 && sameSeed < 1200, "new masks each step and seed: "
        + sameStep + ", " + sameSeed + " of 2000 decisions alike");
  }

  @Test
  void aRateOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1, 1));
    assertTrue(!new Dropout(0.0, 1).isActive());
  }

  private static long[] rows(int n, long first) {
    long[] rows = new long[n];
    for (int i = 0; i < n; i++) {
      rows[i] = first + i;
    }
    return rows;
  }
}
