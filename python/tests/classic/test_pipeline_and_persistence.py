"""Pipelines and persistence from classic PySpark, checked against the Java API.

"Java" here is the JVM API itself, called through py4j in the same JVM: the same classes a Java
or Scala program calls.
"""

import csv
import math

import pytest
from pyspark.ml import PipelineModel
from pyspark.ml.feature import VectorAssembler

from sparkbackprop.ml import (
    NeuralNetworkClassificationModel,
    NeuralNetworkClassifier,
    NeuralNetworkRegressionModel,
)
from support import REPO, accuracy, java_pipeline, python_pipeline, ring_frame

FIXTURES = REPO / "src" / "test" / "resources" / "saved-models" / "v1"


@pytest.fixture(scope="module")
def train(spark):
    return ring_frame(spark, 600, seed=17).cache()


@pytest.fixture(scope="module")
def test_rows(spark):
    return ring_frame(spark, 300, seed=18).cache()


@pytest.fixture(scope="module")
def python_model(train):
    return python_pipeline().fit(train)


def weights_of(pipeline_model):
    return list(pipeline_model.stages[-1].weights)


@pytest.mark.smoke
def test_pipeline_learns_a_non_linear_problem(python_model, test_rows):
    network = python_model.stages[-1]
    assert isinstance(network, NeuralNetworkClassificationModel)
    assert network.layers == [3, 16, 8, 2]
    assert network.numFeatures == 3 and network.numClasses == 2
    assert accuracy(python_model.transform(test_rows)) > 0.9


@pytest.mark.smoke
def test_python_and_java_fit_identical_weights(spark, python_model, train, test_rows):
    java_model = java_pipeline(spark).fit(train._jdf)
    java_weights = list(java_model.stages()[2].weights().toArray())
    assert weights_of(python_model) == java_weights
    java_accuracy = accuracy(
        type(test_rows)(java_model.transform(test_rows._jdf), test_rows.sparkSession)
    )
    assert accuracy(python_model.transform(test_rows)) == java_accuracy


@pytest.mark.smoke
def test_saved_from_python_loads_in_java_with_the_same_predictions(
    spark, python_model, test_rows, tmp_path
):
    path = str(tmp_path / "pipeline")
    python_model.write().overwrite().save(path)
    java_model = spark._jvm.org.apache.spark.ml.PipelineModel.load(path)
    assert java_model.stages()[2].getClass().getName() == (
        "io.github.sparkbackprop.ml.NeuralNetworkClassificationModel"
    )
    java_scores = type(test_rows)(java_model.transform(test_rows._jdf), test_rows.sparkSession)
    expected = python_model.transform(test_rows).select("probability").collect()
    assert java_scores.select("probability").collect() == expected


def test_saved_from_java_loads_in_python_as_the_wrapper_class(
    spark, train, test_rows, tmp_path
):
    path = str(tmp_path / "java-pipeline")
    java_model = java_pipeline(spark).fit(train._jdf)
    java_model.write().overwrite().save(path)
    loaded = PipelineModel.load(path)
    network = loaded.stages[-1]
    assert type(network) is NeuralNetworkClassificationModel
    assert list(network.weights) == list(java_model.stages()[2].weights().toArray())
    assert network.getHiddenLayers() == [16, 8] and network.getSeed() == 17
    assert not network.hasSummary
    java_scores = type(test_rows)(java_model.transform(test_rows._jdf), test_rows.sparkSession)
    assert (
        loaded.transform(test_rows).select("prediction", "probability").collect()
        == java_scores.select("prediction", "probability").collect()
    )


def test_single_models_and_estimators_round_trip(python_model, train, tmp_path):
    network = python_model.stages[-1]
    network.write().overwrite().save(str(tmp_path / "model"))
    loaded = NeuralNetworkClassificationModel.load(str(tmp_path / "model"))
    assert type(loaded) is NeuralNetworkClassificationModel
    assert loaded.uid == network.uid
    assert list(loaded.weights) == list(network.weights)
    estimator = NeuralNetworkClassifier(hiddenLayers=[5], solver="adam", stepSize=0.02, seed=3)
    estimator.write().overwrite().save(str(tmp_path / "estimator"))
    reloaded = NeuralNetworkClassifier.load(str(tmp_path / "estimator"))
    assert type(reloaded) is NeuralNetworkClassifier
    assert (reloaded.getHiddenLayers(), reloaded.getSolver(), reloaded.getStepSize()) == (
        [5], "adam", 0.02
    )


def read_fixture_rows():
    with open(FIXTURES / "input.csv") as f:
        inputs = list(csv.DictReader(f))
    with open(FIXTURES / "expected.csv") as f:
        expected = {row["id"]: row for row in csv.DictReader(f)}
    return inputs, expected


def close(a: float, b: float) -> bool:
    # Bit for bit with the BLAS that wrote the fixture; another may sum in another order.
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def test_golden_models_saved_by_java_load_and_predict_what_they_predicted(spark):
    inputs, expected = read_fixture_rows()
    columns = ["x1", "x2", "x3", "x4"]
    frame = spark.createDataFrame(
        [(int(r["id"]), *(float(r[c]) for c in columns)) for r in inputs], ["id"] + columns
    )
    with_features = VectorAssembler(inputCols=columns, outputCol="features").transform(frame)
    pipeline = PipelineModel.load(str(FIXTURES / "pipeline"))
    classifier = NeuralNetworkClassificationModel.load(str(FIXTURES / "classifier"))
    regressor = NeuralNetworkRegressionModel.load(str(FIXTURES / "regressor"))
    assert type(pipeline.stages[-1]) is NeuralNetworkClassificationModel
    for row in pipeline.transform(frame).collect():
        want = expected[str(row["id"])]
        assert row["prediction"] == float(want["pipelinePrediction"])
        for got, w in zip(row["probability"], want["pipelineProbability"].split(";"),
                          strict=True):
            assert close(got, float(w))
    for row in classifier.transform(with_features).collect():
        want = expected[str(row["id"])]
        assert row["prediction"] == float(want["classifierPrediction"])
        for got, w in zip(row["rawPrediction"], want["classifierRaw"].split(";"),
                          strict=True):
            assert close(got, float(w))
    for row in regressor.transform(with_features).collect():
        assert close(row["prediction"], float(expected[str(row["id"])]["regressorPrediction"]))
    assert not math.isnan(regressor.getEpsilon())
