"""Bad input from Python fails with a Python exception that carries the JVM's message, which
names the column or param, the value and the fix."""

import math

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml.linalg import Vectors

from sparkbackprop.ml import NeuralNetworkClassifier, NeuralNetworkRegressor

# fast, and they exercise the main paths: part of scripts/test quick
pytestmark = pytest.mark.smoke


def frame(spark, rows):
    return spark.createDataFrame(rows, ["features", "label"])


def good_rows(n=20):
    return [(Vectors.dense([i / n, 1 - i / n]), float(i % 2)) for i in range(n)]


def small(**params):
    return NeuralNetworkClassifier(hiddenLayers=[3], maxIter=3, seed=1, **params)


def test_nan_features_name_the_column_the_value_and_the_row(spark):
    rows = good_rows()
    rows[7] = (Vectors.dense([0.5, math.nan]), 1.0)
    with pytest.raises(IllegalArgumentException) as error:
        small().fit(frame(spark, rows))
    message = str(error.value)
    assert "'features'" in message and "NaN" in message


@pytest.mark.parametrize("bad", [-1.0, 1.5])
def test_bad_labels_are_named(spark, bad):
    rows = good_rows()
    rows[3] = (rows[3][0], bad)
    with pytest.raises(IllegalArgumentException) as error:
        small().fit(frame(spark, rows))
    assert "'label'" in str(error.value) and str(bad) in str(error.value)


def test_unknown_solver_lists_the_valid_ones(spark):
    with pytest.raises(IllegalArgumentException) as error:
        small(solver="sgdx").fit(frame(spark, good_rows()))
    message = str(error.value)
    assert "solver" in message and "'sgdx'" in message and "adam" in message


def test_hidden_layers_of_size_zero_are_refused(spark):
    with pytest.raises(IllegalArgumentException) as error:
        NeuralNetworkRegressor(hiddenLayers=[8, 0]).fit(frame(spark, good_rows()))
    assert "hiddenLayers" in str(error.value) and ">= 1" in str(error.value)


def test_a_missing_features_column_is_named_before_training(spark):
    rows = spark.createDataFrame([(1.0, 0.0)], ["x", "label"])
    with pytest.raises(IllegalArgumentException) as error:
        small().fit(rows)
    assert "'features'" in str(error.value)


def test_python_type_errors_stay_python_errors():
    with pytest.raises(TypeError):
        NeuralNetworkClassifier(hiddenLayers="wide")


def test_local_steps_below_one_are_refused_naming_the_param(spark):
    with pytest.raises(IllegalArgumentException) as error:
        small(solver="adam", localSteps=0).fit(frame(spark, good_rows()))
    assert "localSteps" in str(error.value) and ">= 1" in str(error.value)


def test_an_unknown_execution_mode_is_refused_naming_the_choices(spark):
    with pytest.raises(IllegalArgumentException) as error:
        small(solver="adam", executionMode="gang").fit(frame(spark, good_rows()))
    assert "executionMode" in str(error.value) and "perStep" in str(error.value)


def test_barrier_where_spark_cannot_run_one_names_partitions_slots_and_the_fix(spark):
    # the session is local[2]: two task slots for five partitions
    five = frame(spark, good_rows(50)).repartition(5)
    with pytest.raises(IllegalArgumentException) as error:
        small(solver="adam", batchSize=10, executionMode="barrier").fit(five)
    message = str(error.value)
    assert "5 partitions" in message and "2 task slots" in message
    assert "df.repartition(2)" in message and '"perStep"' in message
