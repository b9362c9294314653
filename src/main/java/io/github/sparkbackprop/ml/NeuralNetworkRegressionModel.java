package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.persist.ModelOnnxExport;
import io.github.sparkbackprop.ml.internal.persist.NetworkModelWriter;
import io.github.sparkbackprop.ml.internal.persist.StageReader;
import io.github.sparkbackprop.ml.internal.score.AttributionSpec;
import io.github.sparkbackprop.ml.internal.score.ModelScoring;
import io.github.sparkbackprop.ml.internal.score.ScoreColumns;
import io.github.sparkbackprop.ml.internal.score.ScoringWeights;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.GeneralMLWriter;
import org.apache.spark.ml.util.HasTrainingSummary;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained neural-network regressor, produced by {@link NeuralNetworkRegressor}: its prediction
 * is the linear output layer, one unit per target. Trained on a numeric label, it predicts a
 * double ({@link #predict(Vector)}); trained on a {@code Vector} label of {@code k} targets, a
 * {@code Vector} of {@code k} values ({@link #predictVector(Vector)}; {@link #predictsVector()}
 * tells which). {@code transform} scores {@code blockSize} rows at a time with one GEMM per
 * layer.
 */
public class NeuralNetworkRegressionModel
    extends RegressionModel<Vector, NeuralNetworkRegressionModel>
    implements NeuralNetworkRegressorParams, AttributionSetters<NeuralNetworkRegressionModel>,
        MLWritable, HasTrainingSummary<NeuralNetworkTrainingSummary> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NeuralNetworkRegressionModel.class);

  /** Topology of the no-arg placeholder: no hidden layer, 1 input, one output. */
  private static final Topology PLACEHOLDER_TOPOLOGY =
      new Topology(new int[] {1, 1}, Activation.RELU, OutputLoss.squaredError());

  private final String uid;
  private final NeuralNetworkParamDefinitions definitions;
  private final RegressionParamDefinitions regressionDefinitions;
  private final Topology topology;
  private final double[] weights;
  /** Whether the label was a vector, and so is the prediction. */
  private final boolean vectorLabel;
  /** The training features' means, the default attribution baseline; {@code null} if unknown. */
  private final double[] featureMeans;
  /** {@link #weights} broadcast on the first {@code transform} and kept for the later ones. */
  private final ScoringWeights scoringWeights;
  private NeuralNetworkTrainingSummary trainingSummary;

  /**
   * An untrained placeholder: one feature, one output, all weights zero. It exists because Spark
   * Connect lists the models it can load with a {@code ServiceLoader} of
   * {@code org.apache.spark.ml.Transformer}, which requires a public no-arg constructor of every
   * registered class. Real models come from {@code fit} or {@link #load(String)}.
   */
  public NeuralNetworkRegressionModel() {
    this(Identifiable.randomUID("nnr"), PLACEHOLDER_TOPOLOGY,
        new double[PLACEHOLDER_TOPOLOGY.numParameters()]);
  }

  /** A model of a numeric label if the network has one output, else of a vector label. */
  NeuralNetworkRegressionModel(String uid, Topology topology, double[] weights) {
    this(uid, topology, weights, topology.numOutputs() > 1);
  }

  NeuralNetworkRegressionModel(String uid, Topology topology, double[] weights,
      boolean vectorLabel) {
    this(uid, topology, weights, vectorLabel, null);
  }

  /** @param featureMeans the training features' means; {@code null} if unknown */
  NeuralNetworkRegressionModel(String uid, Topology topology, double[] weights,
      boolean vectorLabel, double[] featureMeans) {
    this(ConstructionUid.stage(uid), topology, weights, vectorLabel, featureMeans, true);
  }

  private NeuralNetworkRegressionModel(String uid, Topology topology, double[] weights,
      boolean vectorLabel, double[] featureMeans, boolean uidStaged) {
    if (!vectorLabel && topology.numOutputs() != 1) {
      throw new IllegalArgumentException("A regressor of a numeric label has one output, but "
          + topology + " has " + topology.numOutputs());
    }
    this.vectorLabel = vectorLabel;
    this.uid = uid;
    ConstructionUid.clear();
    this.definitions = new NeuralNetworkParamDefinitions(this);
    this.regressionDefinitions = new RegressionParamDefinitions(this);
    definitions.setDefaults();
    regressionDefinitions.setDefaults();
    this.topology = topology;
    this.weights = weights;
    this.featureMeans = featureMeans;
    this.scoringWeights = new ScoringWeights(weights);
  }

  @Override
  public String uid() {
    return uid != null ? uid : ConstructionUid.pending();
  }

  @Override
  public NeuralNetworkParamDefinitions paramDefinitions() {
    return definitions;
  }

  @Override
  public RegressionParamDefinitions regressionParamDefinitions() {
    return regressionDefinitions;
  }

  /** The flat weight vector: per layer, the weight matrix (column-major) then the bias. */
  public Vector weights() {
    return Vectors.dense(weights.clone());
  }

  /** Layer sizes from the input (number of features) to the output (number of targets). */
  public int[] layers() {
    return topology.layerSizes();
  }

  /** Number of targets the model predicts: 1 for a numeric label, else the label vectors' size. */
  public int numOutputs() {
    return topology.numOutputs();
  }

  /**
   * Whether the model was trained on a {@code Vector} label, so that its {@code prediction}
   * column holds vectors (even of one value) rather than doubles.
   */
  public boolean predictsVector() {
    return vectorLabel;
  }

  @Override
  public int numFeatures() {
    return topology.numInputs();
  }

  /** The training features' means (the default attribution baseline), or {@code null}. */
  double[] featureMeans() {
    return featureMeans == null ? null : featureMeans.clone();
  }

  /** Whether a training summary is available (only on a model fresh from {@code fit}). */
  @Override
  public boolean hasSummary() {
    return trainingSummary != null;
  }

  /**
   * The training summary.
   *
   * @throws IllegalStateException if there is none (e.g. on a loaded model)
   */
  @Override
  public NeuralNetworkTrainingSummary summary() {
    if (trainingSummary == null) {
      throw new IllegalStateException("No training summary available for this "
          + getClass().getSimpleName() + " (summaries exist only on models fresh from fit)");
    }
    return trainingSummary;
  }

  /**
   * The summary as Spark's {@code HasTrainingSummary} holds it. The model implements that trait so
   * that a Spark Connect server, which lets clients call only allow-listed methods, lets them call
   * {@code hasSummary} and {@code summary} on this model too.
   */
  @Override
  public scala.Option<NeuralNetworkTrainingSummary> trainingSummary() {
    return scala.Option.apply(trainingSummary);
  }

  /** Sets the summary through Spark's {@code HasTrainingSummary}; {@code None} removes it. */
  @Override
  public void trainingSummary_$eq(scala.Option<NeuralNetworkTrainingSummary> summary) {
    this.trainingSummary = summary.isDefined() ? summary.get() : null;
  }

  NeuralNetworkRegressionModel setSummary(NeuralNetworkTrainingSummary summary) {
    this.trainingSummary = summary;
    return this;
  }

  /**
   * The prediction for one row of features, for a model of a numeric label.
   *
   * @throws UnsupportedOperationException for a model of a vector label: its prediction is a
   *     vector, which {@link #predictVector(Vector)} returns
   */
  @Override
  public double predict(Vector features) {
    if (vectorLabel) {
      throw new UnsupportedOperationException("This model was trained on a vector label and"
          + " predicts " + numOutputs() + " values per row: call predictVector(features)");
    }
    return ModelScoring.predictRaw(topology, weights, features)[0];
  }

  /**
   * The predicted targets for one row of features: {@link #numOutputs()} values (one for a
   * model of a numeric label).
   */
  public Vector predictVector(Vector features) {
    return Vectors.dense(ModelScoring.predictRaw(topology, weights, features));
  }

  /**
   * The output schema: the input's columns and {@code prediction}, a double, or for a model of
   * a vector label a {@code Vector} (with ML attribute metadata giving its size).
   */
  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireVectorColumn(schema, getFeaturesCol());
    SchemaChecks.requireAbsent(schema, getPredictionCol(), "prediction");
    StructType out;
    if (vectorLabel) {
      out = getPredictionCol().isEmpty() ? schema
          : schema.add(new AttributeGroup(getPredictionCol(), numOutputs()).toStructField());
    } else {
      out = super.transformSchema(schema);
    }
    return ModelAttributions.addColumn(out, this, numFeatures());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema(), true);
    Map<String, ScoreColumns.Kind> kinds = new LinkedHashMap<>();
    if (!getPredictionCol().isEmpty()) {
      kinds.put(getPredictionCol(),
          vectorLabel ? ScoreColumns.Kind.VALUES : ScoreColumns.Kind.VALUE);
    }
    if (hasAttributionColumn()) {
      kinds.put(getAttributionCol(), ScoreColumns.Kind.ATTRIBUTIONS);
    }
    if (kinds.isEmpty()) {
      LOG.warn("{}: transform() did nothing because predictionCol is empty", uid());
      return dataset.toDF();
    }
    return ModelScoring.transform(dataset, this, outputSchema, kinds,
        order -> new ScoreColumns(order, topology.outputLoss(), null), topology, scoringWeights,
        getFeaturesCol(), getBlockSize(), Precision.fromParamName(getPrecision()),
        ModelAttributions.spec(this, numFeatures(), getFeaturesCol(), featureMeans,
            AttributionSpec.Target.ALL_OUTPUTS, topology.outputLoss(), null));
  }

  /**
   * The mean absolute attribution of each feature over the rows of {@code dataset}: a global
   * view of which features the predictions rest on, from the attributions the
   * {@code attributionCol} would hold (of the prediction, or for a vector label the sum of its
   * outputs, from {@code attributionBaseline} in {@code attributionSteps} points); the column
   * itself need not be set. One Spark job over the rows.
   *
   * @return one value per feature
   * @throws IllegalArgumentException if the dataset is empty, or as {@code transform} with an
   *     attribution column
   */
  public Vector featureImportances(Dataset<?> dataset) {
    return ModelAttributions.featureImportances(this, dataset, numFeatures(),
        new ParamMap().put(predictionCol().w("")));
  }

  @Override
  public NeuralNetworkRegressionModel copy(ParamMap extra) {
    NeuralNetworkRegressionModel copy =
        copyValues(new NeuralNetworkRegressionModel(uid, topology, weights, vectorLabel,
            featureMeans), extra);
    copy.trainingSummary = trainingSummary;
    return copy.setParent(parent());
  }

  /**
   * A writer of this model: in Spark ML's own format by default, which {@link #load(String)}
   * reads, or as one ONNX model file with {@code write().format("onnx").save(path)} (the bytes
   * of {@link #toOnnx()}). Saving is atomic: a failed save leaves nothing behind.
   */
  @Override
  public GeneralMLWriter write() {
    return new NetworkModelWriter(this, topology, weights, vectorLabel, featureMeans);
  }

  /**
   * The network as a serialised ONNX model (opset 13), for serving without Spark, e.g. with ONNX
   * Runtime. Input: {@code float [N, numFeatures]} named after {@code featuresCol}, the features
   * as this model sees them (feature transformers before it in a pipeline are not included).
   * Output: the prediction, named after {@code predictionCol}, in {@code double}, or in
   * {@code float} when {@code precision} is {@code float}: the value, {@code [N]}, or for a model
   * of a vector label the {@code k} values, {@code [N, k]}. The same model gives the same bytes.
   *
   * @throws IllegalArgumentException if {@code predictionCol} is empty or equals
   *     {@code featuresCol}, or the weights exceed the 2 GiB one ONNX file can hold
   */
  public byte[] toOnnx() {
    return onnx(null);
  }

  /**
   * Like {@link #toOnnx()}, with a {@code StandardScaler} that directly precedes this model in
   * its pipeline built into the graph: the input is then the raw features, named after the
   * scaler's {@code inputCol}, and the graph standardises them as the scaler does
   * ({@code (x - mean) / std}, as its {@code withMean} and {@code withStd} say) before the
   * first layer.
   *
   * @param scaler the fitted scaler whose {@code outputCol} is this model's {@code featuresCol}
   * @throws IllegalArgumentException if the scaler writes another column or was fitted on
   *     another number of features, or as {@link #toOnnx()}
   */
  public byte[] toOnnx(StandardScalerModel scaler) {
    if (scaler == null) {
      throw new IllegalArgumentException("scaler is null; call toOnnx() for the network alone");
    }
    return onnx(scaler);
  }

  private byte[] onnx(StandardScalerModel scaler) {
    OnnxSignature signature = predictsVector()
        ? OnnxSignature.vectorRegressor(getFeaturesCol(), getPredictionCol())
        : OnnxSignature.regressor(getFeaturesCol(), getPredictionCol());
    return ModelOnnxExport.export(uid(), getClass().getName(), getPrecision(), getFeaturesCol(),
        topology, weights, signature, scaler);
  }

  /** A reader for models saved with {@link #write()}. */
  public static MLReader<NeuralNetworkRegressionModel> read() {
    return StageReader.forModel(NeuralNetworkRegressionModel.class,
        (uid, data) -> new NeuralNetworkRegressionModel(uid, data.topology(), data.weights(),
            data.vectorLabel(), data.featureMeans()));
  }

  /** Loads a model saved with {@link #write()} (in Spark ML's format) or {@code save}. */
  public static NeuralNetworkRegressionModel load(String path) {
    return read().load(path);
  }

  /**
   * The uid, layers and activation, and for a model of a vector label
   * {@code ", prediction=vector"} (the Python wrapper reads these over Spark Connect, which
   * lets a client call {@code toString} on any stage but not {@code layers} or
   * {@code predictsVector}).
   */
  @Override
  public String toString() {
    return "NeuralNetworkRegressionModel: uid=" + uid + ", layers="
        + java.util.Arrays.toString(layers()) + ", activation="
        + topology.hiddenActivation().paramName() + (vectorLabel ? ", prediction=vector" : "");
  }
}
