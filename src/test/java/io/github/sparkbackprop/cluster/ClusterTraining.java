package io.github.sparkbackprop.cluster;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The training problem the cluster tests run everywhere (in the test JVM on {@code local[2]}, in
 * driver JVMs of their own on a standalone cluster or {@code local[2,3]}), so that the weights of
 * the runs can be compared bit for bit.
 *
 * <p>The rows are generated on the executors from {@code spark.range} with a fixed number of
 * partitions, each row from its id alone: every run sees the same rows in the same partitions,
 * whatever the master, and the driver never holds them. Labels are Gaussian blobs, so the
 * network has something to learn.
 */
final class ClusterTraining {

  /** Partitions of the training data. */
  static final int PARTITIONS = 4;

  static final StructType SCHEMA = new StructType()
      .add("features", SQLDataTypes.VectorType(), false)
      .add("label", DataTypes.DoubleType, false);

  private ClusterTraining() {}

  /** One training setup; its fields travel to driver JVMs as command-line arguments. */
  static final class Spec {
    long rows = 40_000;
    int features = 40;
    int classes = 3;
    int[] hidden = {48, 24};
    String solver = "l-bfgs";
    int maxIter = 15;
    int batchSize = 4096;
    long seed = 7;
    int partitions = PARTITIONS;
    String executionMode = "auto";

    Spec rows(long value) {
      rows = value;
      return this;
    }

    Spec features(int value) {
      features = value;
      return this;
    }

    Spec hidden(int... value) {
      hidden = value.clone();
      return this;
    }

    Spec solver(String value) {
      solver = value;
      return this;
    }

    Spec maxIter(int value) {
      maxIter = value;
      return this;
    }

    Spec batchSize(int value) {
      batchSize = value;
      return this;
    }

    Spec partitions(int value) {
      partitions = value;
      return this;
    }

    Spec executionMode(String value) {
      executionMode = value;
      return this;
    }

    /** As {@code --name value} arguments for {@link TrainingDriver}. */
    List<String> toArgs() {
      List<String> args = new ArrayList<>();
      add(args, "rows", Long.toString(rows));
      add(args, "features", Integer.toString(features));
      add(args, "classes", Integer.toString(classes));
      add(args, "hidden", Arrays.toString(hidden).replaceAll("[\\[\\] ]", ""));
      add(args, "solver", solver);
      add(args, "max-iter", Integer.toString(maxIter));
      add(args, "batch-size", Integer.toString(batchSize));
      add(args, "seed", Long.toString(seed));
      add(args, "partitions", Integer.toString(partitions));
      add(args, "execution-mode", executionMode);
      return args;
    }

    /** Reads one spec option; returns false if {@code name} is not one. */
    boolean set(String name, String value) {
      switch (name) {
        case "rows": rows = Long.parseLong(value); return true;
        case "features": features = Integer.parseInt(value); return true;
        case "classes": classes = Integer.parseInt(value); return true;
        case "hidden":
          hidden = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
          return true;
        case "solver": solver = value; return true;
        case "max-iter": maxIter = Integer.parseInt(value); return true;
        case "batch-size": batchSize = Integer.parseInt(value); return true;
        case "seed": seed = Long.parseLong(value); return true;
        case "partitions": partitions = Integer.parseInt(value); return true;
        case "execution-mode": executionMode = value; return true;
        default: return false;
      }
    }

    private static void add(List<String> args, String name, String value) {
      args.add("--" + name);
      args.add(value);
    }
  }

  /**
   * The training rows.
   *
   * @param computed counts the partitions computed from scratch (first computations and
   *     recomputations after a lost cache); may be {@code null}
   * @param failFirstAttempt whether every task that computes a partition fails on its first
   *     attempt (in a barrier stage, on the stage's first attempt: Spark runs a failed barrier
   *     stage again as a whole, its tasks counting their attempts from 0 again)
   */
  static Dataset<Row> data(SparkSession spark, Spec spec, LongAccumulator computed,
      boolean failFirstAttempt) {
    JavaRDD<Row> rows = spark.range(0, spec.rows, 1, spec.partitions).javaRDD()
        .mapPartitions(new MakeRows(spec, computed, failFirstAttempt));
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The classifier of {@code spec}: all convergence tests off, so every run does maxIter. */
  static NeuralNetworkClassifier classifier(Spec spec) {
    return new NeuralNetworkClassifier()
        .setHiddenLayers(spec.hidden)
        .setActivation("tanh")
        .setSolver(spec.solver)
        .setMaxIter(spec.maxIter)
        .setTol(0.0)
        .setBatchSize(spec.batchSize)
        .setSeed(spec.seed)
        .setExecutionMode(spec.executionMode);
  }

  /** Trains {@code spec} on {@code data}. */
  static NeuralNetworkClassificationModel train(Spec spec, Dataset<Row> data) {
    return classifier(spec).fit(data);
  }

  /** Writes weights as raw IEEE 754 doubles, so that nothing is lost in formatting. */
  static void writeWeights(double[] weights, Path file) {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(weights.length);
      for (double w : weights) {
        out.writeDouble(w);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads what {@link #writeWeights} wrote. */
  static double[] readWeights(Path file) {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      double[] weights = new double[in.readInt()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = in.readDouble();
      }
      return weights;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Generates a partition's rows from their ids. */
  private static final class MakeRows implements FlatMapFunction<Iterator<Long>, Row> {

    private static final long serialVersionUID = 1L;

    private final double[][] centres;
    private final long seed;
    private final LongAccumulator computed;
    private final boolean failFirstAttempt;

    MakeRows(Spec spec, LongAccumulator computed, boolean failFirstAttempt) {
      Random random = new Random(spec.seed);
      this.centres = new double[spec.classes][spec.features];
      for (double[] centre : centres) {
        for (int j = 0; j < centre.length; j++) {
          centre[j] = 1.5 * random.nextGaussian();
        }
      }
      this.seed = spec.seed;
      this.computed = computed;
      this.failFirstAttempt = failFirstAttempt;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> ids) {
      TaskContext task = TaskContext.get();
      boolean firstAttempt = task instanceof BarrierTaskContext
          ? task.stageAttemptNumber() == 0
          : task.attemptNumber() == 0;
      if (failFirstAttempt && firstAttempt) {
        throw new IllegalStateException("injected fault: first attempt of partition "
            + task.partitionId() + " in stage " + task.stageId());
      }
      if (computed != null) {
        computed.add(1);
      }
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          long id = ids.next();
          SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
          int label = random.nextInt(centres.length);
          double[] x = new double[centres[label].length];
          for (int j = 0; j < x.length; j++) {
            x[j] = centres[label][j] + gaussian(random);
          }
          return RowFactory.create(Vectors.dense(x), (double) label);
        }
      };
    }

    /**
     * Box-Muller with StrictMath: the same numbers whether a task runs interpreted or JIT-compiled,
     * in whichever JVM.
     */
    private static double gaussian(SplittableRandom random) {
      double u = 1 - random.nextDouble();
      double v = random.nextDouble();
      return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
  }
}
