package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LbfgsMemoryTest {

  @Test
  void emptyMemoryGivesSteepestDescent() {
    LbfgsMemory memory = new LbfgsMemory(3);

    assertArrayEquals(new double[] {-1, 2}, memory.direction(new double[] {1, -2}), 0.0);
  }

  @Test
  void recoversTheInverseHessianOfADiagonalQuadratic() {
    // Hessian diag(2, 8): pairs along the axes give exactly H^{-1} = diag(1/2, 1/8).
    LbfgsMemory memory = new LbfgsMemory(5);
    assertTrue(memory.update(new double[] {1, 0}, new double[] {2, 0}));
    assertTrue(memory.update(new double[] {0, 1}, new double[] {0, 8}));

    double[] d = memory.direction(new double[] {4, 4});

    assertArrayEquals(new double[] {-2, -0.5}, d, 1e-15);
  }

  @Test
  void rejectsPairsWithoutPositiveCurvature() {
    LbfgsMemory memory = new LbfgsMemory(5);

    assertFalse(memory.update(new double[] {1, 0}, new double[] {-1, 0}));
    assertFalse(memory.update(new double[] {1, 0}, new double[] {0, 1}));
    assertTrue(memory.isEmpty());
  }

  @Test
  void forgetsTheOldestPairWhenFull() {
    LbfgsMemory memory = new LbfgsMemory(1);
    memory.update(new double[] {1}, new double[] {2});
    memory.update(new double[] {1}, new double[] {4});

    // Only the newest pair (curvature 4) is left.
    assertArrayEquals(new double[] {-0.25}, memory.direction(new double[] {1}), 1e-15);
  }
}
