package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PseudoGradientTest {

  private static final Regularization L1 =
      new Regularization(1.0, 1.0, new boolean[] {true, true, true, true, true, false});

  @Test
  void usesOneSidedDerivativesAndPlainGradientWhenUnpenalised() {
    double[] x = {2, -2, 0, 0, 0, 0};
    double[] g = {0.5, 0.5, -3, 3, 0.4, 0.4};

    double[] pg = PseudoGradient.compute(x, g, L1);

    // x>0: g+l1; x<0: g-l1; x=0: g+l1 if negative, g-l1 if positive, else 0; unpenalised: g.
    assertArrayEquals(new double[] {1.5, -0.5, -2, 2, 0, 0.4}, pg, 0.0);
  }

  @Test
  void constrainZeroesComponentsDisagreeingWithMinusPseudoGradient() {
    double[] pg = {1, -1, 0, 1, 1, 0};
    double[] d = {-1, -1, 2, 0, 3, 5};

    PseudoGradient.constrainDirection(d, pg, L1);

    // A zero pseudo-gradient keeps the direction only on the unpenalised coordinate.
    assertArrayEquals(new double[] {-1, 0, 0, 0, 0, 5}, d, 0.0);
  }

  @Test
  void projectionSetsCoordinatesThatCrossZeroToExactlyZero() {
    double[] x = {1, -1, 0, 0, 2, 3};
    double[] pg = {0, 0, -1, 0, 0, 0};
    double[] orthant = PseudoGradient.orthant(x, pg, L1);
    double[] trial = {-0.5, -2, 0.7, 0.2, 1, -4};

    PseudoGradient.project(trial, orthant, L1);

    assertArrayEquals(new double[] {0, -2, 0.7, 0, 1, -4}, trial, 0.0);
  }
}
