"""Spark ML stages of spark-backprop for PySpark: thin wrappers of the JVM classes in
``io.github.sparkbackprop.ml`` (the library jar must be on the session's class path, see
:func:`sparkbackprop.jar_path`). They work in classic PySpark and over Spark Connect."""

import sys

from sparkbackprop.ml._connect import SparkConnectAttributeNotAllowed
from sparkbackprop.ml._jvm import register_jvm_package_alias
from sparkbackprop.ml._summary import NeuralNetworkTrainingSummary
from sparkbackprop.ml.classification import (
    NeuralNetworkClassificationModel,
    NeuralNetworkClassifier,
    NeuralNetworkMultiLabelClassificationModel,
    NeuralNetworkMultiLabelClassifier,
)
from sparkbackprop.ml.regression import NeuralNetworkRegressionModel, NeuralNetworkRegressor

__all__ = [
    "NeuralNetworkClassifier",
    "NeuralNetworkClassificationModel",
    "NeuralNetworkMultiLabelClassifier",
    "NeuralNetworkMultiLabelClassificationModel",
    "NeuralNetworkRegressor",
    "NeuralNetworkRegressionModel",
    "NeuralNetworkTrainingSummary",
    "SparkConnectAttributeNotAllowed",
]

register_jvm_package_alias(sys.modules[__name__])
