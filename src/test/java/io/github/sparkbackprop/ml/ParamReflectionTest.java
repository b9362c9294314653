package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.optim.Solver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SynapseML-style checks over Spark's {@code params()} reflection for every stage class: docs,
 * getters, setters and their return types, round trips, {@code explainParams}, {@code copy},
 * documented defaults, and validation messages that say what is valid.
 */
class ParamReflectionTest {

  /** The params declared by {@link NeuralNetworkParams}, found by reflection. */
  private static final List<String> SHARED_PARAMS =
      new ArrayList<>(paramAccessors(NeuralNetworkParams.class));

  /** The params {@link NeuralNetworkRegressorParams} declares on top of the shared ones. */
  private static final List<String> REGRESSION_PARAMS = paramAccessors(
      NeuralNetworkRegressorParams.class).stream().filter(n -> !SHARED_PARAMS.contains(n))
      .collect(Collectors.toList());

  /** The params both classifiers and their models declare on top of the shared ones. */
  private static final List<String> CLASSIFIER_PARAMS = paramAccessors(
      NeuralNetworkClassifierParams.class).stream().filter(n -> !SHARED_PARAMS.contains(n))
      .collect(Collectors.toList());

  /** Params every Spark classifier / classification model has. */
  private static final List<String> SPARK_CLASSIFIER_PARAMS = List.of("featuresCol", "labelCol",
      "predictionCol", "rawPredictionCol", "probabilityCol", "thresholds");

  /** Params every Spark regressor / regression model has. */
  private static final List<String> SPARK_REGRESSOR_PARAMS =
      List.of("featuresCol", "labelCol", "predictionCol");

  /** Params the multi-label classifier and its model declare on top of the shared ones. */
  private static final List<String> MULTI_LABEL_PARAMS = paramAccessors(
      NeuralNetworkMultiLabelParams.class).stream().filter(n -> !SHARED_PARAMS.contains(n))
      .collect(Collectors.toList());

  private static NeuralNetworkClassificationModel classificationModel;
  private static NeuralNetworkRegressionModel regressionModel;
  private static NeuralNetworkMultiLabelClassificationModel multiLabelModel;

