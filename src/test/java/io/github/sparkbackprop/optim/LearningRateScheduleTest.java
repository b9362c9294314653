package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.optim.LearningRateSchedule.Kind;
import org.junit.jupiter.api.Test;

/** Each schedule against its formula at chosen steps. */
class LearningRateScheduleTest {

  private static final double EPS = 1e-15;

  @Test
  void constant() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.CONSTANT, 0.1, 0.5, 10, 0, 0);
    for (long t : new long[] {0, 1, 9, 10, 1000}) {
      assertEquals(0.1, s.rate(t), EPS);
    }
  }

  @Test
  void stepIsAStaircase() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.STEP, 0.1, 0.5, 10, 0, 0);
    assertEquals(0.1, s.rate(0), EPS);
    assertEquals(0.1, s.rate(9), EPS);
    assertEquals(0.05, s.rate(10), EPS);
    assertEquals(0.05, s.rate(19), EPS);
    assertEquals(0.025, s.rate(20), EPS);
    assertEquals(0.1 * Math.pow(0.5, 7), s.rate(75), EPS);
  }

  @Test
  void exponentialIsSmooth() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.EXPONENTIAL, 0.1, 0.5, 10, 0, 0);
    assertEquals(0.1, s.rate(0), EPS);
    assertEquals(0.1 * Math.pow(0.5, 0.5), s.rate(5), EPS);
    assertEquals(0.05, s.rate(10), EPS);
    assertEquals(0.1 * Math.pow(0.5, 3.7), s.rate(37), EPS);
  }

  @Test
  void inverseTime() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.INVERSE_TIME, 0.1, 2.0, 10, 0, 0);
    assertEquals(0.1, s.rate(0), EPS);
    assertEquals(0.1 / (1 + 2.0 * 5 / 10), s.rate(5), EPS);
    assertEquals(0.1 / 3, s.rate(10), EPS);
    assertEquals(0.1 / (1 + 2.0 * 123 / 10), s.rate(123), EPS);
  }

  @Test
  void cosineFallsToTheFloorAndStays() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.COSINE, 0.1, 0.9, 100, 0.001, 0);
    assertEquals(0.1, s.rate(0), EPS);
    assertEquals(0.001 + (0.1 - 0.001) * 0.5, s.rate(50), 1e-15);
    assertEquals(0.001 + (0.1 - 0.001) * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.rate(25), EPS);
    assertEquals(0.001, s.rate(100), EPS);
    assertEquals(0.001, s.rate(10_000), EPS);
  }

  @Test
  void floorAppliesToEverySchedule() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.EXPONENTIAL, 0.1, 0.5, 1, 0.01, 0);
    assertEquals(0.0125, s.rate(3), EPS);
    assertEquals(0.01, s.rate(4), EPS); // 0.00625 floored
    assertEquals(0.01, s.rate(100), EPS);
  }

  @Test
  void warmupIsLinearThenTheScheduleStarts() {
    LearningRateSchedule s = new LearningRateSchedule(Kind.STEP, 0.1, 0.5, 10, 0, 4);
    assertEquals(0.025, s.rate(0), EPS);
    assertEquals(0.05, s.rate(1), EPS);
    assertEquals(0.075, s.rate(2), EPS);
    assertEquals(0.1, s.rate(3), EPS);
    assertEquals(0.1, s.rate(4), EPS); // schedule step 0
    assertEquals(0.1, s.rate(13), EPS); // schedule step 9
    assertEquals(0.05, s.rate(14), EPS); // schedule step 10
  }

  @Test
  void invalidSettingsAreRejectedWithTheirRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(Kind.STEP, 0.1, 1.5, 10, 0, 0));
    assertTrue(e.getMessage().contains("decayRate") && e.getMessage().contains("(0, 1]"));
    assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(Kind.CONSTANT, 0, 0.5, 10, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(Kind.CONSTANT, 0.1, 0.5, 0, 0, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(Kind.CONSTANT, 0.1, 0.5, 10, 0.2, 0));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Kind.fromParamName("linear"));
    assertTrue(unknown.getMessage().contains("cosine"));
  }
}
