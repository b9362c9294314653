"""Vector targets from Python: multi-output regression (a ``Vector`` label, a ``Vector``
prediction) and multi-label classification (``array<double>`` of label indices in and out),
with Spark's evaluators, tuning, persistence, ONNX and clear errors."""

import numpy as np
import onnx
import onnxruntime
import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import MultilabelClassificationEvaluator, RegressionEvaluator
from pyspark.ml.feature import StandardScaler
from pyspark.ml.functions import vector_to_array
from pyspark.ml.linalg import DenseVector, Vectors, VectorUDT
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DoubleType, StructField, StructType

from sparkbackprop.ml import (
    NeuralNetworkClassifier,
    NeuralNetworkMultiLabelClassificationModel,
    NeuralNetworkMultiLabelClassifier,
    NeuralNetworkRegressionModel,
    NeuralNetworkRegressor,
)
from support import SEED, label_set_frame, two_target_frame


@pytest.fixture(scope="module")
def targets(spark):
    return two_target_frame(spark, 300).cache()


@pytest.fixture(scope="module")
def regression_model(targets):
    return NeuralNetworkRegressor(hiddenLayers=[16], activation="tanh", maxIter=80,
                                  seed=SEED).fit(targets)


@pytest.fixture(scope="module")
def label_sets(spark):
    return label_set_frame(spark, 400).cache()


@pytest.fixture(scope="module")
def multi_label_model(label_sets):
    return multi_label().fit(label_sets)


def multi_label(**overrides):
    params = dict(labelCol="labels", hiddenLayers=[12], activation="tanh", maxIter=60,
                  seed=SEED)
    params.update(overrides)
    return NeuralNetworkMultiLabelClassifier(**params)


def test_a_vector_label_gives_vector_predictions(targets, regression_model):
    model = regression_model
    assert model.predictsVector and model.numOutputs == 2
    assert model.layers == [2, 16, 2]
    row = model.transform(targets).first()
    assert isinstance(row["prediction"], DenseVector) and len(row["prediction"]) == 2
    predicted = model.predict(row["features"])
    assert isinstance(predicted, DenseVector)
    assert np.allclose(predicted.toArray(), row["prediction"].toArray(), atol=1e-12)
    assert model.summary.objectiveHistory[-1] < 0.05 * model.summary.objectiveHistory[0]


def test_the_evaluation_idiom_per_target_and_averaged(targets, regression_model):
    # RegressionEvaluator reads one double column: split the vectors with vector_to_array
    scored = regression_model.transform(targets).withColumn(
        "p", vector_to_array("prediction")).withColumn("y", vector_to_array("label"))
    evaluator = RegressionEvaluator(metricName="rmse")
    rmse = [
        evaluator.evaluate(scored.select(F.col("y")[j].alias("label"),
                                         F.col("p")[j].alias("prediction")))
        for j in range(2)
    ]
    rows = scored.select("p", "y").collect()
    for j in range(2):
        by_hand = np.sqrt(np.mean([(r["p"][j] - r["y"][j]) ** 2 for r in rows]))
        assert abs(rmse[j] - by_hand) < 1e-9
    assert np.mean(rmse) < 0.15, rmse


def test_a_numeric_label_keeps_float_predictions(targets):
    model = NeuralNetworkRegressor(hiddenLayers=[4], maxIter=5, labelCol="y1",
                                   seed=SEED).fit(targets)
    assert not model.predictsVector and model.numOutputs == 1
    value = model.predict(Vectors.dense([0.1, 0.2]))
    assert isinstance(value, float)
    assert isinstance(model.transform(targets).first()["prediction"], float)


def test_vector_regressors_round_trip(targets, regression_model, tmp_path):
    path = str(tmp_path / "model")
    regression_model.write().overwrite().save(path)
    loaded = NeuralNetworkRegressionModel.load(path)
    assert type(loaded) is NeuralNetworkRegressionModel and loaded.predictsVector
    assert (regression_model.transform(targets).select("prediction").collect()
            == loaded.transform(targets).select("prediction").collect())


def test_multi_label_learns_and_is_evaluated_with_sparks_evaluator(spark, multi_label_model):
    model = multi_label_model
    assert type(model) is NeuralNetworkMultiLabelClassificationModel
    assert model.layers == [3, 12, 3] and model.numLabels == 3 and model.numFeatures == 3
    test = label_set_frame(spark, 200, seed=SEED + 1)
    scored = model.transform(test)
    evaluator = MultilabelClassificationEvaluator(labelCol="labels")
    assert evaluator.setMetricName("microF1Measure").evaluate(scored) > 0.85
    assert evaluator.setMetricName("hammingLoss").evaluate(scored) < 0.12
    row = scored.first()
    assert row["prediction"] == model.predict(row["features"])
    assert np.allclose(row["probability"].toArray(),
                       model.predictProbability(row["features"]).toArray())
    assert np.allclose(row["rawPrediction"].toArray(),
                       model.predictRaw(row["features"]).toArray())
    expected = [float(j) for j, p in enumerate(row["probability"]) if p > 0.5]
    assert row["prediction"] == expected
    # thresholds per label decide the prediction
    strict = model.copy().setThresholds([1.0, 1.0, 0.0])
    assert strict.transform(test).select("prediction").first()[0] == [2.0]
    assert len(model.summary.objectiveHistory) == model.summary.totalIterations + 1


