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
import io.github.sparkbackprop.nn.Predictions;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained multi-label neural-network classifier, produced by
 * {@link NeuralNetworkMultiLabelClassifier}.
 *
 * <p>{@code transform} appends {@code prediction}, the {@code array<double>} of the indices of
 * the labels whose probability exceeds their threshold ({@code threshold}, or per label
 * {@code thresholds}), as {@code MultilabelClassificationEvaluator} reads it; {@code
 * rawPrediction}, the output layer before the sigmoids, one score per label; and
 * {@code probability}, one sigmoid per label. It scores {@code blockSize} rows at a time with one
 * GEMM per layer, as one lazy plan step that works on streaming DataFrames too.
 */
public class NeuralNetworkMultiLabelClassificationModel
    extends Model<NeuralNetworkMultiLabelClassificationModel>
    implements NeuralNetworkMultiLabelParams, NeuralNetworkClassifierParams,
        AttributionSetters<NeuralNetworkMultiLabelClassificationModel>, MLWritable,
        HasTrainingSummary<NeuralNetworkTrainingSummary> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG =
      LoggerFactory.getLogger(NeuralNetworkMultiLabelClassificationModel.class);

  /** Topology of the no-arg placeholder: no hidden layer, 1 input, two labels. */
  private static final Topology PLACEHOLDER_TOPOLOGY =
      new Topology(new int[] {1, 2}, Activation.RELU, OutputLoss.sigmoidCrossEntropy());

  private final String uid;
  private final NeuralNetworkParamDefinitions definitions;
  private final MultiLabelParamDefinitions multiLabelDefinitions;
  private final ClassifierParamDefinitions classifierDefinitions;
  private final Topology topology;
  private final double[] weights;
  /** The training features' means, the default attribution baseline; {@code null} if unknown. */
  private final double[] featureMeans;
  /** {@link #weights} broadcast on the first {@code transform} and kept for the later ones. */
  private final ScoringWeights scoringWeights;
  private NeuralNetworkTrainingSummary trainingSummary;

  /**
   * An untrained placeholder: one feature, two labels, all weights zero. It exists because Spark
   * Connect lists the models it can load with a {@code ServiceLoader} of
   * {@code org.apache.spark.ml.Transformer}, which requires a public no-arg constructor of every
   * registered class. Real models come from {@code fit} or {@link #load(String)}.
   */
  public NeuralNetworkMultiLabelClassificationModel() {
    this(Identifiable.randomUID("nnml"), PLACEHOLDER_TOPOLOGY,
        new double[PLACEHOLDER_TOPOLOGY.numParameters()]);
  }

  NeuralNetworkMultiLabelClassificationModel(String uid, Topology topology, double[] weights) {
    this(uid, topology, weights, null);
  }

  /** @param featureMeans the training features' means; {@code null} if unknown */
  NeuralNetworkMultiLabelClassificationModel(String uid, Topology topology, double[] weights,
      double[] featureMeans) {
    if (!OutputLoss.sigmoidCrossEntropy().equals(topology.outputLoss())) {
      throw new IllegalArgumentException("A multi-label model needs one sigmoid output per"
          + " label, but the network " + topology + " has " + topology.outputLoss());
    }
    // Model's constructor creates no params: the uid is assigned before ours ask for it
    this.uid = uid;
    this.definitions = new NeuralNetworkParamDefinitions(this);
    this.multiLabelDefinitions = new MultiLabelParamDefinitions(this);
    this.classifierDefinitions = new ClassifierParamDefinitions(this);
    definitions.setDefaults();
    multiLabelDefinitions.setDefaults();
    classifierDefinitions.setDefaults();
    this.topology = topology;
    this.weights = weights;
    this.featureMeans = featureMeans;
    this.scoringWeights = new ScoringWeights(weights);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public NeuralNetworkParamDefinitions paramDefinitions() {
    return definitions;
  }

  @Override
  public MultiLabelParamDefinitions multiLabelParamDefinitions() {
    return multiLabelDefinitions;
  }

  @Override
  public ClassifierParamDefinitions classifierParamDefinitions() {
    return classifierDefinitions;
  }

  /** The flat weight vector: per layer, the weight matrix (column-major) then the bias. */
  public Vector weights() {
    return Vectors.dense(weights.clone());
  }

  /** Layer sizes from the input (number of features) to the output (number of labels). */
  public int[] layers() {
    return topology.layerSizes();
  }

  /** Number of labels: the output units, one per label. */
  public int numLabels() {
    return topology.numOutputs();
  }

  /** Number of features the model reads per row. */
  public int numFeatures() {
    return topology.numInputs();
  }

  Topology topology() {
    return topology;
  }

  /** The training features' means (the default attribution baseline), or {@code null}. */
  double[] featureMeans() {
    return featureMeans == null ? null : featureMeans.clone();
  }

  /** @see #featuresCol() */
  public NeuralNetworkMultiLabelClassificationModel setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  /** @see #predictionCol() */
  public NeuralNetworkMultiLabelClassificationModel setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** @see #rawPredictionCol() */
  public NeuralNetworkMultiLabelClassificationModel setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return this;
  }

  /** @see #probabilityCol() */
  public NeuralNetworkMultiLabelClassificationModel setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return this;
  }

  /** @see #threshold() */
  public NeuralNetworkMultiLabelClassificationModel setThreshold(double value) {
    set(threshold(), value);
    return this;
  }

  /** @see #thresholds() */
  public NeuralNetworkMultiLabelClassificationModel setThresholds(double[] value) {
    set(thresholds(), value);
    return this;
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
   * The summary as Spark's {@code HasTrainingSummary} holds it, so that a Spark Connect server
   * lets clients call {@code hasSummary} and {@code summary} on this model.
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

  NeuralNetworkMultiLabelClassificationModel setSummary(NeuralNetworkTrainingSummary summary) {
    this.trainingSummary = summary;
    return this;
  }

  /** The raw scores of one row of features: one per label, before the sigmoids. */
  public Vector predictRaw(Vector features) {
    return Vectors.dense(ModelScoring.predictRaw(topology, weights, features));
  }

  /** The probability of each label for one row of features. */
  public Vector predictProbability(Vector features) {
    double[] p = ModelScoring.predictRaw(topology, weights, features);
    topology.outputLoss().toOutputSpace(p, 0, p.length, 1);
    return Vectors.dense(p);
  }

  /**
   * The predicted labels of one row of features: the indices, ascending, of the labels whose
   * probability exceeds their threshold (what the {@code prediction} column holds).
   */
  public double[] predict(Vector features) {
    double[] p = predictProbability(features).toArray();
    double[] chosen = new double[p.length];
    int count = Predictions.labelsAbove(p, 0, p.length, labelThresholds(numLabels()), chosen,
        0);
    return Arrays.copyOf(chosen, count);
  }

  /**
   * The output schema: the input's columns, then {@code prediction} ({@code array<double>}),
   * {@code rawPrediction} and {@code probability} ({@code Vector}s), each unless its column is
   * set to {@code ""}, in the order of Spark's probabilistic classifiers.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireVectorColumn(schema, getFeaturesCol());
    return ModelAttributions.addColumn(outputSchema(schema, this), this, numFeatures());
  }

  /** {@code schema} with the output columns of a model of {@code params} appended. */
  static StructType outputSchema(StructType schema, NeuralNetworkMultiLabelParams params) {
    SchemaChecks.requireAbsent(schema, params.getPredictionCol(), "prediction");
    SchemaChecks.requireAbsent(schema, params.getRawPredictionCol(), "rawPrediction");
    SchemaChecks.requireAbsent(schema, params.getProbabilityCol(), "probability");
    StructType out = schema;
    if (!params.getPredictionCol().isEmpty()) {
      out = out.add(params.getPredictionCol(),
          DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    }
    if (!params.getRawPredictionCol().isEmpty()) {
      out = out.add(params.getRawPredictionCol(), SQLDataTypes.VectorType(), false);
    }
    if (!params.getProbabilityCol().isEmpty()) {
      out = out.add(params.getProbabilityCol(), SQLDataTypes.VectorType(), false);
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema(), true);
    Map<String, ScoreColumns.Kind> kinds = new LinkedHashMap<>();
    if (!getPredictionCol().isEmpty()) {
      kinds.put(getPredictionCol(), ScoreColumns.Kind.LABEL_SET);
    }
    if (!getRawPredictionCol().isEmpty()) {
      kinds.put(getRawPredictionCol(), ScoreColumns.Kind.RAW_PREDICTION);
    }
    if (!getProbabilityCol().isEmpty()) {
      kinds.put(getProbabilityCol(), ScoreColumns.Kind.PROBABILITY);
    }
    if (hasAttributionColumn()) {
      kinds.put(getAttributionCol(), ScoreColumns.Kind.ATTRIBUTIONS);
    }
    if (kinds.isEmpty()) {
      LOG.warn("{}: transform() did nothing because all output columns are empty", uid());
      return dataset.toDF();
    }
    double[] thresholds = labelThresholds(numLabels());
    OutputLoss loss = topology.outputLoss();
    return ModelScoring.transform(dataset, this, outputSchema, kinds,
        order -> new ScoreColumns(order, loss, thresholds), topology, scoringWeights,
        getFeaturesCol(), getBlockSize(), Precision.fromParamName(getPrecision()),
        ModelAttributions.spec(this, numFeatures(), getFeaturesCol(), featureMeans,
            AttributionSpec.Target.PREDICTED_LABELS, loss, thresholds));
  }

  /**
   * The mean absolute attribution of each feature over the rows of {@code dataset}: a global
   * view of which features the predicted labels rest on, from the attributions the
   * {@code attributionCol} would hold (the sum of the raw scores of each row's predicted
   * labels, from {@code attributionBaseline} in {@code attributionSteps} points); the column
   * itself need not be set. One Spark job over the rows.
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
  public NeuralNetworkMultiLabelClassificationModel copy(ParamMap extra) {
    NeuralNetworkMultiLabelClassificationModel copy =
        copyValues(new NeuralNetworkMultiLabelClassificationModel(uid, topology, weights,
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
    return new NetworkModelWriter(this, topology, weights, featureMeans);
  }

  /**
   * The network as a serialised ONNX model (opset 13), for serving without Spark. Input:
   * {@code float [N, numFeatures]} named after {@code featuresCol}. Outputs, each named after
   * its column and left out when the column is set to {@code ""}: {@code rawPredictionCol} and
   * {@code probabilityCol} ({@code [N, numLabels]}, in {@code double}, or in {@code float} when
   * {@code precision} is {@code float}), and {@code predictionCol}, {@code int64 [N, numLabels]}:
   * 1 where the label is predicted (its probability exceeds its threshold), else 0, since a
   * tensor cannot hold sets of different sizes. The same model gives the same bytes.
   *
   * @throws IllegalArgumentException if two columns share a name, every output column is empty,
   *     {@code thresholds} has the wrong length, or the weights exceed the 2 GiB one ONNX file
   *     can hold
   */
  public byte[] toOnnx() {
    return onnx(null);
  }

  /**
   * Like {@link #toOnnx()}, with a {@code StandardScaler} that directly precedes this model in
   * its pipeline built into the graph: the input is then the raw features, named after the
   * scaler's {@code inputCol}.
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
    return ModelOnnxExport.export(uid(), getClass().getName(), getPrecision(), getFeaturesCol(),
        topology, weights, OnnxSignature.multiLabel(getFeaturesCol(), getRawPredictionCol(),
            getProbabilityCol(), getPredictionCol(), labelThresholds(topology.numOutputs())),
        scaler);
  }

  /** A reader for models saved with {@link #write()}. */
  public static MLReader<NeuralNetworkMultiLabelClassificationModel> read() {
    return StageReader.forModel(NeuralNetworkMultiLabelClassificationModel.class,
        (uid, data) -> new NeuralNetworkMultiLabelClassificationModel(uid, data.topology(),
            data.weights(), data.featureMeans()));
  }

  /** Loads a model saved with {@link #write()} (in Spark ML's format) or {@code save}. */
  public static NeuralNetworkMultiLabelClassificationModel load(String path) {
    return read().load(path);
  }

  /**
   * The uid, layers and activation (the Python wrapper reads the layers from it over Spark
   * Connect, which lets a client call {@code toString} on any stage but not {@code layers}).
   */
  @Override
  public String toString() {
    return "NeuralNetworkMultiLabelClassificationModel: uid=" + uid + ", layers="
        + Arrays.toString(layers()) + ", activation=" + topology.hiddenActivation().paramName();
  }
}
