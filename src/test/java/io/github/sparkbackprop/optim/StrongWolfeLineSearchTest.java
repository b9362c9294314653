package io.github.sparkbackprop.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StrongWolfeLineSearchTest {

  @Test
  void cubicInterpolationIsExactOnACubic() {
    // phi(a) = a^3 - 3a has its local minimum at a = 1.
    double fa = 0;
    double ga = -3;
    double b = 2;
    double fb = 2;
    double gb = 9;

    assertEquals(1.0, StrongWolfeLineSearch.cubicMinimizer(0, fa, ga, b, fb, gb), 1e-12);
  }

  @Test
  void quadraticInterpolationIsExactOnAParabola() {
    // phi(a) = (a - 0.3)^2
    assertEquals(0.3, StrongWolfeLineSearch.quadraticMinimizer(0, 0.09, -0.6, 1, 0.49), 1e-12);
  }

  @Test
  void acceptedPointSatisfiesTheStrongWolfeConditions() {
    // A one-dimensional quartic with an initial step far too long.
    DifferentiableFunction quartic = (x, g) -> {
      g[0] = 4 * Math.pow(x[0] - 3, 3) + 0.5;
      return Math.pow(x[0] - 3, 4) + 0.5 * x[0];
    };
    TestFunctions.Counting counted = new TestFunctions.Counting(quartic);
    RegularizedObjective objective = new RegularizedObjective(counted, Regularization.none());
    double[] x = {0};
    double[] g = new double[1];
    double f0 = objective.evaluate(x, g);
    double[] d = {-g[0]};

    LineSearchResult r = new StrongWolfeLineSearch(20).search(objective, x, f0, g, d, 1.0);

    assertEquals(LineSearchResult.Status.ACCEPTED, r.status);
    double alpha = (r.x[0] - x[0]) / d[0];
    double slope0 = g[0] * d[0];
    assertTrue(r.value <= f0 + StrongWolfeLineSearch.C1 * alpha * slope0, "sufficient decrease");
    assertTrue(Math.abs(r.gradient[0] * d[0]) <= -StrongWolfeLineSearch.C2 * slope0, "curvature");
    // The returned value and gradient are those of the returned point.
    double[] check = new double[1];
    assertEquals(quartic.evaluate(r.x, check), r.value, 0.0);
    assertEquals(check[0], r.gradient[0], 0.0);
    assertTrue(counted.calls <= 1 + 20);
  }

  @Test
  void extendsAStepThatIsTooShortForTheCurvatureCondition() {
    // (x - 10)^2 from 0: alpha = 0.1 already decreases enough, but the slope there is still
    // steep, so the search must move on to a longer step.
    DifferentiableFunction parabola = (x, g) -> {
      g[0] = 2 * (x[0] - 10);
      return (x[0] - 10) * (x[0] - 10);
    };
    RegularizedObjective objective = new RegularizedObjective(parabola, Regularization.none());
    double[] x = {0};
    double[] g = new double[1];
    double f0 = objective.evaluate(x, g);
    double slope0 = g[0];

    LineSearchResult r =
        new StrongWolfeLineSearch(20).search(objective, x, f0, g, new double[] {1}, 0.1);

    assertEquals(LineSearchResult.Status.ACCEPTED, r.status);
    assertTrue(Math.abs(r.gradient[0]) <= -StrongWolfeLineSearch.C2 * slope0,
        "curvature condition at x = " + r.x[0]);
  }

  @Test
  void nonFiniteTrialShrinksTheStep() {
    DifferentiableFunction parabolaWithWall = (x, g) -> {
      g[0] = 2 * (x[0] - 1);
      return x[0] > 2 ? Double.POSITIVE_INFINITY : (x[0] - 1) * (x[0] - 1);
    };
    RegularizedObjective objective =
        new RegularizedObjective(parabolaWithWall, Regularization.none());
    double[] x = {0};
    double[] g = new double[1];
    double f0 = objective.evaluate(x, g);

    LineSearchResult r =
        new StrongWolfeLineSearch(20).search(objective, x, f0, g, new double[] {1}, 100.0);

    assertEquals(LineSearchResult.Status.ACCEPTED, r.status);
    assertTrue(r.x[0] > 0 && r.x[0] <= 2);
    assertTrue(r.value < f0);
  }
}
