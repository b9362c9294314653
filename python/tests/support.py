"""Data and pipelines shared by the classic and the Spark Connect tests.

The same rows, in the same order and partitions, and the same stages with the same seed give
the same weights whichever API fits them (Python, Java, classic, Connect): the tests compare
weights for equality, not closeness.
"""

import math
import random
from pathlib import Path
from typing import List, Tuple

from pyspark.ml import Pipeline
from pyspark.ml.feature import StandardScaler, VectorAssembler

from sparkbackprop.ml import NeuralNetworkClassifier, NeuralNetworkRegressor

REPO = Path(__file__).resolve().parents[2]
SEED = 17
FEATURES = ["x1", "x2", "x3"]


def ring_rows(n: int = 600, seed: int = SEED) -> List[Tuple[float, float, float, float]]:
    """A problem no linear model solves: label 1 inside a ring (0.35 < r < 0.8) in the plane of
    x1 and x2, 0 elsewhere; x3 is noise, on another scale, so the scaler matters."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x1, x2 = rng.uniform(-1, 1), rng.uniform(-1, 1)
        x3 = rng.gauss(0, 5)
        r = math.hypot(x1, x2)
        rows.append((x1, x2, x3, 1.0 if 0.35 < r < 0.8 else 0.0))
    return rows


def ring_frame(spark, n: int = 600, seed: int = SEED):
    """:func:`ring_rows` as a DataFrame of two partitions (classic and Connect alike)."""
    return spark.createDataFrame(ring_rows(n, seed), FEATURES + ["label"]).coalesce(2)


def smooth_rows(n: int = 500, seed: int = SEED) -> List[Tuple[float, float, float]]:
    """A smooth regression target: y = sin(2 x1) + x2^2 plus a little noise."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x1, x2 = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
        rows.append((x1, x2, math.sin(2 * x1) + x2 * x2 + rng.gauss(0, 0.02)))
    return rows


def classifier(**overrides) -> NeuralNetworkClassifier:
    """The network of the pipeline tests: small, ReLU, l-bfgs, seeded."""
    params = dict(hiddenLayers=[16, 8], activation="relu", solver="l-bfgs", maxIter=80, seed=SEED)
    params.update(overrides)
    return NeuralNetworkClassifier(**params)


def python_pipeline(**overrides) -> Pipeline:
    """VectorAssembler + StandardScaler + NeuralNetworkClassifier, from Python."""
    return Pipeline(
        stages=[
            VectorAssembler(inputCols=FEATURES, outputCol="raw"),
            StandardScaler(inputCol="raw", outputCol="features", withMean=True, withStd=True),
            classifier(**overrides),
        ]
    )


def java_pipeline(spark):
    """The same pipeline built from the JVM classes directly, as Java code would (py4j)."""
    jvm = spark._jvm
    gateway = spark.sparkContext._gateway
    inputs = gateway.new_array(jvm.java.lang.String, len(FEATURES))
    for i, name in enumerate(FEATURES):
        inputs[i] = name
    hidden = gateway.new_array(jvm.int, 2)
    hidden[0], hidden[1] = 16, 8
    assembler = jvm.org.apache.spark.ml.feature.VectorAssembler().setInputCols(inputs)
    assembler.setOutputCol("raw")
    scaler = jvm.org.apache.spark.ml.feature.StandardScaler().setInputCol("raw")
    scaler.setOutputCol("features").setWithMean(True).setWithStd(True)
    network = jvm.io.github.sparkbackprop.ml.NeuralNetworkClassifier()
    network.setHiddenLayers(hidden).setActivation("relu").setSolver("l-bfgs")
    network.setMaxIter(80).setSeed(SEED)
    stages = gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, 3)
    stages[0], stages[1], stages[2] = assembler, scaler, network
    return jvm.org.apache.spark.ml.Pipeline().setStages(stages)


def regressor(**overrides) -> NeuralNetworkRegressor:
    """The network of the regression tests."""
    params = dict(hiddenLayers=[24], activation="tanh", maxIter=150, seed=SEED)
    params.update(overrides)
    return NeuralNetworkRegressor(**params)


def accuracy(predictions) -> float:
    """Share of rows whose prediction equals the label."""
    return predictions.selectExpr("avg(cast(prediction = label as double)) as a").first()["a"]


def two_target_rows(n: int = 300, seed: int = SEED) -> List[Tuple[float, float, float, float]]:
    """Two smooth targets of the same two inputs, for multi-output regression:
    ``(x1, x2, y1, y2)`` with y1 = sin(2 x1) + x2 and y2 = x1 x2 - 0.5 x2."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x1, x2 = rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)
        rows.append((x1, x2, math.sin(2 * x1) + x2, x1 * x2 - 0.5 * x2))
    return rows


def two_target_frame(spark, n: int = 300, seed: int = SEED):
    """:func:`two_target_rows` with ``features`` (x1, x2) and a ``label`` vector (y1, y2)."""
    from pyspark.ml.feature import VectorAssembler

    frame = spark.createDataFrame(two_target_rows(n, seed), ["x1", "x2", "y1", "y2"])
    frame = VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(frame)
    return VectorAssembler(inputCols=["y1", "y2"], outputCol="label").transform(frame)


def label_set_rows(n: int = 400, seed: int = SEED) -> List[Tuple[float, float, float, list]]:
    """Rows ``(x1, x2, x3, labels)`` for multi-label classification: label 0 when x1 > 0,
    label 1 when x2 + x3 > 0.3, label 2 when x1 x3 > 0; a row may have any of them or none."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x1, x2, x3 = rng.gauss(0, 1), rng.gauss(0, 1), rng.gauss(0, 1)
        labels = [float(j) for j, has in enumerate([x1 > 0, x2 + x3 > 0.3, x1 * x3 > 0]) if has]
        rows.append((x1, x2, x3, labels))
    return rows


def label_set_frame(spark, n: int = 400, seed: int = SEED):
    """:func:`label_set_rows` with ``features`` (x1, x2, x3) and ``labels`` (array<double>),
    in two partitions."""
    from pyspark.ml.feature import VectorAssembler

    frame = spark.createDataFrame(label_set_rows(n, seed),
                                  "x1 double, x2 double, x3 double, labels array<double>")
    return VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="features").transform(
        frame).coalesce(2)
