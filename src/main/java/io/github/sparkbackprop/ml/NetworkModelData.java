package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The data part of a saved model: one Parquet row with the format version, the topology and the
 * flat weights. The params live in Spark's usual {@code metadata} JSON beside it.
 */
final class NetworkModelData {

  /** Version of the layout below; bump it on any incompatible change. */
  static final int FORMAT_VERSION = 1;

  static final StructType SCHEMA = new StructType()
      .add("formatVersion", DataTypes.IntegerType, false)
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("activation", DataTypes.StringType, false)
      .add("outputLoss", DataTypes.StringType, false)
      .add("huberEpsilon", DataTypes.DoubleType, false)
      .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  private NetworkModelData() {}

  static void write(SparkSession spark, String path, Topology topology, double[] weights) {
    Row row = RowFactory.create(
        FORMAT_VERSION,
        Arrays.stream(topology.layerSizes()).boxed().toArray(Integer[]::new),
        topology.hiddenActivation().paramName(),
        topology.outputLoss().name(),
        topology.outputLoss().huberEpsilon(),
        Arrays.stream(weights).boxed().toArray(Double[]::new));
    List<Row> rows = Collections.singletonList(row);
    spark.createDataFrame(rows, SCHEMA).repartition(1).write().parquet(dataPath(path));
  }

  /** What {@link #read} returns. */
  static final class Loaded {
    final Topology topology;
    final double[] weights;

    Loaded(Topology topology, double[] weights) {
      this.topology = topology;
      this.weights = weights;
    }
  }

  static Loaded read(SparkSession spark, String path) {
    String data = dataPath(path);
    try {
      Path p = new Path(data);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("Cannot load a model from " + path + ": its data"
            + " directory " + data + " is missing (the save did not complete, or this is not a"
            + " spark-backprop model)");
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Cannot read " + data + ": " + e.getMessage(), e);
    }
    Dataset<Row> df = spark.read().parquet(data);
    List<Row> rows = df.collectAsList();
    if (rows.size() != 1) {
      throw new IllegalArgumentException("Cannot load a model from " + path + ": " + data
          + " holds " + rows.size() + " rows, expected 1");
    }
    Row row = rows.get(0);
    int version = row.getInt(row.fieldIndex("formatVersion"));
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException("The model at " + path + " was saved in format version "
          + version + ", newer than version " + FORMAT_VERSION + " that this spark-backprop"
          + " reads; load it with a newer spark-backprop");
    }
    int[] layers = row.<Integer>getList(row.fieldIndex("layers")).stream()
        .mapToInt(Integer::intValue).toArray();
    Activation activation = Activation.fromParamName(row.getString(row.fieldIndex("activation")));
    String lossName = row.getString(row.fieldIndex("outputLoss"));
    double epsilon = row.getDouble(row.fieldIndex("huberEpsilon"));
    OutputLoss loss = outputLoss(lossName, epsilon);
    double[] weights = row.<Double>getList(row.fieldIndex("weights")).stream()
        .mapToDouble(Double::doubleValue).toArray();
    Topology topology = new Topology(layers, activation, loss);
    if (weights.length != topology.numParameters()) {
      throw new IllegalArgumentException("The model at " + path + " is corrupt: " + weights.length
          + " weights for layers " + Arrays.toString(layers) + " that need "
          + topology.numParameters());
    }
    return new Loaded(topology, weights);
  }

  private static OutputLoss outputLoss(String name, double epsilon) {
    switch (name) {
      case "softmaxCrossEntropy":
        return OutputLoss.softmaxCrossEntropy();
      case "squaredError":
        return OutputLoss.squaredError();
      case "huber":
        return OutputLoss.huber(epsilon);
      default:
        throw new IllegalArgumentException("Unknown output loss '" + name + "' in saved model");
    }
  }

  private static String dataPath(String path) {
    return new Path(path, "data").toString();
  }
}
