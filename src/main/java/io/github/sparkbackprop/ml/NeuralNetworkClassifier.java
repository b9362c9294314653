package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.WarmStartCheck;
import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.ml.internal.persist.StageReader;
import io.github.sparkbackprop.ml.internal.persist.StageWriter;
import io.github.sparkbackprop.ml.internal.train.NeuralNetworkTrainer;
import io.github.sparkbackprop.ml.internal.train.TrainedNetwork;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A feed-forward neural network (multilayer perceptron) classifier trained by backpropagation.
 *
 * <p>Layers: the features, the {@code hiddenLayers} with the chosen {@code activation}, and a
 * softmax output with one unit per class; training minimises the weighted mean cross-entropy plus
 * the elastic-net term. Labels are class indices {@code 0..k-1} ({@code k} from the label
 * column's metadata if it declares one, else the largest label + 1).
 *
 * <pre>{@code
 * NeuralNetworkClassifier nn = new NeuralNetworkClassifier()
 *     .setHiddenLayers(new int[] {256, 128})
 *     .setActivation("relu")
 *     .setMaxIter(100);
 * NeuralNetworkClassificationModel model = nn.fit(train);
 * }</pre>
 */
public class NeuralNetworkClassifier
    extends ProbabilisticClassifier<Vector, NeuralNetworkClassifier,
        NeuralNetworkClassificationModel>
    implements NeuralNetworkEstimatorParams<NeuralNetworkClassifier>,
        NeuralNetworkClassifierParams, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final NeuralNetworkParamDefinitions definitions;
  private final ClassifierParamDefinitions classifierDefinitions;

  /** Creates a classifier with a random uid. */
  public NeuralNetworkClassifier() {
    this(Identifiable.randomUID("nnc"));
  }

  /** Creates a classifier with the given uid (used by copy and load). */
  public NeuralNetworkClassifier(String uid) {
    this(ConstructionUid.stage(uid), true);
  }

  private NeuralNetworkClassifier(String uid, boolean uidStaged) {
    this.uid = uid;
    ConstructionUid.clear();
    this.definitions = new NeuralNetworkParamDefinitions(this);
    this.classifierDefinitions = new ClassifierParamDefinitions(this);
    definitions.setDefaults();
    classifierDefinitions.setDefaults();
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

  /** @see #classWeighting() */
  public NeuralNetworkClassifier setClassWeighting(String value) {
    set(classWeighting(), value);
    return this;
  }

  /**
   * Continues training from {@code model} (warm start): sets {@code initialWeights} to its
   * weights. The model must have this estimator's {@code hiddenLayers} and {@code activation}
   * (checked now) and the data's number of features and outputs (checked by {@code fit}).
   *
   * @throws IllegalArgumentException naming both topologies when they differ
   */
  public NeuralNetworkClassifier setInitialModel(NeuralNetworkClassificationModel model) {
    WarmStartCheck.requireCompatible(getHiddenLayers(), getActivation(), model.layers(),
        model.getActivation());
    return setInitialWeights(model.weights());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireTrainingColumns(schema,
        TrainingConfigs.of(this, getFeaturesCol(), getLabelCol()),
        SchemaChecks.LabelColumn.CLASS_INDEX);
    SchemaChecks.requireAbsent(schema, getPredictionCol(), "prediction");
    SchemaChecks.requireAbsent(schema, getRawPredictionCol(), "rawPrediction");
    SchemaChecks.requireAbsent(schema, getProbabilityCol(), "probability");
    return ModelAttributions.addColumnBeforeFit(super.transformSchema(schema), this, schema,
        getFeaturesCol());
  }

  @Override
  public NeuralNetworkClassificationModel train(Dataset<?> dataset) {
    TrainingConfig config = TrainingConfigs.of(this, getFeaturesCol(), getLabelCol());
    int declared = SchemaChecks.declaredNumClasses(dataset.schema().apply(getLabelCol()));
    TrainedNetwork network =
        NeuralNetworkTrainer.train(dataset, config, LabelKind.classes(declared), null);
    return new NeuralNetworkClassificationModel(uid(), network.topology(), network.weights(),
        network.featureMeans())
        .setSummary(new NeuralNetworkTrainingSummary(network));
  }

  @Override
  public NeuralNetworkClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new StageWriter(this);
  }

  /** A reader for classifiers saved with {@link #write()}. */
  public static MLReader<NeuralNetworkClassifier> read() {
    return StageReader.forEstimator(NeuralNetworkClassifier.class, NeuralNetworkClassifier::new);
  }

  /** Loads a classifier saved with {@link #write()} or {@code save}. */
  public static NeuralNetworkClassifier load(String path) {
    return read().load(path);
  }
}
