package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.ml.internal.check.SparkErrors;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The data part of a saved model: one Parquet row with the format version, the topology and the
 * flat weights. The params live in Spark's usual {@code metadata} JSON beside it.
 *
 * <p>Version 2 adds {@code vectorLabel}: whether a regressor was trained on a vector label (its
 * prediction is then a vector), and brings the multi-label loss {@code sigmoidCrossEntropy}. A
 * model is written in the oldest version that holds it: version 1 for a classifier or a
 * regressor of a real label, which releases reading only version 1 then still load; version 2
 * for the others, which such releases refuse as newer rather than misread.
 *
 * <p>Any version may end with the optional column {@code featureMeans}: the means of the
 * training features, the default baseline of attributions. Older readers ignore it (they check
 * only the columns of their version), and a model read without it (saved before it was
 * recorded) has none: its attributions need a baseline set. It is optional rather than a new
 * version because nothing that scores depends on it.
 */
public final class NetworkModelData {

  /** The newest version of the layout below, which this release reads and writes. */
  public static final int FORMAT_VERSION = 2;

  /** The one row's columns in format version 1. */
  static final StructType SCHEMA_V1 = new StructType()
      .add("formatVersion", DataTypes.IntegerType, false)
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("activation", DataTypes.StringType, false)
      .add("outputLoss", DataTypes.StringType, false)
      .add("huberEpsilon", DataTypes.DoubleType, false)
      .add("weights", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  /** The one row's columns, in format version {@link #FORMAT_VERSION}. */
  public static final StructType SCHEMA = SCHEMA_V1
      .add("vectorLabel", DataTypes.BooleanType, false);

  /** The optional last column of any version, the training features' means. */
  static final StructField FEATURE_MEANS = DataTypes.createStructField("featureMeans",
      DataTypes.createArrayType(DataTypes.DoubleType, false), true);

  private NetworkModelData() {}

  /**
   * Writes the network as the data part of the stage saved at {@code path}.
   *
   * @param vectorLabel whether the model was trained on a vector label (a regressor whose
   *     prediction is a vector)
   * @param featureMeans the training features' means, or {@code null} if the model has none
   */
  public static void write(SparkSession spark, String path, Topology topology,
      double[] weights, boolean vectorLabel, double[] featureMeans) {
    int version = formatVersionFor(topology, vectorLabel);
    List<Object> values = new java.util.ArrayList<>(Arrays.asList(
        version,
        Arrays.stream(topology.layerSizes()).boxed().toArray(Integer[]::new),
        topology.hiddenActivation().paramName(),
        topology.outputLoss().name(),
        topology.outputLoss().huberEpsilon(),
        Arrays.stream(weights).boxed().toArray(Double[]::new)));
    if (version >= 2) {
      values.add(vectorLabel);
    }
    StructType schema = version >= 2 ? SCHEMA : SCHEMA_V1;
    if (featureMeans != null) {
      values.add(Arrays.stream(featureMeans).boxed().toArray(Double[]::new));
      schema = schema.add(FEATURE_MEANS);
    }
    List<Row> rows = Collections.singletonList(RowFactory.create(values.toArray()));
    spark.createDataFrame(rows, schema).repartition(1).write().parquet(dataPath(path));
  }

  /**
   * The oldest format version that holds the network: 1 unless it needs what version 2 brought
   * (a vector label, the multi-label loss).
   */
  static int formatVersionFor(Topology topology, boolean vectorLabel) {
    boolean v1Loss = outputLossNames(1).contains(topology.outputLoss().name());
    return vectorLabel || !v1Loss ? 2 : 1;
  }

  /** The output losses format {@code version} knows. */
  private static List<String> outputLossNames(int version) {
    return version >= 2
        ? Arrays.asList("softmaxCrossEntropy", "squaredError", "huber", "sigmoidCrossEntropy")
        : Arrays.asList("softmaxCrossEntropy", "squaredError", "huber");
  }

  /** What {@link #read} returns. */
  public static final class Loaded {
    private final Topology topology;
    private final double[] weights;
    private final boolean vectorLabel;
    private final double[] featureMeans;

    Loaded(Topology topology, double[] weights, boolean vectorLabel, double[] featureMeans) {
      this.topology = topology;
      this.weights = weights;
      this.vectorLabel = vectorLabel;
      this.featureMeans = featureMeans;
    }

    /** The training features' means, or {@code null} for a model saved without them. */
    public double[] featureMeans() {
      return featureMeans;
    }

    /**
     * Whether the model was trained on a vector label (a regressor predicting vectors); false
     * in format version 1, which had none.
     */
    public boolean vectorLabel() {
      return vectorLabel;
    }

    /** The saved network's shape. */
    public Topology topology() {
      return topology;
    }

    /** The saved weights. */
    public double[] weights() {
      return weights;
    }
  }

  /**
   * Reads the network saved at {@code path}.
   *
   * @throws IllegalArgumentException naming the path and what is missing or wrong, also for a
   *     model written in a newer format version (naming both versions)
   */
  public static Loaded read(SparkSession spark, String path) {
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
    List<Row> rows;
    StructType schema;
    try {
      Dataset<Row> df = spark.read().parquet(data);
      schema = df.schema();
      rows = df.collectAsList();
    } catch (Exception e) { // Spark throws undeclared checked exceptions too
      throw corrupt(path, "its data " + data + " cannot be read as Parquet: the files are"
          + " missing, truncated or corrupt (" + SparkErrors.describe(e) + ")", e);
    }
    // The version first: a newer format may have other columns.
    if (!schema.getFieldIndex("formatVersion").isDefined()) {
      throw corrupt(path, "its data " + data + " has the columns "
          + Arrays.toString(schema.fieldNames()) + ", not those of a spark-backprop model "
          + Arrays.toString(SCHEMA.fieldNames()), null);
    }
    if (rows.size() != 1) {
      throw corrupt(path, "its data " + data + " holds " + rows.size() + " rows, expected 1",
          null);
    }
    Row row = rows.get(0);
    Object versionValue = row.get(row.fieldIndex("formatVersion"));
    if (!(versionValue instanceof Integer)) {
      throw corrupt(path, "its formatVersion is " + versionValue + ", not an integer", null);
    }
    int version = (Integer) versionValue;
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException("The model at " + path + " was saved in format version "
          + version + ", newer than version " + FORMAT_VERSION + " that this spark-backprop"
          + " reads; load it with a newer spark-backprop");
    }
    if (version < 1) {
      throw corrupt(path, "its formatVersion is " + version + "; versions start at 1", null);
    }
    StructType expectedSchema = version >= 2 ? SCHEMA : SCHEMA_V1;
    for (StructField expected : expectedSchema.fields()) {
      if (!schema.getFieldIndex(expected.name()).isDefined()
          || !schema.apply(expected.name()).dataType().sameType(expected.dataType())) {
        throw corrupt(path, "its data " + data + " has the schema " + schema.simpleString()
            + " but format version " + version + " needs " + expectedSchema.simpleString(),
            null);
      }
      if (row.isNullAt(row.fieldIndex(expected.name()))) {
        throw corrupt(path, "its " + expected.name() + " is null", null);
      }
    }
    List<Integer> layerList = row.getList(row.fieldIndex("layers"));
    if (layerList.contains(null)) {
      throw corrupt(path, "its layers " + layerList + " contain a null", null);
    }
    int[] layers = layerList.stream().mapToInt(Integer::intValue).toArray();
    if (layers.length < 2 || Arrays.stream(layers).anyMatch(n -> n < 1)
        || Topology.countParameters(layers) > Topology.MAX_PARAMETERS) {
      throw corrupt(path, "its layers " + Arrays.toString(layers) + " are not those of a"
          + " network (at least two layers of at least one unit, at most "
          + Topology.MAX_PARAMETERS + " parameters)", null);
    }
    String activationName = row.getString(row.fieldIndex("activation"));
    Activation activation;
    OutputLoss loss;
    try {
      activation = Activation.fromParamName(activationName);
      loss = outputLoss(row.getString(row.fieldIndex("outputLoss")),
          row.getDouble(row.fieldIndex("huberEpsilon")), version);
    } catch (IllegalArgumentException e) {
      throw corrupt(path, e.getMessage(), e);
    }
    List<Double> weightList = row.getList(row.fieldIndex("weights"));
    double[] weights = new double[weightList.size()];
    for (int i = 0; i < weights.length; i++) {
      Double w = weightList.get(i);
      if (w == null || !Double.isFinite(w)) {
        throw corrupt(path, "its weight " + i + " is " + w + "; a saved model's weights are"
            + " all finite", null);
      }
      weights[i] = w;
    }
    Topology topology = new Topology(layers, activation, loss);
    if (weights.length != topology.numParameters()) {
      throw corrupt(path, weights.length + " weights for layers " + Arrays.toString(layers)
          + " that need " + topology.numParameters(), null);
    }
    boolean vectorLabel = version >= 2 && row.getBoolean(row.fieldIndex("vectorLabel"));
    boolean regression = !loss.isClassification() && !"sigmoidCrossEntropy".equals(loss.name());
    if (vectorLabel && !regression) {
      throw corrupt(path, "its vectorLabel is true but its output loss " + loss.name()
          + " is not a regression loss", null);
    }
    if (regression && !vectorLabel && topology.numOutputs() != 1) {
      throw corrupt(path, "its layers " + Arrays.toString(layers) + " end in "
          + topology.numOutputs() + " outputs but the regressor it holds was trained on a real"
          + " label (vectorLabel false), which has one", null);
    }
    return new Loaded(topology, weights, vectorLabel, featureMeans(path, row, schema,
        topology.numInputs()));
  }