  @BeforeAll
  static void fitTinyModels() {
    StructType schema = new StructType()
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      double a = (i % 4) - 1.5;
      double b = (i % 3) - 1.0;
      rows.add(RowFactory.create(Vectors.dense(a, b), a + b > 0 ? 1.0 : 0.0));
    }
    Dataset<Row> df = TestSpark.session().createDataFrame(rows, schema);
    classificationModel = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {3}).setMaxIter(2).setActivation("tanh").setSeed(1L)
        .setBlockSize(5).setClassWeighting("balanced").fit(df);
    regressionModel = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {2}).setMaxIter(2).setLoss("huber").setEpsilon(0.5)
        .setSeed(2L).setBlockSize(7).fit(df);
    multiLabelModel = new NeuralNetworkMultiLabelClassifier()
        .setHiddenLayers(new int[] {4}).setMaxIter(2).setSeed(4L).setThreshold(0.4)
        .setLabelCol("labels").setClassWeighting("balanced")
        .fit(df.withColumn("labels", org.apache.spark.sql.functions.array(
            org.apache.spark.sql.functions.col("label"))));
  }

  private static List<Params> allStages() {
    return List.of(new NeuralNetworkClassifier(), new NeuralNetworkRegressor(),
        new NeuralNetworkMultiLabelClassifier(), classificationModel, regressionModel,
        multiLabelModel);
  }

  private static List<Params> estimators() {
    return List.of(new NeuralNetworkClassifier(), new NeuralNetworkRegressor(),
        new NeuralNetworkMultiLabelClassifier());
  }

  private static boolean isMultiLabel(Params stage) {
    return stage instanceof NeuralNetworkMultiLabelParams;
  }

  private static boolean isRegression(Params stage) {
    return stage instanceof NeuralNetworkRegressorParams;
  }

  private static List<String> ownParamNames(Params stage) {
    List<String> names = new ArrayList<>(SHARED_PARAMS);
    if (isRegression(stage)) {
      names.addAll(REGRESSION_PARAMS);
    }
    if (isMultiLabel(stage)) {
      names.addAll(MULTI_LABEL_PARAMS);
    }
    if (!isRegression(stage)) {
      names.addAll(CLASSIFIER_PARAMS);
    }
    return names;
  }

  private static String cap(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  // ---------------------------------------------------------------------------------------------
  // Discovery and documentation

  @Test
  void theParamInterfacesDeclareAtLeastTheDocumentedParams() {
    assertTrue(SHARED_PARAMS.containsAll(List.of("hiddenLayers", "activation", "solver",
        "maxIter", "tol", "stepSize", "regParam", "elasticNetParam", "blockSize",
        "aggregationDepth", "seed", "weightCol", "initialWeights")), SHARED_PARAMS.toString());
    assertTrue(REGRESSION_PARAMS.containsAll(List.of("loss", "epsilon")),
        REGRESSION_PARAMS.toString());
    assertTrue(MULTI_LABEL_PARAMS.containsAll(List.of("featuresCol", "labelCol",
        "predictionCol", "rawPredictionCol", "probabilityCol", "threshold", "thresholds")),
        MULTI_LABEL_PARAMS.toString());
    assertEquals(List.of("classWeighting"), CLASSIFIER_PARAMS);
    assertTrue(new NeuralNetworkMultiLabelClassifier().hasParam("numLabels"));
    assertFalse(multiLabelModel.hasParam("numLabels"), "the model has numLabels() instead");
  }

  private static Set<String> paramAccessors(Class<?> type) {
    return Stream.of(type.getMethods())
        .filter(m -> m.getParameterCount() == 0 && Param.class.isAssignableFrom(m.getReturnType()))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyStageFindsItsParamsByReflection() throws Exception {
    for (Params stage : allStages()) {
      String where = stage.getClass().getSimpleName();
      Param<?>[] params = stage.params();
      Set<String> names = Stream.of(params).map(Param::name).collect(Collectors.toSet());
      assertEquals(params.length, names.size(), where + ": duplicate param names");
      for (String expected : ownParamNames(stage)) {
        assertTrue(names.contains(expected), where + " lacks param " + expected);
      }
      if (!isRegression(stage)) {
        assertFalse(names.contains("loss"), where + " should not have a loss param");
      } else {
        assertFalse(names.contains("classWeighting"), where + " has no classes to weigh");
      }
      for (Param<?> p : params) {
        assertEquals(stage.uid(), p.parent(), where + "." + p.name() + " belongs elsewhere");
        assertNotNull(p.doc(), where + "." + p.name());
        assertFalse(p.doc().isBlank(), where + "." + p.name() + " has an empty doc");
        // Spark finds params through public no-arg accessors named after them.
        Method accessor = stage.getClass().getMethod(p.name());
        assertSame(p, accessor.invoke(stage), where + "." + p.name() + "()");
        assertSame(p, stage.getParam(p.name()));
      }
    }
  }

  @Test
  void sparkStandardParamsExist() {
    for (Params stage : allStages()) {
      List<String> expected = isRegression(stage) ? SPARK_REGRESSOR_PARAMS
          : SPARK_CLASSIFIER_PARAMS;
      for (String name : expected) {
        assertTrue(stage.hasParam(name), stage.getClass().getSimpleName() + " lacks " + name);
      }
    }
    NeuralNetworkClassifier c = new NeuralNetworkClassifier();
    assertEquals("features", c.getFeaturesCol());
    assertEquals("label", c.getLabelCol());
    assertEquals("prediction", c.getPredictionCol());
    assertEquals("rawPrediction", c.getRawPredictionCol());
    assertEquals("probability", c.getProbabilityCol());
    assertFalse(c.isDefined(c.thresholds()));
    NeuralNetworkRegressor r = new NeuralNetworkRegressor();
    assertEquals("features", r.getFeaturesCol());
    assertEquals("label", r.getLabelCol());
    assertEquals("prediction", r.getPredictionCol());
    NeuralNetworkMultiLabelClassifier m = new NeuralNetworkMultiLabelClassifier();
    assertEquals("features", m.getFeaturesCol());
    assertEquals("label", m.getLabelCol());
    assertEquals("prediction", m.getPredictionCol());
    assertEquals("rawPrediction", m.getRawPredictionCol());
    assertEquals("probability", m.getProbabilityCol());
    assertEquals(0.5, m.getThreshold());
    assertFalse(m.isDefined(m.thresholds()));
    assertFalse(m.isDefined(m.numLabels()));
  }

  @Test
  void explainParamsMentionsEveryParam() {
    for (Params stage : allStages()) {
      String explained = stage.explainParams();
      for (Param<?> p : stage.params()) {
        assertTrue(explained.contains(p.name() + ": " + p.doc()),
            stage.getClass().getSimpleName() + ".explainParams() misses " + p.name());
      }
    }
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    for (Params stage : allStages()) {
      NeuralNetworkParams p = (NeuralNetworkParams) stage;
      String where = stage.getClass().getSimpleName();
      assertArrayEquals(new int[] {100}, p.getDefault(p.hiddenLayers()).get(), where);
      assertEquals("relu", p.getDefault(p.activation()).get(), where);
      assertEquals("l-bfgs", p.getDefault(p.solver()).get(), where);
      assertEquals(100, p.getDefault(p.maxIter()).get(), where);
      assertEquals(1e-6, p.getDefault(p.tol()).get(), where);
      // stepSize may have no default of its own (its default can depend on the solver);
      // the value gd uses must be the documented 0.03 either way.
      assertEquals(0.03, ((NeuralNetworkParams) stage.copy(
          new ParamMap().put(p.solver(), "gd"))).getStepSize(), where);
      assertEquals(0.0, p.getDefault(p.regParam()).get(), where);
      assertEquals(0.0, p.getDefault(p.elasticNetParam()).get(), where);
      assertEquals(256, p.getDefault(p.blockSize()).get(), where);
      assertEquals(2, p.getDefault(p.aggregationDepth()).get(), where);
      assertTrue(p.hasDefault(p.seed()), where);
      assertFalse(p.isDefined(p.weightCol()), where);
      assertFalse(p.hasWeightColumn(), where);
      assertFalse(p.isDefined(p.initialWeights()), where);
      assertFalse(p.isDefined(p.checkpointDir()), where);
      assertEquals(10, p.getDefault(p.checkpointInterval()).get(), where);
      if (stage instanceof NeuralNetworkClassifierParams) {
        NeuralNetworkClassifierParams c = (NeuralNetworkClassifierParams) stage;
        assertEquals("none", c.getDefault(c.classWeighting()).get(), where);
      }
      if (stage instanceof NeuralNetworkRegressorParams) {
        NeuralNetworkRegressorParams r = (NeuralNetworkRegressorParams) stage;
        assertEquals("squaredError", r.getDefault(r.loss()).get(), where);
        assertEquals(1.35, r.getDefault(r.epsilon()).get(), where);
      }
    }
    // A param without a default must document what leaving it unset means.
    for (Params stage : allStages()) {
      for (String name : ownParamNames(stage)) {
        Param<?> param = stage.getParam(name);
        if (!stage.hasDefault(param)) {
          assertTrue(param.doc().toLowerCase(java.util.Locale.ROOT).contains("unset"),
              stage.getClass().getSimpleName() + "." + name + " has no default, and its doc"
                  + " does not say what unset means: " + param.doc());
        }
      }
    }
    assertEquals((long) NeuralNetworkClassifier.class.getName().hashCode(),
        new NeuralNetworkClassifier().getSeed());
    assertEquals((long) NeuralNetworkRegressor.class.getName().hashCode(),
        new NeuralNetworkRegressor().getSeed());
    assertEquals((long) NeuralNetworkMultiLabelClassifier.class.getName().hashCode(),
        new NeuralNetworkMultiLabelClassifier().getSeed());
  }

  // ---------------------------------------------------------------------------------------------
  // Getters and setters

  @Test
  void everyParamHasAPublicGetter() throws Exception {
    for (Params stage : allStages()) {
      for (Param<?> p : stage.params()) {
        String where = stage.getClass().getSimpleName() + ".get" + cap(p.name()) + "()";
        Method getter = stage.getClass().getMethod("get" + cap(p.name()));
        assertTrue(Modifier.isPublic(getter.getModifiers()), where);
        assertFalse(getter.getReturnType() == void.class, where);
        if (stage.isDefined(p)) {
          assertValueEquals(stage.getOrDefault(p), getter.invoke(stage), where);
        }
      }
    }
  }

  @Test
  void everyEstimatorParamHasASetterReturningTheEstimatorType() {
    for (Params stage : estimators()) {
      for (Param<?> p : stage.params()) {
        Method setter = setter(stage.getClass(), p.name());
        Type returned = resolve(stage.getClass(), setter.getGenericReturnType());
        assertEquals(stage.getClass(), returned, stage.getClass().getSimpleName() + "."
            + setter.getName() + " returns " + setter.getGenericReturnType());
      }
    }
  }

  /** Valid values per param, with what the getter returns after setting them. */
  private static Map<String, List<Object[]>> validValues(Params stage) {
    Map<String, List<Object[]>> v = new LinkedHashMap<>();
    v.put("hiddenLayers", List.of(new Object[] {new int[] {3, 2}, new int[] {3, 2}},
        new Object[] {new int[] {1}, new int[] {1}},
        new Object[] {new int[0], new int[0]}));
    List<Object[]> activations = new ArrayList<>();
    for (String name : Activation.paramNames()) {
      activations.add(new Object[] {name, name});
      activations.add(new Object[] {name.toUpperCase(java.util.Locale.ROOT), name});
    }
    v.put("activation", activations);
    List<Object[]> solvers = new ArrayList<>();
    for (String name : Solver.paramNames()) {
      solvers.add(new Object[] {name, name});
      solvers.add(new Object[] {name.toUpperCase(java.util.Locale.ROOT), name});
    }
    v.put("solver", solvers);
    v.put("maxIter", List.of(new Object[] {0, 0}, new Object[] {7, 7}));
    v.put("tol", List.of(new Object[] {0.0, 0.0}, new Object[] {1e-3, 1e-3}));
    v.put("stepSize", List.of(new Object[] {1e-4, 1e-4}, new Object[] {2.0, 2.0}));
    v.put("regParam", List.of(new Object[] {0.0, 0.0}, new Object[] {0.5, 0.5}));
    v.put("elasticNetParam", List.of(new Object[] {0.0, 0.0}, new Object[] {0.25, 0.25},
        new Object[] {1.0, 1.0}));
    v.put("blockSize", List.of(new Object[] {1, 1}, new Object[] {17, 17}));
    v.put("aggregationDepth", List.of(new Object[] {2, 2}, new Object[] {5, 5}));
    v.put("seed", List.of(new Object[] {-3L, -3L}, new Object[] {Long.MAX_VALUE, Long.MAX_VALUE}));
    v.put("weightCol", List.<Object[]>of(new Object[] {"w", "w"}));
    v.put("initialWeights", List.<Object[]>of(
        new Object[] {Vectors.dense(1, 2), Vectors.dense(1, 2)}));
    // Mini-batch and early-stopping params (checked only where the stage has them).
    v.put("batchSize", List.of(new Object[] {1, 1}, new Object[] {64, 64}));
    v.put("localSteps", List.of(new Object[] {1, 1}, new Object[] {8, 8}));
    v.put("executionMode", List.of(new Object[] {"barrier", "barrier"},
        new Object[] {"PERSTEP", "perStep"}));
    v.put("dropout", List.of(new Object[] {0.0, 0.0}, new Object[] {0.5, 0.5}));
    v.put("momentum", List.of(new Object[] {0.0, 0.0}, new Object[] {0.9, 0.9}));
    v.put("nesterov", List.of(new Object[] {true, true}, new Object[] {false, false}));
    v.put("beta1", List.of(new Object[] {0.0, 0.0}, new Object[] {0.5, 0.5}));
    v.put("beta2", List.of(new Object[] {0.99, 0.99}, new Object[] {0.0, 0.0}));
    v.put("adamEpsilon", List.<Object[]>of(new Object[] {1e-6, 1e-6}));
    List<Object[]> schedules = new ArrayList<>();
    for (String name : List.of("constant", "step", "exponential", "inverseTime", "cosine")) {
      schedules.add(new Object[] {name, name});
      schedules.add(new Object[] {name.toUpperCase(java.util.Locale.ROOT), name});
    }
    v.put("learningRateSchedule", schedules);
    v.put("decayRate", List.of(new Object[] {0.0, 0.0}, new Object[] {0.5, 0.5}));
    v.put("decaySteps", List.of(new Object[] {0, 0}, new Object[] {10, 10}));
    v.put("minLearningRate", List.of(new Object[] {0.0, 0.0}, new Object[] {1e-5, 1e-5}));
    v.put("warmupSteps", List.of(new Object[] {0, 0}, new Object[] {3, 3}));
    v.put("validationIndicatorCol", List.<Object[]>of(new Object[] {"isVal", "isVal"}));
    v.put("earlyStoppingPatience", List.of(new Object[] {1, 1}, new Object[] {10, 10}));
    v.put("validationTol", List.of(new Object[] {0.0, 0.0}, new Object[] {0.01, 0.01}));
    v.put("precision", List.of(new Object[] {"float", "float"}, new Object[] {"DOUBLE", "double"}));
    v.put("checkpointDir", List.<Object[]>of(new Object[] {"/tmp/ckpt", "/tmp/ckpt"}));
    v.put("checkpointInterval", List.of(new Object[] {-1, -1}, new Object[] {1, 1},
        new Object[] {25, 25}));
    v.put("attributionCol", List.<Object[]>of(new Object[] {"a", "a"},
        new Object[] {"", ""}));
    v.put("attributionBaseline", List.<Object[]>of(
        new Object[] {Vectors.dense(0, -1.5), Vectors.dense(0, -1.5)}));
    v.put("attributionSteps", List.of(new Object[] {1, 1}, new Object[] {200, 200}));
    v.put("featuresCol", List.<Object[]>of(new Object[] {"f", "f"}));
    v.put("labelCol", List.<Object[]>of(new Object[] {"l", "l"}));
    v.put("predictionCol", List.<Object[]>of(new Object[] {"p", "p"}));
    if (isRegression(stage)) {
      v.put("loss", List.of(new Object[] {"huber", "huber"},
          new Object[] {"SQUAREDERROR", "squaredError"}, new Object[] {"Huber", "huber"}));
      v.put("epsilon", List.of(new Object[] {0.5, 0.5}, new Object[] {1e-9, 1e-9}));
    } else {
      if (isMultiLabel(stage)) {
        v.put("threshold", List.of(new Object[] {0.0, 0.0}, new Object[] {0.7, 0.7},
            new Object[] {1.0, 1.0}));
        v.put("numLabels", List.of(new Object[] {1, 1}, new Object[] {40, 40}));
      }
      v.put("classWeighting", List.of(new Object[] {"balanced", "balanced"},
          new Object[] {"BALANCED", "balanced"}, new Object[] {"None", "none"}));
      v.put("rawPredictionCol", List.<Object[]>of(new Object[] {"r", "r"}));
      v.put("probabilityCol", List.<Object[]>of(new Object[] {"q", "q"}));
      v.put("thresholds", List.<Object[]>of(
          new Object[] {new double[] {0.4, 0.6}, new double[] {0.4, 0.6}}));
    }
    return v;
  }

  @Test
  void settingAValidValueRoundTripsThroughTheGetter() throws Exception {
    for (Params stage : estimators()) {
      Map<String, List<Object[]>> values = validValues(stage);
      // Every param of the estimator is covered by the table (SynapseML style: a new param
      // needs a valid test value here).
      Set<String> uncovered = Stream.of(stage.params()).map(Param::name)
          .filter(n -> !values.containsKey(n)).collect(Collectors.toCollection(TreeSet::new));
      assertTrue(uncovered.isEmpty(), stage.getClass().getSimpleName() + ": add valid values"
          + " for params " + uncovered + " to ParamReflectionTest.validValues");
      for (Map.Entry<String, List<Object[]>> e : values.entrySet()) {
        if (!stage.hasParam(e.getKey())) {
          continue;
        }
        Method setter = setter(stage.getClass(), e.getKey());
        Method getter = stage.getClass().getMethod("get" + cap(e.getKey()));
        for (Object[] pair : e.getValue()) {
          String where = stage.getClass().getSimpleName() + "." + setter.getName() + "("
              + render(pair[0]) + ")";
          Object returned = setter.invoke(stage, pair[0]);
          assertSame(stage, returned, where + " must return this");
          assertTrue(stage.isSet(stage.getParam(e.getKey())), where);
          assertValueEquals(pair[1], getter.invoke(stage), where);
        }
      }
    }
  }

  @Test
  void gettersDoNotExposeMutableState() {
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier().setHiddenLayers(new int[] {5, 4});
    nn.getHiddenLayers()[0] = -7;
    assertArrayEquals(new int[] {5, 4}, nn.getHiddenLayers());
    classificationModel.layers()[0] = -7;
    assertEquals(2, classificationModel.layers()[0]);
    double w = classificationModel.weights().apply(0);
    classificationModel.weights().toArray()[0] = w + 1;
    assertEquals(w, classificationModel.weights().apply(0));
  }

  @Test
  void fittedModelsCarryTheEstimatorsParamValues() {
    NeuralNetworkClassificationModel c = classificationModel;
    assertArrayEquals(new int[] {3}, c.getHiddenLayers());
    assertArrayEquals(new int[] {2, 3, 2}, c.layers());
    assertEquals(2, c.getMaxIter());
    assertEquals("tanh", c.getActivation());
    assertEquals(1L, c.getSeed());
    assertEquals(5, c.getBlockSize());
    assertEquals("balanced", c.getClassWeighting());
    assertTrue(c.parent() instanceof NeuralNetworkClassifier);
    assertEquals(c.uid(), c.parent().uid());
    NeuralNetworkRegressionModel r = regressionModel;
    assertArrayEquals(new int[] {2}, r.getHiddenLayers());
    assertArrayEquals(new int[] {2, 2, 1}, r.layers());
    assertEquals("huber", r.getLoss());
    assertEquals(0.5, r.getEpsilon());
    assertEquals(2L, r.getSeed());
    assertEquals(7, r.getBlockSize());
    assertTrue(r.parent() instanceof NeuralNetworkRegressor);
    NeuralNetworkMultiLabelClassificationModel m = multiLabelModel;
    assertArrayEquals(new int[] {2, 4, 2}, m.layers());
    assertEquals(0.4, m.getThreshold());
    assertEquals("labels", m.getLabelCol());
    assertEquals(4L, m.getSeed());
    assertEquals("balanced", m.getClassWeighting());
    assertTrue(m.parent() instanceof NeuralNetworkMultiLabelClassifier);
    assertEquals(m.uid(), m.parent().uid());
  }

  // ---------------------------------------------------------------------------------------------
  // copy

  @Test
  void estimatorCopyKeepsUidAndValues() {
    NeuralNetworkClassifier c = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {7, 3}).setActivation("elu").setSolver("gd").setMaxIter(4)
        .setStepSize(0.2).setRegParam(0.1).setElasticNetParam(0.5).setSeed(9L)
        .setWeightCol("w").setInitialWeights(Vectors.dense(1, 2, 3))
        .setThresholds(new double[] {0.2, 0.8});
    NeuralNetworkRegressor r = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {2}).setLoss("huber").setEpsilon(3.0).setTol(0.0)
        .setBlockSize(3).setAggregationDepth(4).setLabelCol("y");
    for (Params original : List.<Params>of(c, r)) {
      Params copy = original.copy(ParamMap.empty());
      assertNotSame(original, copy);
      assertSameParams(original, copy);

      // Extra values apply to the copy only.
      NeuralNetworkParams nn = (NeuralNetworkParams) original;
      Params changed = original.copy(new ParamMap().put(nn.maxIter(), 42));
      assertEquals(42, ((NeuralNetworkParams) changed).getMaxIter());
      assertEquals(changed.uid(), original.uid());
      assertTrue(nn.getMaxIter() != 42);
    }
  }

  @Test
  void modelCopyKeepsUidValuesAndNetwork() {
    NeuralNetworkClassificationModel c = classificationModel.copy(ParamMap.empty());
    assertNotSame(classificationModel, c);
    assertSameParams(classificationModel, c);
    assertArrayEquals(classificationModel.layers(), c.layers());
    assertEquals(classificationModel.weights(), c.weights());
    assertSame(classificationModel.parent(), c.parent());

    NeuralNetworkRegressionModel r = regressionModel.copy(ParamMap.empty());
    assertNotSame(regressionModel, r);
    assertSameParams(regressionModel, r);
    assertArrayEquals(regressionModel.layers(), r.layers());
    assertEquals(regressionModel.weights(), r.weights());

    NeuralNetworkMultiLabelClassificationModel m = multiLabelModel.copy(ParamMap.empty());
    assertNotSame(multiLabelModel, m);
    assertSameParams(multiLabelModel, m);
    assertEquals(multiLabelModel.weights(), m.weights());
    assertSame(multiLabelModel.parent(), m.parent());

    NeuralNetworkClassificationModel renamed = classificationModel.copy(
        new ParamMap().put(classificationModel.predictionCol(), "p2"));
    assertEquals("p2", renamed.getPredictionCol());
    assertEquals("prediction", classificationModel.getPredictionCol());
  }

  // ---------------------------------------------------------------------------------------------
  // Validation

  /** An invalid value, the param it is for, and what the message must mention. */
  private static final class Invalid {
    final String param;
    final Object value;
    final boolean regressionOnly;
    final boolean multiLabelOnly;
    final String[] mentions;

    Invalid(String param, Object value, boolean regressionOnly, String... mentions) {
      this(param, value, regressionOnly, false, mentions);
    }

    Invalid(String param, Object value, boolean regressionOnly, boolean multiLabelOnly,
        String... mentions) {
      this.param = param;
      this.value = value;
      this.regressionOnly = regressionOnly;
      this.multiLabelOnly = multiLabelOnly;
      this.mentions = mentions;
    }
  }

  private static List<Invalid> invalidValues() {
    List<String> activations = Arrays.asList(Activation.paramNames());
    assertTrue(activations.containsAll(
        List.of("sigmoid", "tanh", "relu", "leakyRelu", "elu", "softplus", "identity")));
    List<Invalid> v = new ArrayList<>();
    v.add(new Invalid("hiddenLayers", new int[] {0}, false, ">= 1", "[0]"));
    v.add(new Invalid("hiddenLayers", new int[] {-1}, false, ">= 1", "[-1]"));
    v.add(new Invalid("hiddenLayers", new int[] {4, 0, 2}, false, ">= 1"));
    v.add(new Invalid("maxIter", -1, false, ">= 0", "-1"));
    v.add(new Invalid("stepSize", 0.0, false, "> 0"));
    v.add(new Invalid("stepSize", -1.0, false, "> 0", "-1"));
    v.add(new Invalid("stepSize", Double.NaN, false, "> 0"));
    v.add(new Invalid("stepSize", Double.POSITIVE_INFINITY, false, "> 0"));
    v.add(new Invalid("tol", -1.0, false, ">= 0", "-1"));
    v.add(new Invalid("tol", Double.NaN, false, ">= 0"));
    v.add(new Invalid("regParam", -1.0, false, ">= 0", "-1"));
    v.add(new Invalid("regParam", Double.POSITIVE_INFINITY, false, ">= 0"));
    v.add(new Invalid("elasticNetParam", 1.5, false, "[0", "1", "1.5"));
    v.add(new Invalid("elasticNetParam", -0.1, false, "[0"));
    v.add(new Invalid("elasticNetParam", Double.NaN, false, "[0"));
    v.add(new Invalid("blockSize", 0, false, ">= 1", "0"));
    v.add(new Invalid("aggregationDepth", 1, false, ">= 2", "1"));
    v.add(new Invalid("activation", "foo", false,
        Stream.concat(Stream.of("foo"), activations.stream()).toArray(String[]::new)));
    v.add(new Invalid("solver", "foo", false,
        Stream.concat(Stream.of("foo", "l-bfgs", "gd"), Stream.of(Solver.paramNames()))
            .toArray(String[]::new)));
    v.add(new Invalid("solver", "newton", false, "l-bfgs", "gd"));
    v.add(new Invalid("loss", "foo", true, "foo", "squaredError", "huber"));
    v.add(new Invalid("epsilon", 0.0, true, "> 0"));
    v.add(new Invalid("epsilon", -2.0, true, "> 0"));
    v.add(new Invalid("epsilon", Double.NaN, true, "> 0"));
    // Mini-batch and early-stopping params (checked only where the stage has them).
    v.add(new Invalid("batchSize", 0, false, ">= 1"));
    v.add(new Invalid("localSteps", 0, false, ">= 1"));
    v.add(new Invalid("executionMode", "gang", false, "gang", "auto", "barrier", "perStep"));
    v.add(new Invalid("classWeighting", "auto", false, "auto", "none", "balanced"));
    v.add(new Invalid("classWeighting", "", false, "none", "balanced"));
    v.add(new Invalid("dropout", 1.0, false, "[0", "1.0)"));
    v.add(new Invalid("dropout", -0.1, false, "[0"));
    v.add(new Invalid("dropout", Double.NaN, false, "[0"));
    v.add(new Invalid("momentum", 1.0, false, "[0", "1.0)"));
    v.add(new Invalid("momentum", -0.1, false, "[0"));
    v.add(new Invalid("beta1", 1.0, false, "[0", "1.0)"));
    v.add(new Invalid("beta2", -0.5, false, "[0"));
    v.add(new Invalid("adamEpsilon", 0.0, false, "> 0"));
    v.add(new Invalid("learningRateSchedule", "foo", false,
        "foo", "constant", "step", "exponential", "inverseTime", "cosine"));
    v.add(new Invalid("decayRate", -1.0, false, ">= 0"));
    v.add(new Invalid("decaySteps", -1, false, ">= 0"));
    v.add(new Invalid("minLearningRate", -1.0, false, ">= 0"));
    v.add(new Invalid("warmupSteps", -1, false, ">= 0"));
    v.add(new Invalid("earlyStoppingPatience", 0, false, ">= 1"));
    v.add(new Invalid("validationTol", -1.0, false, ">= 0"));
    v.add(new Invalid("precision", "half", false, "half", "double", "float"));
    v.add(new Invalid("checkpointInterval", 0, false, ">= 1", "-1", "0"));
    v.add(new Invalid("checkpointInterval", -2, false, ">= 1", "-1", "-2"));
    v.add(new Invalid("attributionSteps", 0, false, ">= 1", "0"));
    v.add(new Invalid("attributionSteps", -3, false, ">= 1", "-3"));
    v.add(new Invalid("attributionBaseline", Vectors.dense(0, Double.NaN), false, "finite",
        "NaN"));
    v.add(new Invalid("threshold", 1.5, false, true, "[0", "1", "1.5"));
    v.add(new Invalid("threshold", -0.1, false, true, "[0"));
    v.add(new Invalid("thresholds", new double[] {0.5, 1.5}, false, true, "[0, 1]",
        "[0.5, 1.5]"));
    v.add(new Invalid("numLabels", 0, false, true, ">= 1", "0"));
    return v;
  }

  @Test
  void invalidValuesAreRejectedWithMessagesNamingTheParamAndTheValidValues() throws Exception {
    for (Params stage : estimators()) {
      for (Invalid invalid : invalidValues()) {
        if (invalid.regressionOnly && !isRegression(stage)) {
          assertFalse(stage.hasParam(invalid.param));
          continue;
        }
        if (invalid.multiLabelOnly && !isMultiLabel(stage)) {
          continue; // e.g. the classifier's own thresholds, which Spark checks
        }
        if (CLASSIFIER_PARAMS.contains(invalid.param) && isRegression(stage)) {
          assertFalse(stage.hasParam(invalid.param));
          continue;
        }
        if (!stage.hasParam(invalid.param) && !SHARED_PARAMS.contains(invalid.param)
            && List.of("batchSize", "momentum", "beta1", "beta2", "adamEpsilon",
                "learningRateSchedule", "decayRate", "decaySteps", "minLearningRate",
                "warmupSteps", "earlyStoppingPatience", "validationTol")
                .contains(invalid.param)) {
          continue; // a mini-batch param this version does not have
        }
        Method setter = setter(stage.getClass(), invalid.param);
        Param<?> param = stage.getParam(invalid.param);
        boolean definedBefore = stage.isDefined(param);
        Object before = definedBefore ? stage.getOrDefault(param) : null;
        String where = stage.getClass().getSimpleName() + "." + setter.getName() + "("
            + render(invalid.value) + ")";
        InvocationTargetException thrown = assertThrows(InvocationTargetException.class,
            () -> setter.invoke(stage, invalid.value), where + " was accepted");
        Throwable cause = thrown.getCause();
        if (!(cause instanceof IllegalArgumentException)) {
          fail(where + " threw " + cause + " instead of an IllegalArgumentException");
        }
        String message = cause.getMessage();
        assertNotNull(message, where);
        assertTrue(message.contains(invalid.param),
            where + ": message does not name the param: " + message);
        for (String mention : invalid.mentions) {
          assertTrue(message.contains(mention),
              where + ": message does not mention '" + mention + "': " + message);
        }
        // The failed set changed nothing.
        assertEquals(definedBefore, stage.isDefined(param), where);
        if (definedBefore) {
          assertValueEquals(before, stage.getOrDefault(param), where);
        }
      }
    }
  }

  @Test
  void everyModelHasTheAttributionSettersReturningTheModelType() throws Exception {
    for (Params model : List.<Params>of(classificationModel, regressionModel, multiLabelModel)) {
      Params copy = model.copy(ParamMap.empty());
      Map<String, Object> values = Map.of("attributionCol", "a",
          "attributionBaseline", Vectors.dense(0.5, -0.5), "attributionSteps", 7);
      for (Map.Entry<String, Object> e : values.entrySet()) {
        Method setter = setter(copy.getClass(), e.getKey());
        assertEquals(copy.getClass(), resolve(copy.getClass(), setter.getGenericReturnType()),
            copy.getClass().getSimpleName() + "." + setter.getName());
        assertSame(copy, setter.invoke(copy, e.getValue()));
        assertValueEquals(e.getValue(), copy.getOrDefault(copy.getParam(e.getKey())),
            copy.getClass().getSimpleName() + "." + e.getKey());
      }
    }
  }

  @Test
  void anAttributionBaselineOfTheWrongLengthFailsAtTransformNamingColumnValueAndFix() {
    Dataset<Row> rows = TestSpark.session().createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2), 1.0)), new StructType()
        .add("f", SQLDataTypes.VectorType(), false).add("label", DataTypes.DoubleType, false));
    for (Params model : List.<Params>of(classificationModel, regressionModel, multiLabelModel)) {
      Params copy = model.copy(new ParamMap().put(((NeuralNetworkParams) model).attributionCol(),
          "a").put(((NeuralNetworkParams) model).attributionBaseline(),
          Vectors.dense(1, 2, 3)));
      copy.set("featuresCol", "f");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ((org.apache.spark.ml.Transformer) copy).transform(rows));
      for (String mention : List.of("attributionBaseline", "3 values", "2 features", "'f'",
          "setAttributionBaseline")) {
        assertTrue(e.getMessage().contains(mention), model.getClass().getSimpleName() + ": "
            + e.getMessage());
      }
    }
  }

  @Test
  void invalidValuesAreRejectedOnEveryRouteIntoAParamMap() {
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier();
    IllegalArgumentException viaSet =
        assertThrows(IllegalArgumentException.class, () -> nn.set(nn.maxIter(), -5));
    assertTrue(viaSet.getMessage().contains("maxIter"), viaSet.getMessage());
    IllegalArgumentException viaParamMap = assertThrows(IllegalArgumentException.class,
        () -> new ParamMap().put(nn.hiddenLayers(), new int[] {0}));
    assertTrue(viaParamMap.getMessage().contains("hiddenLayers"), viaParamMap.getMessage());
    IllegalArgumentException viaPair = assertThrows(IllegalArgumentException.class,
        () -> nn.activation().w("foo"));
    assertTrue(viaPair.getMessage().contains("activation"), viaPair.getMessage());
    assertThrows(IllegalArgumentException.class, () -> nn.set("solver", "foo"));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** The single public one-argument {@code set<Name>} method (ignoring bridges). */
  private static Method setter(Class<?> type, String paramName) {
    List<Method> found = Stream.of(type.getMethods())
        .filter(m -> m.getName().equals("set" + cap(paramName)) && m.getParameterCount() == 1
            && !m.isBridge() && Modifier.isPublic(m.getModifiers()))
        .collect(Collectors.toList());
    assertEquals(1, found.size(),
        type.getSimpleName() + " should have one public set" + cap(paramName) + ": " + found);
    return found.get(0);
  }

  /** Resolves a (possibly generic) return type as seen from {@code type}. */
  private static Type resolve(Class<?> type, Type t) {
    Map<TypeVariable<?>, Type> bindings = new HashMap<>();
    collectBindings(type, bindings);
    while (t instanceof TypeVariable && bindings.containsKey(t)) {
      t = bindings.get(t);
    }
    return t instanceof ParameterizedType ? ((ParameterizedType) t).getRawType() : t;
  }

  private static void collectBindings(Type type, Map<TypeVariable<?>, Type> bindings) {
    Class<?> raw;
    if (type instanceof ParameterizedType) {
      ParameterizedType pt = (ParameterizedType) type;
      raw = (Class<?>) pt.getRawType();
      TypeVariable<?>[] vars = raw.getTypeParameters();
      Type[] args = pt.getActualTypeArguments();
      for (int i = 0; i < vars.length; i++) {
        Type arg = args[i];
        while (arg instanceof TypeVariable && bindings.containsKey(arg)) {
          arg = bindings.get(arg);
        }
        bindings.putIfAbsent(vars[i], arg);
      }
    } else if (type instanceof Class) {
      raw = (Class<?>) type;
    } else {
      return;
    }
    if (raw.getGenericSuperclass() != null) {
      collectBindings(raw.getGenericSuperclass(), bindings);
    }
    for (Type i : raw.getGenericInterfaces()) {
      collectBindings(i, bindings);
    }
  }

  private static void assertSameParams(Params expected, Params actual) {
    assertEquals(expected.getClass(), actual.getClass());
    assertEquals(expected.uid(), actual.uid());
    for (Param<?> p : expected.params()) {
      Param<?> q = actual.getParam(p.name());
      assertEquals(actual.uid(), q.parent());
      assertEquals(expected.isSet(p), actual.isSet(q), "isSet(" + p.name() + ")");
      assertEquals(expected.isDefined(p), actual.isDefined(q), "isDefined(" + p.name() + ")");
    }
    ParamMap e = expected.extractParamMap();
    ParamMap a = actual.extractParamMap();
    assertEquals(e.size(), a.size());
    for (ParamPair<?> pair : SparkLine.current().toJava(e.toSeq())) {
      @SuppressWarnings("unchecked")
      Param<Object> q = (Param<Object>) actual.getParam(pair.param().name());
      assertValueEquals(pair.value(), a.apply(q), pair.param().name());
    }
  }

  private static void assertValueEquals(Object expected, Object actual, String what) {
    assertTrue(Objects.deepEquals(expected, actual),
        what + ": expected " + render(expected) + " but was " + render(actual));
  }

  private static String render(Object o) {
    if (o instanceof int[]) {
      return Arrays.toString((int[]) o);
    }
    if (o instanceof double[]) {
      return Arrays.toString((double[]) o);
    }
    if (o instanceof String) {
      return "'" + o + "'";
    }
    return String.valueOf(o);
  }
}
