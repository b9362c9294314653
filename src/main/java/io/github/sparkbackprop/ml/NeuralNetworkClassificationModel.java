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
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
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
 * A trained neural-network classifier, produced by {@link NeuralNetworkClassifier}.
 *
 * <p>Its {@code rawPrediction} is the output layer before softmax (one score per class), its
 * {@code probability} the softmax of those scores, and its {@code prediction} the most probable
 * class, or the class maximising {@code probability / threshold} when {@code thresholds} is set.
 * {@code transform} scores {@code blockSize} rows at a time with one GEMM per layer.
 */
public class NeuralNetworkClassificationModel
    extends ProbabilisticClassificationModel<Vector, NeuralNetworkClassificationModel>
    implements NeuralNetworkClassifierParams,
        AttributionSetters<NeuralNetworkClassificationModel>, MLWritable,
        HasTrainingSummary<NeuralNetworkTrainingSummary> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG =
      LoggerFactory.getLogger(NeuralNetworkClassificationModel.class);

  /** Topology of the no-arg placeholder: no hidden layer, 1 input, two classes. */
  private static final Topology PLACEHOLDER_TOPOLOGY =
      new Topology(new int[] {1, 2}, Activation.RELU, OutputLoss.softmaxCrossEntropy());

  private final String uid;
  private final NeuralNetworkParamDefinitions definitions;
  private final ClassifierParamDefinitions classifierDefinitions;
  private final Topology topology;
  private final double[] weights;
  /** The training features' means, the default attribution baseline; {@code null} if unknown. */
  private final double[] featureMeans;
  /** {@link #weights} broadcast on the first {@code transform} and kept for the later ones. */
  private final ScoringWeights scoringWeights;
  private NeuralNetworkTrainingSummary trainingSummary;

  /**
   * An untrained placeholder: one feature, two classes, all weights zero. It exists because Spark
   * Connect lists the models it can load with a {@code ServiceLoader} of
   * {@code org.apache.spark.ml.Transformer}, which requires a public no-arg constructor of every
   * registered class. Real models come from {@code fit} or {@link #load(String)}.
   */
  public NeuralNetworkClassificationModel() {
    this(Identifiable.randomUID("nnc"), PLACEHOLDER_TOPOLOGY,
        new double[PLACEHOLDER_TOPOLOGY.numParameters()]);
  }

  NeuralNetworkClassificationModel(String uid, Topology topology, double[] weights) {
    this(uid, topology, weights, null);
  }

  /** @param featureMeans the training features' means; {@code null} if unknown */
  NeuralNetworkClassificationModel(String uid, Topology topology, double[] weights,
      double[] featureMeans) {
    this(ConstructionUid.stage(uid), topology, weights, featureMeans, true);
  }

  private NeuralNetworkClassificationModel(String uid, Topology topology, double[] weights,
      double[] featureMeans, boolean uidStaged) {
    this.uid = uid;
    ConstructionUid.clear();
    this.definitions = new NeuralNetworkParamDefinitions(this);
    this.classifierDefinitions = new ClassifierParamDefinitions(this);
    definitions.setDefaults();
    classifierDefinitions.setDefaults();
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
  public ClassifierParamDefinitions classifierParamDefinitions() {
    return classifierDefinitions;
  }

  /** The flat weight vector: per layer, the weight matrix (column-major) then the bias. */
  public Vector weights() {
    return Vectors.dense(weights.clone());
  }

  /** Layer sizes from the input (number of features) to the output (number of classes). */
  public int[] layers() {
    return topology.layerSizes();
  }

  @Override
  public int numClasses() {
    return topology.numOutputs();
  }

  @Override
  public int numFeatures() {
    return topology.numInputs();
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

  NeuralNetworkClassificationModel setSummary(NeuralNetworkTrainingSummary summary) {
    this.trainingSummary = summary;
    return this;
  }

  Topology topology() {
    return topology;
  }

  /** The training features' means (the default attribution baseline), or {@code null}. */
  double[] featureMeans() {
    return featureMeans == null ? null : featureMeans.clone();
  }

  @Override
  public Vector predictRaw(Vector features) {
    return Vectors.dense(ModelScoring.predictRaw(topology, weights, features));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    if (!(rawPrediction instanceof DenseVector)) {
      throw new IllegalArgumentException("rawPrediction must be a dense vector");
    }
    double[] values = ((DenseVector) rawPrediction).values();
    topology.outputLoss().toOutputSpace(values, 0, values.length, 1);
    return rawPrediction;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireVectorColumn(schema, getFeaturesCol());
    SchemaChecks.requireAbsent(schema, getPredictionCol(), "prediction");
    SchemaChecks.requireAbsent(schema, getRawPredictionCol(), "rawPrediction");
    SchemaChecks.requireAbsent(schema, getProbabilityCol(), "probability");
    return ModelAttributions.addColumn(super.transformSchema(schema), this, numFeatures());
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema(), true);
    Map<String, ScoreColumns.Kind> kinds = new LinkedHashMap<>();
    if (!getRawPredictionCol().isEmpty()) {
      kinds.put(getRawPredictionCol(), ScoreColumns.Kind.RAW_PREDICTION);
    }
    if (!getProbabilityCol().isEmpty()) {
      kinds.put(getProbabilityCol(), ScoreColumns.Kind.PROBABILITY);
    }
    if (!getPredictionCol().isEmpty()) {
      kinds.put(getPredictionCol(), ScoreColumns.Kind.PREDICTION);
    }
    if (hasAttributionColumn()) {
      kinds.put(getAttributionCol(), ScoreColumns.Kind.ATTRIBUTIONS);
    }
    if (kinds.isEmpty()) {
      LOG.warn("{}: transform() did nothing because all output columns are empty", uid());
      return dataset.toDF();
    }
    double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
    if (thresholds != null && thresholds.length != numClasses()) {
      throw new IllegalArgumentException("thresholds has " + thresholds.length + " values but"
          + " the model has " + numClasses() + " classes; set one threshold per class");
    }
    OutputLoss loss = topology.outputLoss();
    return ModelScoring.transform(dataset, this, outputSchema, kinds,
        order -> new ScoreColumns(order, loss, thresholds), topology, scoringWeights,
        getFeaturesCol(), getBlockSize(), Precision.fromParamName(getPrecision()),
        ModelAttributions.spec(this, numFeatures(), getFeaturesCol(), featureMeans,
            AttributionSpec.Target.PREDICTED_CLASS, loss, thresholds));
  }

  /**
   * The mean absolute attribution of each feature over the rows of {@code dataset}: a global
   * view of which features the model's decisions rest on, from the attributions the
   * {@code attributionCol} would hold (the raw score of each row's predicted class, from
   * {@code attributionBaseline} in {@code attributionSteps} points); the column itself need not
   * be set. One Spark job over the rows.
   *
   * @return one value per feature
   * @throws IllegalArgumentException if the dataset is empty, or as {@code transform} with an
   *     attribution column
   */
  public Vector featureImportances(Dataset<?> dataset) {
    return ModelAttributions.featureImportances(this, dataset, numFeatures(), new ParamMap()
        .put(predictionCol().w("")).put(rawPredictionCol().w("")).put(probabilityCol().w("")));
  }

  @Override
  public NeuralNetworkClassificationModel copy(ParamMap extra) {
    NeuralNetworkClassificationModel copy =
        copyValues(new NeuralNetworkClassificationModel(uid, topology, weights, featureMeans),
            extra);
    copy.trainingSummary = trainingSummary;
    return copy.setParent(parent());
  }

  // Needed for javac: two inherited findSummaryModel() signatures clash otherwise.
  @Override
  @SuppressWarnings("rawtypes")
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  /**
   * A writer of this model: in Spark ML's own format by default, which {@link #load(String)}
   * reads, or as one ONNX model file with {@code write().format("onnx").save(path)} (the bytes
   * of {@link #toOnnx()}). Saving is atomic: a failed save leaves nothing behind.
   */
  @Override
  public GeneralMLWriter write() {
    return new NetworkModelWriter(this, topology, weights, featureMeans);
  }

  /**
   * The network as a serialised ONNX model (opset 13), for serving without Spark, e.g. with ONNX
   * Runtime. Input: {@code float [N, numFeatures]} named after {@code featuresCol}, the features
   * as this model sees them (feature transformers before it in a pipeline are not included).
   * Outputs, each named after its column and left out when the column is set to {@code ""}:
   * {@code rawPredictionCol} and {@code probabilityCol} ({@code [N, numClasses]}, in
   * {@code double}, or in {@code float} when {@code precision} is {@code float}), and
   * {@code predictionCol}, the class index as {@code int64 [N]}, respecting {@code thresholds}
   * when they are set. The same model gives the same bytes.
   *
   * @throws IllegalArgumentException if two columns share a name, every output column is empty,
   *     or the weights exceed the 2 GiB one ONNX file can hold
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
    double[] thresholds = isDefined(thresholds()) ? getThresholds() : null;
    return ModelOnnxExport.export(uid(), getClass().getName(), getPrecision(), getFeaturesCol(),
        topology, weights, OnnxSignature.classifier(getFeaturesCol(), getRawPredictionCol(),
            getProbabilityCol(), getPredictionCol(), thresholds), scaler);
  }

  /** A reader for models saved with {@link #write()}. */
  public static MLReader<NeuralNetworkClassificationModel> read() {
    return StageReader.forModel(NeuralNetworkClassificationModel.class,
        (uid, data) -> new NeuralNetworkClassificationModel(uid, data.topology(), data.weights(),
            data.featureMeans()));
  }

  /** Loads a model saved with {@link #write()} (in Spark ML's format) or {@code save}. */
  public static NeuralNetworkClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "NeuralNetworkClassificationModel: uid=" + uid + ", layers="
        + java.util.Arrays.toString(layers()) + ", activation="
        + topology.hiddenActivation().paramName();
  }
}
