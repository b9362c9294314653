package io.github.sparkbackprop.bench;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Scaling on synthetic data: 1, 2 and 4 million rows of 100 features, seconds per epoch and the
 * driver's heap. Run it with executors in their own JVMs (e.g. {@code local-cluster[2,1,6144]})
 * so that the driver heap it reports is the driver's alone, not the executors' cached blocks.
 */
public final class ScalingBenchmark {

  private static final int FEATURES = 100;
  private static final int CLASSES = 10;

  private ScalingBenchmark() {}

  /**
   * @param args {@code --rows 1000000,2000000,4000000} {@code --out target/bench}
   *     {@code --master local-cluster[2,1,6144]} {@code --partitions 8}
   *     {@code --executor-memory 5g}
   */
  public static void main(String[] args) throws Exception {
    String rowsArg = "1000000,2000000,4000000";
    String out = "target/bench";
    String master = "local-cluster[2,1,6144]";
    int partitions = 8;
    String executorMemory = "5g";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows": rowsArg = args[i + 1]; break;
        case "--out": out = args[i + 1]; break;
        case "--master": master = args[i + 1]; break;
        case "--partitions": partitions = Integer.parseInt(args[i + 1]); break;
        case "--executor-memory": executorMemory = args[i + 1]; break;
        default: throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    SparkSession spark = SparkSession.builder().master(master)
        .appName("spark-backprop scaling benchmark")
        .config("spark.ui.enabled", "false")
        // local-cluster's third number is the Workers' memory; executors still default to 1g,
        // which cannot cache 4M rows: the blocks would spill to disk and time the disk instead
        .config("spark.executor.memory", executorMemory)
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<String> lines = new ArrayList<>();
    lines.add("rows,secondsPerEpoch,secondsPerEpochPerMillionRows,peakDriverHeapMb,"
        + "driverOldGenAfterGcMb");
    try {
      for (String r : rowsArg.split(",")) {
        long rows = Long.parseLong(r.trim());
        // Not cached: the trainer caches its own blocks, and two cached copies of 4M rows would
        // not fit the executors. Generating the rows is part of the first epoch, left out below.
        Dataset<Row> data = synthetic(spark, rows, partitions);
        HeapWatcher heap = new HeapWatcher();
        heap.start();
        NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
            .setHiddenLayers(new int[] {64}).setSolver("adam").setBatchSize(8192)
            .setMaxIter(3).setTol(0).setSeed(1).fit(data);
        heap.finish();
        double[] epochs = model.summary().iterationSeconds();
        // the first epoch includes generating and caching the rows, and the JIT warming up
        double perEpoch = (epochs[1] + epochs[2]) / 2;
        String line = String.format(Locale.ROOT, "%d,%.3f,%.3f,%.1f,%.1f", rows, perEpoch,
            perEpoch / (rows / 1e6), heap.peakMb, oldGenAfterGcMb());
        System.out.println("scaling " + line + " (epochs " + Arrays.toString(epochs) + ")");
        lines.add(line);
      }
    } finally {
      spark.stop();
    }
    Path dir = Paths.get(out);
    Files.createDirectories(dir);
    try (PrintWriter w = new PrintWriter(dir.resolve("scaling.csv").toFile(),
        StandardCharsets.UTF_8)) {
      lines.forEach(w::println);
    }
  }

  /** Rows of 100 uniform features labelled by the largest of 10 fixed random projections. */
  static Dataset<Row> synthetic(SparkSession spark, long rows, int partitions) {
    Dataset<Row> ids = spark.range(0, rows, 1, partitions).toDF("id");
    Column[] features = new Column[FEATURES];
    String[] names = new String[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      names[j] = "x" + j;
      features[j] = functions.rand(1000 + j).minus(0.5).as(names[j]);
    }
    Dataset<Row> wide = ids.select(features);
    // label: argmax over classes of a fixed sparse projection, so there is something to learn
    Column label = functions.lit(0.0);
    Column best = null;
    for (int c = 0; c < CLASSES; c++) {
      Column score = functions.col(names[c]).plus(functions.col(names[c + CLASSES]))
          .minus(functions.col(names[c + 2 * CLASSES]));
      if (best == null) {
        best = score;
      } else {
        label = functions.when(score.gt(best), functions.lit((double) c)).otherwise(label);
        best = functions.greatest(best, score);
      }
    }
    Dataset<Row> labelled = wide.withColumn("label", label);
    return new VectorAssembler().setInputCols(names).setOutputCol("features")
        .transform(labelled).select("features", "label");
  }

  private static double oldGenAfterGcMb() {
    System.gc();
    double mb = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null
          && pool.getName().toLowerCase(Locale.ROOT).contains("old")) {
        mb += pool.getCollectionUsage().getUsed() / 1e6;
      }
    }
    return mb;
  }

  /** Samples the driver's used heap every 50 ms while training runs. */
  private static final class HeapWatcher extends Thread {
    volatile boolean done;
    volatile double peakMb;

    HeapWatcher() {
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!done) {
        double used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
        peakMb = Math.max(peakMb, used);
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void finish() throws InterruptedException {
      done = true;
      join();
    }
  }
}