  /** The optional {@code featureMeans}: {@code null} when absent or null, else checked. */
  private static double[] featureMeans(String path, Row row, StructType schema, int numInputs) {
    if (!schema.getFieldIndex(FEATURE_MEANS.name()).isDefined()) {
      return null;
    }
    if (!schema.apply(FEATURE_MEANS.name()).dataType().sameType(FEATURE_MEANS.dataType())) {
      throw corrupt(path, "its featureMeans column is " + schema.apply(FEATURE_MEANS.name())
          .dataType().simpleString() + ", not " + FEATURE_MEANS.dataType().simpleString(), null);
    }
    int index = row.fieldIndex(FEATURE_MEANS.name());
    if (row.isNullAt(index)) {
      return null;
    }
    List<Double> list = row.getList(index);
    if (list.size() != numInputs || list.stream().anyMatch(v -> v == null || !Double.isFinite(v))) {
      throw corrupt(path, "its featureMeans " + list + " are not " + numInputs
          + " finite values, one per feature", null);
    }
    return list.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static IllegalArgumentException corrupt(String path, String why, Throwable cause) {
    return new IllegalArgumentException(
        "Cannot load the model at " + path + ", it is corrupt: " + why, cause);
  }

  private static OutputLoss outputLoss(String name, double epsilon, int version) {
    if (!outputLossNames(version).contains(name)) {
      throw new IllegalArgumentException("its output loss '" + name + "' is none of "
          + String.join(", ", outputLossNames(version)) + " (format version " + version + ")");
    }
    switch (name) {
      case "softmaxCrossEntropy":
        return OutputLoss.softmaxCrossEntropy();
      case "squaredError":
        return OutputLoss.squaredError();
      case "sigmoidCrossEntropy":
        return OutputLoss.sigmoidCrossEntropy();
      default:
        return OutputLoss.huber(epsilon);
    }
  }

  private static String dataPath(String path) {
    return new Path(path, "data").toString();
  }
}
