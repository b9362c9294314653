package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassifier;
import io.github.sparkbackprop.ml.NeuralNetworkRegressionModel;
import io.github.sparkbackprop.ml.NeuralNetworkRegressor;
import io.github.sparkbackprop.ml.internal.line.SparkLine;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

/**
 * Spark Connect (Spark 4) finds the ML stages a client may use by name through
 * {@link ServiceLoader}: estimators under {@code META-INF/services/org.apache.spark.ml.Estimator},
 * models (to load them) under {@code .Transformer}. It lists the provider types with
 * {@code ServiceLoader.stream()}, which requires each to have a public no-arg constructor
 * (without one the whole listing fails, Spark's own stages included) but does not call it, then
 * creates an estimator by {@code (String uid)} and loads a model by its static
 * {@code load(String)}. The test does the same, and also calls our no-arg constructors.
 */
class SparkConnectRegistrationTest {

  private static final List<Class<?>> ESTIMATORS = List.of(NeuralNetworkClassifier.class,
      NeuralNetworkRegressor.class, NeuralNetworkMultiLabelClassifier.class);
  private static final List<Class<?>> MODELS = List.of(NeuralNetworkClassificationModel.class,
      NeuralNetworkRegressionModel.class, NeuralNetworkMultiLabelClassificationModel.class);
  /**
   * Spark 4 registers its own stages for Spark Connect's ML API; Spark 3.5, which has none,
   * registers nothing, and ours are then the only ones listed.
   */
  private static final boolean SPARK_REGISTERS_ITS_OWN =
      !SparkLine.current().name().equals("3.5");

  @Test
  void serviceLoaderFindsAndInstantiatesTheEstimators() {
    Set<Class<?>> types = registered(Estimator.class, ESTIMATORS);
    // Spark 4's own registrations are still listed next to ours
    assertEquals(SPARK_REGISTERS_ITS_OWN,
        types.contains(org.apache.spark.ml.classification.LogisticRegression.class));
  }

  @Test
  void serviceLoaderFindsAndInstantiatesTheModels() {
    Set<Class<?>> types = registered(Transformer.class, MODELS);
    assertEquals(SPARK_REGISTERS_ITS_OWN,
        types.contains(org.apache.spark.ml.classification.LogisticRegressionModel.class));
  }

  /**
   * The provider types of {@code service}, listed as Spark Connect lists them; requires
   * {@code ours} among them, and instantiates ours through the loader (Spark's own models cannot
   * all be: their no-arg constructors are placeholders that may throw).
   */
  private static Set<Class<?>> registered(Class<?> service, List<Class<?>> ours) {
    ServiceLoader<?> loader = ServiceLoader.load(service);
    Set<Class<?>> types = loader.stream().map(ServiceLoader.Provider::type)
        .collect(Collectors.toSet());
    for (Class<?> stage : ours) {
      assertTrue(types.contains(stage), stage + " is not registered for " + service);
      Object instance = loader.stream().filter(p -> p.type() == stage).findFirst()
          .orElseThrow().get();
      assertEquals(stage, instance.getClass());
    }
    return types;
  }

  @Test
  void registeredClassesHaveWhatSparkConnectCalls() throws Exception {
    for (Class<?> stage : ESTIMATORS) {
      // a client's estimator is created with the uid the client chose
      Object created = stage.getConstructor(String.class).newInstance("nn_from_client");
      assertEquals("nn_from_client", ((Estimator<?>) created).uid());
      assertLoadMethod(stage);
    }
    for (Class<?> stage : MODELS) {
      assertTrue(Modifier.isPublic(stage.getConstructor().getModifiers()));
      assertLoadMethod(stage);
    }
  }

  private static void assertLoadMethod(Class<?> stage) throws NoSuchMethodException {
    Method load = stage.getMethod("load", String.class);
    assertTrue(Modifier.isStatic(load.getModifiers()), stage + ".load is not static");
    assertTrue(stage.isAssignableFrom(load.getReturnType()), stage + ".load returns "
        + load.getReturnType());
  }

  /**
   * A Connect server lets clients call {@code hasSummary}/{@code summary} only on a
   * {@code HasTrainingSummary}, and {@code objectiveHistory}/{@code totalIterations} only on a
   * {@code TrainingSummary}: the Python wrappers rely on both.
   */
  @Test
  void modelsAndSummaryHaveTheTypesSparkConnectAllowsCallsOn() {
    for (Class<?> model : MODELS) {
      assertTrue(org.apache.spark.ml.util.HasTrainingSummary.class.isAssignableFrom(model),
          model.getName());
    }
    assertTrue(org.apache.spark.ml.classification.TrainingSummary.class.isAssignableFrom(
        io.github.sparkbackprop.ml.NeuralNetworkTrainingSummary.class));
    NeuralNetworkClassificationModel placeholder = new NeuralNetworkClassificationModel();
    assertTrue(!placeholder.hasSummary() && placeholder.trainingSummary().isEmpty());
  }

  @Test
  void placeholderModelsAreHarmlessAndDistinct() {
    NeuralNetworkClassificationModel classifier = new NeuralNetworkClassificationModel();
    assertNotNull(classifier.uid());
    assertNotEquals(classifier.uid(), new NeuralNetworkClassificationModel().uid());
    assertArrayEquals(new int[] {1, 2}, classifier.layers());
    assertEquals(2, classifier.numClasses());
    // zero weights: both classes equally likely
    assertArrayEquals(new double[] {0.5, 0.5},
        classifier.predictProbability(Vectors.dense(3.0)).toArray(), 1e-15);
    assertEquals("relu", classifier.getActivation(), "params have their defaults");

    NeuralNetworkRegressionModel regressor = new NeuralNetworkRegressionModel();
    assertNotNull(regressor.uid());
    assertArrayEquals(new int[] {1, 1}, regressor.layers());
    assertEquals(0.0, regressor.predict(Vectors.dense(3.0)), 0.0);
    assertEquals(regressor.uid(), regressor.copy(new org.apache.spark.ml.param.ParamMap()).uid());

    NeuralNetworkMultiLabelClassificationModel multiLabel =
        new NeuralNetworkMultiLabelClassificationModel();
    assertNotEquals(multiLabel.uid(), new NeuralNetworkMultiLabelClassificationModel().uid());
    assertArrayEquals(new int[] {1, 2}, multiLabel.layers());
    // zero weights: every label has probability 1/2, which does not exceed the threshold 0.5
    assertArrayEquals(new double[] {0.5, 0.5},
        multiLabel.predictProbability(Vectors.dense(3.0)).toArray(), 1e-15);
    assertArrayEquals(new double[0], multiLabel.predict(Vectors.dense(3.0)));
  }
}
