package io.github.sparkbackprop.optim;

import java.util.Random;

/** Objectives with known minimisers, for the optimiser tests. */
final class TestFunctions {

  private TestFunctions() {}

  /** Counts calls, so tests can check how many data passes an optimiser needs. */
  static final class Counting implements DifferentiableFunction {
    private final DifferentiableFunction inner;
    int calls;

    Counting(DifferentiableFunction inner) {
      this.inner = inner;
    }

    @Override
    public double evaluate(double[] x, double[] gradient) {
      calls++;
      return inner.evaluate(x, gradient);
    }
  }

  /** {@code 0.5 ||x - c||^2}. */
  static DifferentiableFunction distanceTo(double[] c) {
    return (x, g) -> {
      double f = 0;
      for (int i = 0; i < x.length; i++) {
        double r = x[i] - c[i];
        g[i] = r;
        f += 0.5 * r * r;
      }
      return f;
    };
  }

  /** {@code 0.5 x'Ax - b'x} for a symmetric matrix {@code A}. */
  static DifferentiableFunction quadratic(double[][] a, double[] b) {
    return (x, g) -> {
      double f = 0;
      for (int i = 0; i < x.length; i++) {
        double ax = 0;
        for (int j = 0; j < x.length; j++) {
          ax += a[i][j] * x[j];
        }
        g[i] = ax - b[i];
        f += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return f;
    };
  }

  /** {@code 0.5 (x - c)' A (x - c)}: minimum 0 at {@code c}, so rounding of the value does not
   * limit how accurately the minimiser can be found. */
  static DifferentiableFunction shiftedQuadratic(double[][] a, double[] c) {
    return (x, g) -> {
      int n = x.length;
      double f = 0;
      for (int i = 0; i < n; i++) {
        double ar = 0;
        for (int j = 0; j < n; j++) {
          ar += a[i][j] * (x[j] - c[j]);
        }
        g[i] = ar;
        f += 0.5 * (x[i] - c[i]) * ar;
      }
      return f;
    };
  }

  /**
   * A random symmetric positive definite matrix {@code Q diag(lambda) Q'} with eigenvalues spread
   * evenly over [1, condition].
   */
  static double[][] randomSpd(int n, double condition, long seed) {
    Random random = new Random(seed);
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q[i][j] = random.nextGaussian();
      }
    }
    // Gram-Schmidt on the columns gives an orthogonal Q.
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < j; k++) {
        double dot = 0;
        for (int i = 0; i < n; i++) {
          dot += q[i][j] * q[i][k];
        }
        for (int i = 0; i < n; i++) {
          q[i][j] -= dot * q[i][k];
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += q[i][j] * q[i][j];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        q[i][j] /= norm;
      }
    }
    double[][] a = new double[n][n];
    for (int k = 0; k < n; k++) {
      double lambda = n == 1 ? 1 : 1 + (condition - 1) * k / (n - 1);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] += lambda * q[i][k] * q[j][k];
        }
      }
    }
    return a;
  }

  /**
   * The extended Rosenbrock function of Moré, Garbow and Hillstrom: independent pairs
   * {@code 100 (x_{2i+1} - x_{2i}^2)^2 + (1 - x_{2i})^2}, minimum 0 at (1, ..., 1).
   */
  static DifferentiableFunction rosenbrock() {
    return (x, g) -> {
      double f = 0;
      for (int i = 0; i + 1 < x.length; i += 2) {
        double t1 = x[i + 1] - x[i] * x[i];
        double t2 = 1 - x[i];
        f += 100 * t1 * t1 + t2 * t2;
        g[i] = -400 * x[i] * t1 - 2 * t2;
        g[i + 1] = 200 * t1;
      }
      return f;
    };
  }

  /** The standard start (-1.2, 1, -1.2, 1, ...). */
  static double[] rosenbrockStart(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i % 2 == 0 ? -1.2 : 1.0;
    }
    return x;
  }

  /** Least squares {@code 0.5 / m * ||A x - b||^2}. */
  static DifferentiableFunction leastSquares(double[][] a, double[] b) {
    int m = a.length;
    return (x, g) -> {
      java.util.Arrays.fill(g, 0.0);
      double f = 0;
      for (int r = 0; r < m; r++) {
        double residual = -b[r];
        for (int j = 0; j < x.length; j++) {
          residual += a[r][j] * x[j];
        }
        f += 0.5 * residual * residual / m;
        for (int j = 0; j < x.length; j++) {
          g[j] += residual * a[r][j] / m;
        }
      }
      return f;
    };
  }

  static double[][] randomMatrix(int rows, int cols, long seed) {
    Random random = new Random(seed);
    double[][] a = new double[rows][cols];
    for (double[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return a;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  static double[] filled(int n, double v) {
    double[] x = new double[n];
    java.util.Arrays.fill(x, v);
    return x;
  }
}
