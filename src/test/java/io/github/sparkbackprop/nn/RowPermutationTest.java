package io.github.sparkbackprop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RowPermutationTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 7, 64, 1000, 65_537})
  void isABijection(long n) {
    RowPermutation p = new RowPermutation(n, 42);
    BitSet seen = new BitSet();
    for (long i = 0; i < n; i++) {
      long y = p.apply(i);
      assertTrue(y >= 0 && y < n);
      seen.set((int) y);
    }
    assertEquals(n, seen.cardinality());
  }

  @ParameterizedTest
  @ValueSource(longs = {1000, 60_000})
  void shufflesDifferentlyPerSeedAndLooksRandom(long n) {
    RowPermutation a = new RowPermutation(n, 1);
    RowPermutation b = new RowPermutation(n, 2);
    int same = 0;
    int fixedPoints = 0;
    // the first half of the rows should land about half in each half of the positions
    int firstHalfInFirstHalf = 0;
    for (long i = 0; i < n; i++) {
      same += a.apply(i) == b.apply(i) ? 1 : 0;
      fixedPoints += a.apply(i) == i ? 1 : 0;
      if (i < n / 2 && a.apply(i) < n / 2) {
        firstHalfInFirstHalf++;
      }
    }
    assertTrue(same < 10, "seeds 1 and 2 agree on " + same + " rows");
    assertTrue(fixedPoints < 10, fixedPoints + " fixed points");
    double share = firstHalfInFirstHalf / (n / 2.0);
    assertTrue(Math.abs(share - 0.5) < 0.05, "share " + share);
    assertNotEquals(a.apply(0), b.apply(0));
  }
}
