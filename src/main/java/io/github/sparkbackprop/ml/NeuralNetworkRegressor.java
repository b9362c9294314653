package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.WarmStartCheck;
import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.ml.internal.persist.StageReader;
import io.github.sparkbackprop.ml.internal.persist.StageWriter;
import io.github.sparkbackprop.ml.internal.train.NeuralNetworkTrainer;
import io.github.sparkbackprop.ml.internal.train.TrainedNetwork;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A feed-forward neural network (multilayer perceptron) regressor trained by backpropagation.
 *
 * <p>Layers: the features, the {@code hiddenLayers} with the chosen {@code activation}, and one
 * linear output unit per target; training minimises the weighted mean {@code loss}
 * ({@code squaredError} or {@code huber}, summed over the targets) plus the elastic-net term.
 *
 * <p>The label column holds either numbers (one target; the model's {@code prediction} is a
 * double) or {@code Vector}s of {@code k >= 1} targets, the same {@code k} on every row
 * (multi-output regression, as scikit-learn's {@code MLPRegressor} with a 2-D target: the
 * targets share the hidden layers, and the model's {@code prediction} is a {@code Vector} of
 * {@code k} values). Assemble target columns into one with {@code VectorAssembler}. Labels are
 * used as they are: scaling them to similar, unit-sized ranges (and the features with
 * {@code StandardScaler}) helps every solver, and keeps one target from dominating the summed
 * loss.
 */
public class NeuralNetworkRegressor
    extends Regressor<Vector, NeuralNetworkRegressor, NeuralNetworkRegressionModel>
    implements NeuralNetworkEstimatorParams<NeuralNetworkRegressor>,
        NeuralNetworkRegressorParams, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final NeuralNetworkParamDefinitions definitions;
  private final RegressionParamDefinitions regressionDefinitions;

  /** Creates a regressor with a random uid. */
  public NeuralNetworkRegressor() {
    this(Identifiable.randomUID("nnr"));
  }

  /** Creates a regressor with the given uid (used by copy and load). */
  public NeuralNetworkRegressor(String uid) {
    this(ConstructionUid.stage(uid), true);
  }

  private NeuralNetworkRegressor(String uid, boolean uidStaged) {
    this.uid = uid;
    ConstructionUid.clear();
    this.definitions = new NeuralNetworkParamDefinitions(this);
    this.regressionDefinitions = new RegressionParamDefinitions(this);
    definitions.setDefaults();
    regressionDefinitions.setDefaults();
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

  /** @see #loss() */
  public NeuralNetworkRegressor setLoss(String value) {
    set(loss(), value);
    return this;
  }

  /** @see #epsilon() */
  public NeuralNetworkRegressor setEpsilon(double value) {
    set(epsilon(), value);
    return this;
  }

  /**
   * Continues training from {@code model} (warm start): sets {@code initialWeights} to its
   * weights. The model must have this estimator's {@code hiddenLayers} and {@code activation}
   * (checked now) and the data's number of features and outputs (checked by {@code fit}).
   *
   * @throws IllegalArgumentException naming both topologies when they differ
   */
  public NeuralNetworkRegressor setInitialModel(NeuralNetworkRegressionModel model) {
    WarmStartCheck.requireCompatible(getHiddenLayers(), getActivation(), model.layers(),
        model.getActivation());
    return setInitialWeights(model.weights());
  }

  /**
   * The output schema: the input's columns and {@code prediction}, a double for a numeric label
   * and a {@code Vector} for a vector label, then the attribution column if
   * {@code attributionCol} is set.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireTrainingColumns(schema,
        TrainingConfigs.of(this, getFeaturesCol(), getLabelCol()),
        SchemaChecks.LabelColumn.REAL_OR_VECTOR);
    SchemaChecks.requireAbsent(schema, getPredictionCol(), "prediction");
    StructType out;
    if (SchemaChecks.holdsVectors(schema, getLabelCol())) {
      // Spark's Predictor would require a numeric label: the schema is built here instead
      out = getPredictionCol().isEmpty() ? schema
          : schema.add(getPredictionCol(), SQLDataTypes.VectorType(), false);
    } else {
      out = super.transformSchema(schema);
    }
    return ModelAttributions.addColumnBeforeFit(out, this, schema, getFeaturesCol());
  }

  /**
   * Fits a model. A numeric label goes through Spark's {@code Predictor.fit}; a vector label
   * is read as it is (Spark's {@code fit} would cast the label column to double, which a vector
   * cannot be), after the same schema checks.
   */
  @Override
  public NeuralNetworkRegressionModel fit(Dataset<?> dataset) {
    if (!SchemaChecks.holdsVectors(dataset.schema(), getLabelCol())) {
      return super.fit(dataset);
    }
    transformSchema(dataset.schema(), true);
    NeuralNetworkRegressionModel model = train(dataset);
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public NeuralNetworkRegressionModel train(Dataset<?> dataset) {
    TrainingConfig config = TrainingConfigs.of(this, getFeaturesCol(), getLabelCol());
    boolean vectorLabel = SchemaChecks.holdsVectors(dataset.schema(), getLabelCol());
    LabelKind labels = vectorLabel
        ? LabelKind.realVectors(
            SchemaChecks.declaredNumFeatures(dataset.schema().apply(getLabelCol())))
        : LabelKind.real();
    TrainedNetwork network = NeuralNetworkTrainer.train(dataset, config, labels, outputLoss());
    return new NeuralNetworkRegressionModel(uid(), network.topology(), network.weights(),
        vectorLabel, network.featureMeans()).setSummary(new NeuralNetworkTrainingSummary(network));
  }

  @Override
  public NeuralNetworkRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new StageWriter(this);
  }

  /** A reader for regressors saved with {@link #write()}. */
  public static MLReader<NeuralNetworkRegressor> read() {
    return StageReader.forEstimator(NeuralNetworkRegressor.class, NeuralNetworkRegressor::new);
  }

  /** Loads a regressor saved with {@link #write()} or {@code save}. */
  public static NeuralNetworkRegressor load(String path) {
    return read().load(path);
  }
}
