package io.github.sparkbackprop.ml;

import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.check.WarmStartCheck;
import io.github.sparkbackprop.ml.internal.check.SchemaChecks;
import io.github.sparkbackprop.ml.internal.data.LabelKind;
import io.github.sparkbackprop.ml.internal.persist.StageReader;
import io.github.sparkbackprop.ml.internal.persist.StageWriter;
import io.github.sparkbackprop.ml.internal.train.NeuralNetworkTrainer;
import io.github.sparkbackprop.ml.internal.train.TrainedNetwork;
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
 * linear output unit; training minimises the weighted mean {@code loss} ({@code squaredError} or
 * {@code huber}) plus the elastic-net term. Labels are used as they are: scaling them to unit
 * variance (and the features with {@code StandardScaler}) helps every solver.
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
    WarmStartCheck.requireCompatible(this, model.layers(), model.getActivation());
    return setInitialWeights(model.weights());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    SchemaChecks.requireTrainingColumns(schema, this, getFeaturesCol(), getLabelCol());
    SchemaChecks.requireAbsent(schema, getPredictionCol(), "prediction");
    return super.transformSchema(schema);
  }

  @Override
  public NeuralNetworkRegressionModel train(Dataset<?> dataset) {
    TrainingConfig config = TrainingConfig.of(this, getFeaturesCol(), getLabelCol());
    TrainedNetwork network =
        NeuralNetworkTrainer.train(dataset, config, LabelKind.real(), outputLoss());
    return new NeuralNetworkRegressionModel(uid(), network.topology(), network.weights())
        .setSummary(new NeuralNetworkTrainingSummary(network));
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
