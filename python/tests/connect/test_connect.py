"""The same wrapper classes over Spark Connect: fit, transform, save, load, pipelines, tuning,
the summary, errors; and the same weights as classic PySpark."""

import csv

import pytest
from conftest import run_classic
from pyspark.errors import IllegalArgumentException
from pyspark.ml import PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator, RegressionEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

from sparkbackprop.ml import (
    NeuralNetworkClassificationModel,
    NeuralNetworkClassifier,
    NeuralNetworkRegressionModel,
    SparkConnectAttributeNotAllowed,
)
from support import (
    REPO,
    SEED,
    accuracy,
    python_pipeline,
    regressor,
    ring_frame,
    smooth_rows,
)


@pytest.fixture(scope="module")
def fitted(spark):
    return python_pipeline().fit(ring_frame(spark, 600, seed=17))


def saved_weights(spark, network_path):
    row = spark.read.parquet(network_path + "/data").select("layers", "weights").first()
    return list(row["layers"]), list(row["weights"])


def stage_path(pipeline_path, network):
    stages = sorted((p for p in (pipeline_path / "stages").iterdir()), key=lambda p: p.name)
    (path,) = [p for p in stages if p.name.endswith(network.uid)]
    return str(path)


def test_fit_and_transform_through_connect(spark, fitted):
    network = fitted.stages[-1]
    assert type(network) is NeuralNetworkClassificationModel
    assert isinstance(network._java_obj, str)  # a reference to the server's object
    assert network.layers == [3, 16, 8, 2]
    assert network.numFeatures == 3 and network.numClasses == 2
    assert accuracy(fitted.transform(ring_frame(spark, 300, seed=18))) > 0.9


def test_summary_through_connect(fitted):
    network = fitted.stages[-1]
    assert network.hasSummary
    summary = network.summary
    assert summary.totalIterations >= 1
    history = summary.objectiveHistory
    assert len(history) == summary.totalIterations + 1 and history[-1] < history[0]
    with pytest.raises(SparkConnectAttributeNotAllowed, match="stopReason.*classic SparkSession"):
        summary.stopReason
    with pytest.raises(SparkConnectAttributeNotAllowed, match="classWeights.*classic SparkSession"):
        summary.classWeights


def test_weights_and_onnx_are_refused_with_the_way_around(fitted):
    with pytest.raises(SparkConnectAttributeNotAllowed, match=r"weights.*spark\.read\.parquet"):
        fitted.stages[-1].weights
    with pytest.raises(SparkConnectAttributeNotAllowed, match=r"toOnnx.*classic SparkSession"):
        fitted.stages[-1].toOnnx()


def test_same_weights_as_classic_pyspark_and_java_loads_what_connect_saved(
    spark, fitted, tmp_path
):
    path = tmp_path / "pipeline"
    fitted.write().overwrite().save(str(path))
    network = fitted.stages[-1]
    layers, weights = saved_weights(spark, stage_path(path, network))
    assert layers == [3, 16, 8, 2]
    assert weights == run_classic("fit")
    assert run_classic("java-load", stage_path(path, network)) == weights


def test_save_and_load_pipeline_and_model_through_connect(spark, fitted, tmp_path):
    rows = ring_frame(spark, 200, seed=19)
    fitted.write().overwrite().save(str(tmp_path / "pipeline"))
    loaded = PipelineModel.load(str(tmp_path / "pipeline"))
    assert type(loaded.stages[-1]) is NeuralNetworkClassificationModel
    assert not loaded.stages[-1].hasSummary
    expected = fitted.transform(rows).select("probability").collect()
    assert loaded.transform(rows).select("probability").collect() == expected
    fitted.stages[-1].write().overwrite().save(str(tmp_path / "model"))
    model = NeuralNetworkClassificationModel.load(str(tmp_path / "model"))
    assert type(model) is NeuralNetworkClassificationModel
    assert model.getHiddenLayers() == [16, 8]
    estimator = NeuralNetworkClassifier(hiddenLayers=[5], solver="adam", seed=3)
    estimator.write().overwrite().save(str(tmp_path / "estimator"))
    assert NeuralNetworkClassifier.load(str(tmp_path / "estimator")).getSolver() == "adam"


