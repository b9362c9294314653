package io.github.sparkbackprop.bench;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.WeightInitializer;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The library's own forward and backward pass without Spark: one thread per core, each over its
 * share of the rows in 256-row blocks of features streamed from memory, as a task does over its
 * cached partition. Set beside the GEMM peak and the full-batch gradient through Spark, it shows
 * how much of the gap to the peak is the arithmetic and how much is Spark's per-job cost.
 */
final class KernelThroughput {

  private KernelThroughput() {}

  /**
   * Seconds for one double-precision gradient over {@code rows} rows split across
   * {@code threads} threads: the median of 5 timed passes after 3 untimed ones.
   */
  static double secondsPerGradient(int[] layers, int rows, int blockSize, int threads)
      throws Exception {
    Topology topology = new Topology(layers, Activation.RELU, OutputLoss.softmaxCrossEntropy());
    NetworkPasses network = new NetworkPasses(topology);
    Weights weights = Weights.of(WeightInitializer.initialize(topology, 1L));
    List<List<RowBlock>> shares = new ArrayList<>();
    List<double[]> gradients = new ArrayList<>();
    List<Workspace> workspaces = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      shares.add(randomBlocks(layers[0], layers[layers.length - 1], rows / threads, blockSize,
          t));
      gradients.add(new double[topology.numParameters()]);
      workspaces.add(new Workspace(topology, blockSize));
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double[] seconds = new double[8];
      for (int pass = 0; pass < seconds.length; pass++) {
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          List<RowBlock> share = shares.get(t);
          double[] gradient = gradients.get(t);
          Workspace ws = workspaces.get(t);
          running.add(pool.submit(() -> {
            for (RowBlock block : share) {
              network.addGradient(weights, block, 0, block.numRows(), gradient, ws);
            }
          }));
        }
        for (Future<?> f : running) {
          f.get();
        }
        seconds[pass] = (System.nanoTime() - start) / 1e9;
      }
      double[] timed = Arrays.copyOfRange(seconds, 3, seconds.length);
      Arrays.sort(timed);
      return timed[timed.length / 2];
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<RowBlock> randomBlocks(int features, int classes, int rows, int blockSize,
      long seed) {
    Random random = new Random(seed);
    List<RowBlock> blocks = new ArrayList<>();
    for (int first = 0; first < rows; first += blockSize) {
      int n = Math.min(blockSize, rows - first);
      double[] x = new double[n * features];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextDouble();
      }
      double[] labels = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(classes);
      }
      double[] rowWeights = new double[n];
      Arrays.fill(rowWeights, 1.0);
      blocks.add(new RowBlock(n, features, x, labels, rowWeights));
    }
    return blocks;
  }
}
