package io.github.sparkbackprop.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.github.sparkbackprop.nn.Blas;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The physical limit: the GEMM throughput of the BLAS in use for exactly the matrix shapes one
 * gradient of a network runs (three forward, three weight-gradient and two error GEMMs per
 * block), on one thread and on all threads at once, each thread with its own matrices as Spark
 * tasks have.
 */
final class GemmPeak {

  private GemmPeak() {}

  /** Measured GFLOP/s: single thread and all threads together. */
  static final class Result {
    final double singleThread;
    final double allThreads;
    final int threads;

    Result(double singleThread, double allThreads, int threads) {
      this.singleThread = singleThread;
      this.allThreads = allThreads;
      this.threads = threads;
    }
  }

  static Result measure(int[] layers, int rows, boolean single, int threads, double seconds)
      throws Exception {
    double one = throughput(layers, rows, single, 1, seconds);
    double all = throughput(layers, rows, single, threads, seconds);
    return new Result(one, all, threads);
  }

  /** Measured GFLOP/s of {@code threads} threads at once, each with its own matrices. */
  static double throughput(int[] layers, int rows, boolean single, int threads, double seconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<double[]> task = single
            ? () -> loopFloat(layers, rows, seconds)
            : () -> loopDouble(layers, rows, seconds);
        futures.add(pool.submit(task));
      }
      double flops = 0;
      double elapsed = 0;
      for (Future<double[]> f : futures) {
        double[] r = f.get();
        flops += r[0];
        elapsed = Math.max(elapsed, r[1]);
      }
      return flops / elapsed / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Returns {flops done in the timed part, seconds}. */
  private static double[] loopDouble(int[] layers, int n, double seconds) {
    BLAS blas = Blas.get();
    Random random = new Random(1);
    int maxUnits = 0;
    for (int size : layers) {
      maxUnits = Math.max(maxUnits, size);
    }
    double[][] w = new double[layers.length - 1][];
    double[][] a = new double[layers.length][];
    for (int l = 0; l < layers.length; l++) {
      a[l] = randomDoubles(random, layers[l] * n);
      if (l > 0) {
        w[l - 1] = randomDoubles(random, layers[l] * layers[l - 1]);
      }
    }
    double[] d = new double[maxUnits * n];
    double[] d2 = new double[maxUnits * n];
    double[] g = new double[w[0].length];
    long perGradient = 0;
    for (int l = 0; l + 1 < layers.length; l++) {
      long mac = (long) layers[l] * layers[l + 1] * n;
      perGradient += 2 * mac * (l == 0 ? 2 : 3);
    }
    // warm-up, then time whole gradients' worth of GEMMs
    long start = 0;
    int done = 0;
    for (int iter = 0; ; iter++) {
      if (iter == 3) {
        start = System.nanoTime();
      }
      for (int l = 0; l + 1 < layers.length; l++) {
        int in = layers[l];
        int out = layers[l + 1];
        blas.dgemm("N", "N", out, n, in, 1.0, w[l], 0, out, a[l], 0, in, 0.0, a[l + 1], 0, out);
      }
      for (int l = layers.length - 2; l >= 0; l--) {
        int in = layers[l];
        int out = layers[l + 1];
        blas.dgemm("N", "T", out, in, n, 1.0, d, 0, out, a[l], 0, in, 1.0,
            l == 0 ? g : w[l], 0, out);
        if (l > 0) {
          blas.dgemm("T", "N", in, n, out, 1.0, w[l], 0, out, d, 0, out, 0.0, d2, 0, in);
        }
      }
      if (iter >= 3) {
        done++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (elapsed >= seconds) {
          return new double[] {(double) perGradient * done, elapsed};
        }
      }
    }
  }

  private static double[] loopFloat(int[] layers, int n, double seconds) {
    BLAS blas = Blas.get();
    Random random = new Random(1);
    int maxUnits = 0;
    for (int size : layers) {
      maxUnits = Math.max(maxUnits, size);
    }
    float[][] w = new float[layers.length - 1][];
    float[][] a = new float[layers.length][];
    for (int l = 0; l < layers.length; l++) {
      a[l] = randomFloats(random, layers[l] * n);
      if (l > 0) {
        w[l - 1] = randomFloats(random, layers[l] * layers[l - 1]);
      }
    }
    float[] d = new float[maxUnits * n];
    float[] d2 = new float[maxUnits * n];
    float[] g = new float[w[0].length];
    long perGradient = 0;
    for (int l = 0; l + 1 < layers.length; l++) {
      long mac = (long) layers[l] * layers[l + 1] * n;
      perGradient += 2 * mac * (l == 0 ? 2 : 3);
    }
    long start = 0;
    int done = 0;
    for (int iter = 0; ; iter++) {
      if (iter == 3) {
        start = System.nanoTime();
      }
      for (int l = 0; l + 1 < layers.length; l++) {
        int in = layers[l];
        int out = layers[l + 1];
        blas.sgemm("N", "N", out, n, in, 1f, w[l], 0, out, a[l], 0, in, 0f, a[l + 1], 0, out);
      }
      for (int l = layers.length - 2; l >= 0; l--) {
        int in = layers[l];
        int out = layers[l + 1];
        blas.sgemm("N", "T", out, in, n, 1f, d, 0, out, a[l], 0, in, 1f,
            l == 0 ? g : w[l], 0, out);
        if (l > 0) {
          blas.sgemm("T", "N", in, n, out, 1f, w[l], 0, out, d, 0, out, 0f, d2, 0, in);
        }
      }
      if (iter >= 3) {
        done++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (elapsed >= seconds) {
          return new double[] {(double) perGradient * done, elapsed};
        }
      }
    }
  }

  private static double[] randomDoubles(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() * 0.01;
    }
    return x;
  }

  private static float[] randomFloats(Random random, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextFloat() * 0.01f;
    }
    return x;
  }
}
