"""What the classifier's and the regressor's wrappers share beyond their params: warm start on
the estimators, and on the models the scoring setters, the ONNX export, the weights, the layers
and the training summary."""

import re
from typing import Any, List, Optional

from pyspark.ml.linalg import Vector
from pyspark.ml.param import Params
from pyspark.sql.utils import is_remote

from sparkbackprop.ml._connect import call_java, onnx_bytes
from sparkbackprop.ml._params import P
from sparkbackprop.ml._summary import NeuralNetworkTrainingSummary

#: What to do instead of exporting to ONNX over Spark Connect.
ONNX_OVER_CONNECT = (
    "Export from a classic SparkSession or from the JVM API (model.toOnnx(), or "
    "model.write().format('onnx').save(path)); Spark Connect's writer has no format option."
)

#: What to do instead of reading ``weights`` over Spark Connect.
WEIGHTS_OVER_CONNECT = (
    "Save the model (model.write().overwrite().save(path)) and read the weights from its data "
    "folder: spark.read.parquet(path + '/data').select('layers', 'weights'), or read them from "
    "a classic SparkSession."
)


def layers_from_description(model: Any) -> List[int]:
    """The layers of ``model`` read from its JVM ``toString()`` (``"...layers=[3, 16, 2]..."``),
    the one method Spark Connect's server lets a client call on every stage."""
    text = model._call_java("toString")
    match = re.search(r"layers=\[([0-9, ]+)\]", text)
    if match is None:
        raise RuntimeError(f"no layers in the model's description {text!r}")
    return [int(size) for size in match.group(1).split(",")]


def score_one_row(model: Any, features: Vector, column: str) -> Any:
    """``column`` of ``model.transform`` of one row of ``features``: how a single-row method
    the Connect server does not allow is computed over Connect (one small Spark job)."""
    from pyspark.ml.linalg import VectorUDT
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructField, StructType

    spark = SparkSession.active()
    schema = StructType([StructField(model.getFeaturesCol(), VectorUDT(), False)])
    frame = spark.createDataFrame([(features,)], schema)
    return model.transform(frame).select(column).first()[0]


class _WarmStart(Params):
    """``setInitialModel`` of both estimators."""

    def setInitialModel(self: P, model: Any) -> P:
        """Continues training from ``model`` (warm start): sets ``initialWeights`` to its
        weights. The model must have this estimator's ``hiddenLayers`` and ``activation``."""
        if (
            model.getHiddenLayers() != self.getHiddenLayers()
            or model.getActivation().lower() != self.getActivation().lower()
        ):
            raise ValueError(
                f"initial model has hiddenLayers {model.getHiddenLayers()} and activation "
                f"{model.getActivation()} but this estimator has {self.getHiddenLayers()} and "
                f"{self.getActivation()}; set the same ones to warm-start from it"
            )
        return self.setInitialWeights(model.weights)


class _NeuralNetworkModel(Params):
    """The attributes and setters every model has."""

    def _num_outputs(self) -> int:
        """Width of the output layer; readable over Spark Connect."""
        raise NotImplementedError

    def setBlockSize(self: P, value: int) -> P:
        """Sets the value of :py:attr:`blockSize` (rows per GEMM when scoring)."""
        return self._set(blockSize=value)

    def setPrecision(self: P, value: str) -> P:
        """Sets the value of :py:attr:`precision` (arithmetic when scoring)."""
        return self._set(precision=value)

    def featureImportances(self, dataset: Any) -> Vector:
        """The mean absolute attribution of each feature over the rows of ``dataset``: a
        global view of which features the model's outputs rest on, from the attributions
        ``attributionCol`` would hold (with ``attributionBaseline`` and ``attributionSteps``; the
        column itself need not be set). One Spark job; one value per feature."""
        if not is_remote():
            self._transfer_params_to_java()
            return self._call_java("featureImportances", dataset)
        # Over Spark Connect (featureImportances is not on the server's allow-list): the same
        # average, of the attribution column of transform.
        from pyspark.ml.functions import vector_to_array
        from pyspark.ml.linalg import Vectors
        from pyspark.sql import functions as F

        column = f"attributions_{self.uid}"
        extra = {self.attributionCol: column}
        for name in ("predictionCol", "rawPredictionCol", "probabilityCol"):
            if self.hasParam(name):
                extra[self.getParam(name)] = ""
        scored = self.copy(extra).transform(dataset)
        values = vector_to_array(F.col(column))
        row = scored.select(
            [F.avg(F.abs(values[j])) for j in range(self.numFeatures)] + [F.count(F.lit(1))]
        ).first()
        if row[-1] == 0:
            raise ValueError(
                "featureImportances needs rows to average over, but the dataset is empty; pass "
                "the rows whose attributions to average"
            )
        return Vectors.dense([float(v) for v in row[:-1]])

    def toOnnx(self, scaler: Optional[Any] = None) -> bytes:
        """The model as a serialised ONNX model (opset 13): input a float tensor
        ``[N, numFeatures]`` named after ``featuresCol``, outputs named after the output columns.
        With ``scaler`` (a fitted ``StandardScalerModel`` that directly precedes the network) the
        graph takes the raw features and standardises them first. ``write().format("onnx")``
        saves the same bytes to a file."""
        return onnx_bytes(self, scaler, ONNX_OVER_CONNECT)

    @property
    def weights(self) -> Vector:
        """The flat weight vector: per layer, the weight matrix (column-major) then the bias."""
        return call_java(self, "weights", WEIGHTS_OVER_CONNECT)

    @property
    def layers(self) -> List[int]:
        """Layer sizes from the input (number of features) to the output."""
        if is_remote():
            # layers() is not on Spark Connect's allow-list; its three parts are.
            return [self.numFeatures] + list(self.getHiddenLayers()) + [self._num_outputs()]
        return list(self._call_java("layers"))

    @property
    def summary(self) -> NeuralNetworkTrainingSummary:
        """The training summary (only on a model fresh from ``fit``: see ``hasSummary``).
        Over Spark Connect only ``objectiveHistory`` and ``totalIterations`` are readable."""
        if self.hasSummary:
            return NeuralNetworkTrainingSummary(super().summary)
        raise RuntimeError(
            f"No training summary available for this {type(self).__name__} (summaries exist "
            "only on models fresh from fit, not on loaded ones)"
        )
