package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.ParamChecks;
import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.check.WarmStartCheck;
import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.ml.internal.persist.StageReader;
import io.github.sparkbackprop.ml.internal.persist.StageWriter;
import io.github.sparkbackprop.ml.internal.train.NeuralNetworkTrainer;
import io.github.sparkbackprop.ml.internal.train.TrainedNetwork;
import io.github.sparkbackprop.nn.OutputLoss;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A feed-forward neural network (multilayer perceptron) for multi-label classification, trained
 * by backpropagation: each row may have any number of the labels {@code 0..numLabels-1}, none
 * included (scikit-learn's {@code MLPClassifier} with a 2-D indicator target).
 *
 * <p>Layers: the features, the {@code hiddenLayers} with the chosen {@code activation}, and one
 * sigmoid output per label, so that every label gets its own probability while all labels share
 * the hidden layers; training minimises the weighted mean binary cross-entropy, summed over the
 * labels, plus the elastic-net term.
 *
 * <p>It follows Spark's multi-label convention, that of {@code MultilabelClassificationEvaluator}:
 * the label column holds per row an {@code array<double>} of the indices of its labels, and the
 * model's {@code prediction} is such an array too. {@code numLabels} is the largest index + 1
 * unless set. Spark ML has no multi-label base classes, so this is a plain {@code Estimator} with
 * Spark's column params ({@code featuresCol}, {@code labelCol}, {@code predictionCol},
 * {@code rawPredictionCol}, {@code probabilityCol}); it works in a {@code Pipeline} and in
 * {@code CrossValidator}.
 *
 * <pre>{@code
 * NeuralNetworkMultiLabelClassifier nn = new NeuralNetworkMultiLabelClassifier()
 *     .setHiddenLayers(new int[] {64})
 *     .setMaxIter(100);
 * NeuralNetworkMultiLabelClassificationModel model = nn.fit(train);   // label: [0.0, 2.0], ...
 * double f1 = new MultilabelClassificationEvaluator().setMetricName("microF1Measure")
 *     .evaluate(model.transform(test));
 * }</pre>
 */
