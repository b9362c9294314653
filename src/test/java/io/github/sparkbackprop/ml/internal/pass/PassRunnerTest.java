package io.github.sparkbackprop.ml.internal.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a pass is one plain job and when a {@code treeAggregate}: Spark's own rule. */
class PassRunnerTest {

  @Test
  void aPlainJobWhereSparksTreeWouldHaveNoIntermediateLevel() {
    // depth 2: scale = max(ceil(sqrt(p)), 2); a level when p > scale + ceil(p / scale)
    for (int p = 1; p <= 5; p++) {
      assertEquals(false, PassRunner.treeHasIntermediateLevel(p, 2), p + " partitions");
    }
    assertEquals(true, PassRunner.treeHasIntermediateLevel(6, 2)); // 6 > 3 + 2
    assertEquals(true, PassRunner.treeHasIntermediateLevel(200, 2)); // 200 > 15 + 14
    // deeper trees start sooner: depth 3, 6 partitions: scale 2, 6 > 2 + 3
    assertEquals(true, PassRunner.treeHasIntermediateLevel(6, 3));
    assertEquals(false, PassRunner.treeHasIntermediateLevel(4, 3)); // 4 > 2 + 2 is false
  }
}
