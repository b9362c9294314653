package io.github.sparkbackprop.bench;

import io.github.sparkbackprop.examples.FashionMnist;
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What native BLAS threads cost, in a JVM whose environment {@code scripts/bench threads} sets
 * (the threads are fixed when the native library loads, so each setting needs a JVM of its own):
 * 10 {@code l-bfgs} iterations of 784-256-128-10 on Fashion-MNIST on {@code local[2]}, timed
 * after a warm-up fit, and what the training summary reports of the BLAS. Prints one line.
 */
public final class BlasThreadsBenchmark {

  private BlasThreadsBenchmark() {}

  /** @param args the Fashion-MNIST folder, and a label for the environment */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("spark-backprop BLAS threads").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      Dataset<Row> train = FashionMnist.load(spark, Paths.get(args[0]),
          FashionMnist.Part.TRAIN, 0, 2).cache();
      train.count();
      NeuralNetworkClassifier lbfgs = new NeuralNetworkClassifier()
          .setHiddenLayers(new int[] {256, 128}).setMaxIter(10).setTol(0).setSeed(42);
      // warm-up: class loading, the JIT and the BLAS library, off the clock
      new NeuralNetworkClassifier().setHiddenLayers(new int[] {256, 128}).setMaxIter(2)
          .setSeed(42).fit(train);
      long start = System.nanoTime();
      NeuralNetworkClassificationModel model = lbfgs.fit(train);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println(String.format(Locale.ROOT,
          "BLAS threads, %s: 10 l-bfgs iterations in %.2f s; summary.blas: %s", args[1],
          seconds, model.summary().blas()));
    } finally {
      spark.stop();
    }
  }
}