public class NeuralNetworkMultiLabelClassifier
    extends Estimator<NeuralNetworkMultiLabelClassificationModel>
    implements NeuralNetworkEstimatorParams<NeuralNetworkMultiLabelClassifier>,
        NeuralNetworkMultiLabelParams, NeuralNetworkClassifierParams, MLWritable {

  private static final long serialVersionUID = 1L;

  // Estimator's constructor creates no params, so unlike the Predictor subclasses this class
  // needs no ConstructionUid: the uid is assigned before the params below ask for it.
  private final String uid;
  private final NeuralNetworkParamDefinitions definitions;
  private final MultiLabelParamDefinitions multiLabelDefinitions;
  private final ClassifierParamDefinitions classifierDefinitions;
  private final IntParam numLabels;

  /** Creates a multi-label classifier with a random uid. */
  public NeuralNetworkMultiLabelClassifier() {
    this(Identifiable.randomUID("nnml"));
  }

  /** Creates a multi-label classifier with the given uid (used by copy and load). */
  public NeuralNetworkMultiLabelClassifier(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("A stage's uid must not be null or empty");
    }
    this.uid = uid;
    this.definitions = new NeuralNetworkParamDefinitions(this);
    this.multiLabelDefinitions = new MultiLabelParamDefinitions(this);
    this.classifierDefinitions = new ClassifierParamDefinitions(this);
    NeuralNetworkParamDefinitions.Declarer declare =
        new NeuralNetworkParamDefinitions.Declarer(this);
    this.numLabels = declare.intParam("numLabels",
        "number of labels (>= 1), the output units; label indices must be below it; unset:"
            + " the largest label index in the data + 1{{ (estimator only; the model's"
            + " `numLabels()` is the fitted count)}}",
        ParamChecks.intAtLeast(1));
    definitions.setDefaults();
    multiLabelDefinitions.setDefaults();
    classifierDefinitions.setDefaults();
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

  /** @see #classWeighting() */
  public NeuralNetworkMultiLabelClassifier setClassWeighting(String value) {
    set(classWeighting(), value);
    return this;
  }

  /**
   * Number of labels (>= 1), and so of output units: every label index must be below it. Set it
   * when some labels may be missing from the training rows (the largest ones especially), so
   * that the model still has their outputs. Default: unset, the largest label index in the data
   * (training and validation rows) + 1.
   */
  public IntParam numLabels() {
    return numLabels;
  }

  /** @see #numLabels() */
  public int getNumLabels() {
    return (Integer) getOrDefault(numLabels);
  }

  /** @see #numLabels() */
  public NeuralNetworkMultiLabelClassifier setNumLabels(int value) {
    set(numLabels, value);
    return this;
  }

  /** @see #featuresCol() */
  public NeuralNetworkMultiLabelClassifier setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  /** @see #labelCol() */
  public NeuralNetworkMultiLabelClassifier setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  /** @see #predictionCol() */
  public NeuralNetworkMultiLabelClassifier setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  /** @see #rawPredictionCol() */
  public NeuralNetworkMultiLabelClassifier setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return this;
  }

  /** @see #probabilityCol() */
  public NeuralNetworkMultiLabelClassifier setProbabilityCol(String value) {
    set(probabilityCol(), value);
    return this;
  }

  /** @see #threshold() */
  public NeuralNetworkMultiLabelClassifier setThreshold(double value) {
    set(threshold(), value);
    return this;
  }

  /** @see #thresholds() */
  public NeuralNetworkMultiLabelClassifier setThresholds(double[] value) {
    set(thresholds(), value);
    return this;
  }

  /**
   * Continues training from {@code model} (warm start): sets {@code initialWeights} to its
   * weights. The model must have this estimator's {@code hiddenLayers} and {@code activation}
   * (checked now) and the data's number of features and labels (checked by {@code fit}).
   *
   * @throws IllegalArgumentException naming both topologies when they differ
   */
  public NeuralNetworkMultiLabelClassifier setInitialModel(
      NeuralNetworkMultiLabelClassificationModel model) {
    WarmStartCheck.requireCompatible(getHiddenLayers(), getActivation(), model.layers(),
        model.getActivation());
    return setInitialWeights(model.weights());
  }

  /**
   * Checks the input columns (the label an array of numbers) and returns the model's output
   * schema: the input's columns, then {@code prediction} ({@code array<double>}),
   * {@code rawPrediction} and {@code probability} ({@code Vector}s), each unless set to
   * {@code ""}, then the attribution column if {@code attributionCol} is set.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireTrainingColumns(schema,
        TrainingConfigs.of(this, getFeaturesCol(), getLabelCol()),
        SchemaChecks.LabelColumn.LABEL_INDICES);
    return ModelAttributions.addColumnBeforeFit(
        NeuralNetworkMultiLabelClassificationModel.outputSchema(schema, this), this, schema,
        getFeaturesCol());
  }

  /**
   * Trains a model on {@code dataset}: one pass over the labels first finds their number when
   * {@code numLabels} is unset; then the network is trained as the other estimators' are.
   *
   * @throws IllegalArgumentException on bad input, naming the column, the value and the fix
   */
  @Override
  public NeuralNetworkMultiLabelClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    TrainingConfig config = TrainingConfigs.of(this, getFeaturesCol(), getLabelCol());
    LabelKind labels = LabelKind.labelSets(isDefined(numLabels) ? getNumLabels() : -1);
    TrainedNetwork network = NeuralNetworkTrainer.train(dataset, config, labels,
        OutputLoss.sigmoidCrossEntropy());
    NeuralNetworkMultiLabelClassificationModel model =
        new NeuralNetworkMultiLabelClassificationModel(uid(), network.topology(),
            network.weights(), network.featureMeans());
    model.setSummary(new NeuralNetworkTrainingSummary(network));
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public NeuralNetworkMultiLabelClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new StageWriter(this);
  }

  /** A reader for multi-label classifiers saved with {@link #write()}. */
  public static MLReader<NeuralNetworkMultiLabelClassifier> read() {
    return StageReader.forEstimator(NeuralNetworkMultiLabelClassifier.class,
        NeuralNetworkMultiLabelClassifier::new);
  }

  /** Loads a multi-label classifier saved with {@link #write()} or {@code save}. */
  public static NeuralNetworkMultiLabelClassifier load(String path) {
    return read().load(path);
  }
}
