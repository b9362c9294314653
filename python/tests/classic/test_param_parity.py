"""Every param of each JVM stage exists in its Python wrapper with the same default and a doc.

The JVM objects are the source of truth: a param added or changed in Java without its Python
twin fails here.
"""

import json

import pytest
from pyspark.ml.linalg import DenseVector

from sparkbackprop.ml import (
    NeuralNetworkClassificationModel,
    NeuralNetworkClassifier,
    NeuralNetworkMultiLabelClassificationModel,
    NeuralNetworkMultiLabelClassifier,
    NeuralNetworkRegressionModel,
    NeuralNetworkRegressor,
)

# fast, and they exercise the main paths: part of scripts/test quick
pytestmark = pytest.mark.smoke

# Spark's own shared params, whose Python docs come from PySpark (same meaning, own wording).
SPARK_SHARED = {
    "featuresCol", "labelCol", "predictionCol", "rawPredictionCol", "probabilityCol", "thresholds",
}

ESTIMATORS = [NeuralNetworkClassifier, NeuralNetworkRegressor, NeuralNetworkMultiLabelClassifier]

STAGES = [
    NeuralNetworkClassifier,
    NeuralNetworkClassificationModel,
    NeuralNetworkRegressor,
    NeuralNetworkRegressionModel,
    NeuralNetworkMultiLabelClassifier,
    NeuralNetworkMultiLabelClassificationModel,
]


def java_stage(spark, python_class):
    jvm_class = spark._jvm
    for part in ("io", "github", "sparkbackprop", "ml", python_class.__name__):
        jvm_class = getattr(jvm_class, part)
    return jvm_class()  # the models' no-arg constructor makes a placeholder with every param


def python_stage(python_class, java):
    if python_class in ESTIMATORS:
        return python_class()
    return python_class(java)


def java_default(java, param):
    if not java.hasDefault(param):
        return None
    encoded = param.jsonEncode(java.getDefault(param).get())
    return json.loads(encoded)


def python_default(stage, param):
    if not stage.hasDefault(param):
        return None
    value = stage.getOrDefault(param)
    if isinstance(value, DenseVector):
        return list(value)
    return value


@pytest.mark.parametrize("python_class", STAGES, ids=lambda c: c.__name__)
def test_every_java_param_has_a_python_twin(spark, python_class):
    java = java_stage(spark, python_class)
    stage = python_stage(python_class, java)
    java_params = {p.name(): p for p in java.params()}
    python_params = {p.name: p for p in stage.params}
    assert sorted(java_params) == sorted(python_params)
    for name, jparam in java_params.items():
        pparam = python_params[name]
        assert pparam.doc.strip(), f"{python_class.__name__}.{name} has no doc"
        if name not in SPARK_SHARED:
            assert pparam.doc == jparam.doc(), f"doc of {name} differs from the JVM's"
        assert python_default(stage, pparam) == java_default(java, jparam), (
            f"default of {python_class.__name__}.{name} differs from the JVM's"
        )


@pytest.mark.parametrize("python_class", STAGES, ids=lambda c: c.__name__)
def test_every_param_has_a_getter_and_estimators_a_setter(python_class):
    stage = python_class()
    for param in stage.params:
        cap = param.name[0].upper() + param.name[1:]
        assert callable(getattr(stage, "get" + cap)), f"no get{cap}"
        if python_class in ESTIMATORS:
            assert callable(getattr(stage, "set" + cap)), f"no set{cap}"


@pytest.mark.parametrize("python_class", ESTIMATORS, ids=lambda c: c.__name__)
def test_constructor_and_setParams_take_every_param_by_keyword(python_class):
    import inspect

    names = {p.name for p in python_class().params}
    for method in (python_class.__init__, python_class.setParams):
        signature = inspect.signature(method)
        keywords = {n for n, p in signature.parameters.items() if p.kind == p.KEYWORD_ONLY}
        assert keywords == names, method.__qualname__
    with pytest.raises(TypeError):
        python_class([64])  # keyword-only, as in PySpark


def test_params_reach_the_jvm_stage(spark):
    nn = NeuralNetworkClassifier(hiddenLayers=[7, 3], solver="adam", stepSize=0.01, seed=5)
    nn.setBatchSize(64).setNesterov(False).setPrecision("float")
    nn._transfer_params_to_java()
    java = nn._java_obj

    def value(name):
        return java.getOrDefault(java.getParam(name))

    assert list(value("hiddenLayers")) == [7, 3]
    assert value("solver") == "adam"
    assert value("stepSize") == 0.01
    assert value("batchSize") == 64
    assert value("seed") == 5
    assert value("precision") == "float"