def test_multi_label_pipeline_cross_validation_and_persistence(spark, label_sets, tmp_path):
    nn = multi_label(maxIter=25)
    pipeline = Pipeline(stages=[
        StandardScaler(inputCol="features", outputCol="scaled"),
        nn.setFeaturesCol("scaled"),
    ])
    grid = ParamGridBuilder().addGrid(nn.hiddenLayers, [[2], [12]]).build()
    cv = CrossValidator(estimator=pipeline, estimatorParamMaps=grid, numFolds=2, seed=7,
                        evaluator=MultilabelClassificationEvaluator(
                            labelCol="labels", metricName="microF1Measure"))
    fitted = cv.fit(label_sets)
    assert fitted.avgMetrics[1] > fitted.avgMetrics[0]
    best = fitted.bestModel
    path = str(tmp_path / "pipeline")
    best.write().overwrite().save(path)
    loaded = PipelineModel.load(path)
    assert type(loaded.stages[-1]) is NeuralNetworkMultiLabelClassificationModel
    assert loaded.stages[-1].layers == [3, 12, 3]
    assert (best.transform(label_sets).select("prediction").collect()
            == loaded.transform(label_sets).select("prediction").collect())

    estimator_path = str(tmp_path / "estimator")
    multi_label(numLabels=4, threshold=0.3).write().overwrite().save(estimator_path)
    estimator = NeuralNetworkMultiLabelClassifier.load(estimator_path)
    assert estimator.getNumLabels() == 4 and estimator.getThreshold() == 0.3


def checked_session(model_bytes):
    onnx.checker.check_model(onnx.load_from_string(model_bytes), full_check=True)
    return onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])


@pytest.mark.parametrize("precision", ["double", "float"])
def test_onnx_exports_of_vector_targets_predict_what_transform_predicts(
        targets, label_sets, precision):
    tolerance = 1e-5 if precision == "double" else 1e-4
    regression = NeuralNetworkRegressor(hiddenLayers=[6], maxIter=10, seed=SEED,
                                        precision=precision).fit(targets)
    rows = regression.transform(targets).collect()
    x = np.array([r["features"].toArray() for r in rows], dtype=np.float32)
    (prediction,) = checked_session(regression.toOnnx()).run(["prediction"], {"features": x})
    assert prediction.shape == (len(rows), 2)
    expected = np.array([r["prediction"].toArray() for r in rows])
    assert np.max(np.abs(prediction - expected) / np.maximum(np.abs(expected), 1)) <= tolerance

    labels = multi_label(maxIter=10, precision=precision).fit(label_sets)
    rows = labels.transform(label_sets).collect()
    x = np.array([r["features"].toArray() for r in rows], dtype=np.float32)
    probability, indicator = checked_session(labels.toOnnx()).run(
        ["probability", "prediction"], {"features": x})
    expected = np.array([r["probability"].toArray() for r in rows])
    assert np.max(np.abs(probability - expected)) <= tolerance
    assert indicator.shape == (len(rows), 3) and indicator.dtype == np.int64
    away = np.abs(expected - 0.5) > tolerance  # decisions too close to call are left aside
    truth = np.array([[1 if float(j) in r["prediction"] else 0 for j in range(3)]
                      for r in rows])
    assert away.mean() > 0.95
    assert np.array_equal(indicator[away], truth[away])


def bad_fit(estimator, frame):
    with pytest.raises(IllegalArgumentException) as error:
        estimator.fit(frame)
    return str(error.value)


def test_bad_vector_and_label_set_input_is_named(spark, label_sets, targets):
    # a vector label given to the single-label classifier
    message = bad_fit(NeuralNetworkClassifier(), targets)
    assert "'label'" in message and "NeuralNetworkMultiLabelClassifier" in message
    # label vectors of different sizes
    rows = [(Vectors.dense([0.1, 0.2]), Vectors.dense([1.0, 2.0])),
            (Vectors.dense([0.3, 0.4]), Vectors.dense([1.0]))]
    message = bad_fit(NeuralNetworkRegressor(maxIter=2),
                      spark.createDataFrame(rows, ["features", "label"]).coalesce(1))
    assert "'label'" in message and "different sizes (2 and 1)" in message
    small = multi_label(maxIter=2)
    for labels, expected in [([0.0, -1.0], "label index -1.0"), ([1.5], "label index 1.5"),
                             (None, "null label array")]:
        frame = spark.createDataFrame(
            [(Vectors.dense([0.1, 0.2, 0.3]), [0.0]), (Vectors.dense([0.3, 0.2, 0.1]), labels)],
            StructType([StructField("features", VectorUDT()),
                        StructField("labels", ArrayType(DoubleType()))])).coalesce(1)
        message = bad_fit(small, frame)
        assert "'labels'" in message and expected in message, message
    message = bad_fit(small.copy().setNumLabels(2), label_sets)
    assert "numLabels is 2" in message and "2.0" in message