def test_models_saved_by_java_load_through_connect(spark):
    # PySpark 4.0 reads a PipelineModel in the JVM's layout only through py4j, so over
    # Connect the Java-saved models are loaded one by one (README: "Spark Connect").
    fixtures = REPO / "src" / "test" / "resources" / "saved-models" / "v1"
    with open(fixtures / "input.csv") as f:
        inputs = list(csv.DictReader(f))
    with open(fixtures / "expected.csv") as f:
        expected = {r["id"]: r for r in csv.DictReader(f)}
    columns = ["x1", "x2", "x3", "x4"]
    frame = spark.createDataFrame(
        [(int(r["id"]), *(float(r[c]) for c in columns)) for r in inputs], ["id"] + columns
    )
    features = VectorAssembler(inputCols=columns, outputCol="features").transform(frame)
    classifier = NeuralNetworkClassificationModel.load(str(fixtures / "classifier"))
    regressor_model = NeuralNetworkRegressionModel.load(str(fixtures / "regressor"))
    assert classifier.layers == [4, 5, 3, 3]
    for row in classifier.transform(features).select("id", "prediction").collect():
        assert row["prediction"] == float(expected[str(row["id"])]["classifierPrediction"])
    for row in regressor_model.transform(features).select("id", "prediction").collect():
        want = float(expected[str(row["id"])]["regressorPrediction"])
        assert abs(row["prediction"] - want) <= 1e-12 * abs(want)


def test_cross_validation_through_connect(spark):
    pipeline = python_pipeline(maxIter=25)
    network = pipeline.getStages()[-1]
    grid = (
        ParamGridBuilder()
        .addGrid(network.hiddenLayers, [[2], [16, 8]])
        .addGrid(network.regParam, [0.0, 0.001])
        .build()
    )
    cv = CrossValidator(
        estimator=pipeline,
        estimatorParamMaps=grid,
        evaluator=BinaryClassificationEvaluator(),
        numFolds=2,
        seed=3,
    )
    model = cv.fit(ring_frame(spark, 400, seed=21))
    assert len(model.avgMetrics) == 4
    best = model.bestModel.stages[-1]
    assert type(best) is NeuralNetworkClassificationModel
    # the grid's order: [2] with each regParam, then [16, 8] with each; every [16, 8] candidate
    # draws the ring better than every [2] one, and the chosen one has the best average AUC
    assert min(model.avgMetrics[2:]) > max(model.avgMetrics[:2])
    best_index = model.avgMetrics.index(max(model.avgMetrics))
    assert best.getHiddenLayers() == [16, 8]
    assert best.getRegParam() == [0.0, 0.001][best_index % 2]


def test_regressor_through_connect(spark):
    assembler = VectorAssembler(inputCols=["x1", "x2"], outputCol="features")
    features = assembler.transform(spark.createDataFrame(smooth_rows(300), ["x1", "x2", "label"]))
    held_out = assembler.transform(
        spark.createDataFrame(smooth_rows(200, seed=SEED + 1), ["x1", "x2", "label"]))
    model = regressor(maxIter=60).fit(features)
    assert type(model) is NeuralNetworkRegressionModel
    assert model.layers == [2, 24, 1]
    scored = model.transform(held_out)
    assert scored.columns[-1] == "prediction"
    # R² is 0 for the best constant (the mean); the network explains nearly all the variance of
    # rows it has not seen
    r2 = RegressionEvaluator(metricName="r2").evaluate(scored)
    assert r2 > 0.95, r2  # 0.996 here; an untrained network scores about -0.07
    # one row's prediction over Connect is the one transform gave it
    first = scored.first()
    assert model.predict(first["features"]) == pytest.approx(first["prediction"], rel=1e-12)


def test_bad_input_errors_carry_the_jvm_message(spark):
    frame = ring_frame(spark, 50)
    features = VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="features").transform(frame)
    with pytest.raises(IllegalArgumentException, match="solver.*'sgdx'"):
        NeuralNetworkClassifier(solver="sgdx").fit(features)
    with pytest.raises(IllegalArgumentException, match="'label'"):
        NeuralNetworkClassifier(maxIter=2).fit(features.selectExpr("features", "label - 1 AS label"))
