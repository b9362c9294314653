"""ONNX export from Python: ONNX's own checker accepts every exported file, and Python's ONNX
Runtime predicts what the model's transform predicts (the Java tests check Java's ONNX Runtime
against the same transform, to the same tolerances)."""

import numpy as np
import onnx
import onnxruntime
import pytest
from pyspark.ml.feature import StandardScaler, VectorAssembler

from support import FEATURES, classifier, regressor, ring_frame, smooth_rows


@pytest.fixture(scope="module")
def rings(spark):
    return VectorAssembler(inputCols=FEATURES, outputCol="features").transform(
        ring_frame(spark, 300, seed=41)).cache()


def checked(model_bytes):
    model = onnx.load_from_string(model_bytes)
    onnx.checker.check_model(model, full_check=True)
    return onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])


def features_of(rows, column="features"):
    return np.array([r[column].toArray() for r in rows], dtype=np.float32)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "leakyRelu", "elu",
                                        "softplus", "identity"])
@pytest.mark.parametrize("precision", ["double", "float"])
def test_classifier_export_predicts_what_transform_predicts(rings, activation, precision):
    model = classifier(hiddenLayers=[6, 4], activation=activation, maxIter=15,
                       precision=precision).fit(rings)
    rows = model.transform(rings).collect()
    session = checked(model.toOnnx())
    probability, prediction = session.run(
        ["probability", "prediction"], {"features": features_of(rows)})
    tolerance = 1e-5 if precision == "double" else 1e-4
    expected = np.array([r["probability"].toArray() for r in rows])
    assert np.max(np.abs(probability - expected)) <= tolerance
    assert list(prediction) == [int(r["prediction"]) for r in rows]


@pytest.mark.parametrize("precision", ["double", "float"])
def test_regressor_export_predicts_what_transform_predicts(spark, precision):
    frame = spark.createDataFrame(smooth_rows(200), ["x1", "x2", "label"])
    data = VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(frame)
    model = regressor(maxIter=40, precision=precision).fit(data)
    rows = model.transform(data).collect()
    (prediction,) = checked(model.toOnnx()).run(["prediction"], {"features": features_of(rows)})
    expected = np.array([r["prediction"] for r in rows])
    relative = np.abs(prediction - expected) / np.maximum(np.abs(expected), 1e-3)
    assert np.max(relative) <= (1e-5 if precision == "double" else 1e-4)


def test_a_scaler_folded_into_the_graph_and_the_onnx_writer(rings, tmp_path):
    scaler = StandardScaler(inputCol="features", outputCol="scaled", withMean=True,
                            withStd=True).fit(rings)
    scaled = scaler.transform(rings)
    model = classifier(featuresCol="scaled", maxIter=15).fit(scaled)
    rows = model.transform(scaled).collect()
    session = checked(model.toOnnx(scaler))
    # the graph reads the scaler's input column, the raw features
    (probability,) = session.run(["probability"], {"features": features_of(rows, "features")})
    expected = np.array([r["probability"].toArray() for r in rows])
    assert np.max(np.abs(probability - expected)) <= 1e-5
    path = tmp_path / "model.onnx"
    model.write().format("onnx").save(str(path))
    assert path.read_bytes() == model.toOnnx()
