"""The neural-network classifier and its model."""

from typing import Any, Dict, List, Optional

from pyspark import keyword_only
from pyspark.ml.classification import (
    _JavaProbabilisticClassificationModel,
    _JavaProbabilisticClassifier,
)
from pyspark.ml.linalg import Vector
from pyspark.ml.util import (
    GeneralJavaMLWritable,
    HasTrainingSummary,
    JavaMLReadable,
    JavaMLWritable,
)
from pyspark.sql.utils import is_remote

from sparkbackprop.ml._connect import call_java, onnx_bytes
from sparkbackprop.ml._jvm import jvm_class_name, named_after_jvm_class
from sparkbackprop.ml._params import (
    P,
    _NeuralNetworkClassifierParams,
    _NeuralNetworkEstimatorSetters,
)
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


@named_after_jvm_class
class NeuralNetworkClassifier(
    _JavaProbabilisticClassifier["NeuralNetworkClassificationModel"],
    _NeuralNetworkClassifierParams,
    _NeuralNetworkEstimatorSetters,
    JavaMLWritable,
    JavaMLReadable["NeuralNetworkClassifier"],
):
    """A feed-forward neural network (multilayer perceptron) classifier trained by
    backpropagation, run in the JVM: ``io.github.sparkbackprop.ml.NeuralNetworkClassifier``.

    Layers: the features, the ``hiddenLayers`` with the chosen ``activation``, and a softmax
    output with one unit per class; training minimises the weighted mean cross-entropy plus the
    elastic-net term. Labels are class indices ``0..k-1``. Every param has the name, default and
    meaning of the Java param; values are checked by the JVM when ``fit`` runs.

    >>> from sparkbackprop.ml import NeuralNetworkClassifier
    >>> nn = NeuralNetworkClassifier(hiddenLayers=[64, 32], solver="adam", maxIter=20, seed=7)
    >>> model = nn.fit(train)  # doctest: +SKIP
    >>> model.transform(test).select("prediction", "probability")  # doctest: +SKIP
    """

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkClassifier"
    _input_kwargs: Dict[str, Any]

    @keyword_only
    def __init__(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        rawPredictionCol: str = "rawPrediction",
        probabilityCol: str = "probability",
        thresholds: Optional[List[float]] = None,
        weightCol: Optional[str] = None,
        validationIndicatorCol: Optional[str] = None,
        hiddenLayers: Optional[List[int]] = None,
        activation: str = "relu",
        solver: str = "l-bfgs",
        adamEpsilon: float = 1e-08,
        aggregationDepth: int = 2,
        batchSize: int = 256,
        beta1: float = 0.9,
        beta2: float = 0.999,
        blockSize: int = 256,
        checkpointDir: Optional[str] = None,
        checkpointInterval: int = 10,
        decayRate: float = 0.9,
        decaySteps: int = 0,
        earlyStoppingPatience: int = 5,
        elasticNetParam: float = 0.0,
        initialWeights: Optional[Vector] = None,
        learningRateSchedule: str = "constant",
        maxIter: int = 100,
        minLearningRate: float = 0.0,
        momentum: float = 0.0,
        nesterov: bool = False,
        precision: str = "double",
        regParam: float = 0.0,
        seed: Optional[int] = None,
        stepSize: Optional[float] = None,
        tol: float = 1e-06,
        validationTol: float = 0.001,
        warmupSteps: int = 0,
    ):
        super().__init__()
        self._java_obj = self._new_java_obj(jvm_class_name(NeuralNetworkClassifier), self.uid)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        rawPredictionCol: str = "rawPrediction",
        probabilityCol: str = "probability",
        thresholds: Optional[List[float]] = None,
        weightCol: Optional[str] = None,
        validationIndicatorCol: Optional[str] = None,
        hiddenLayers: Optional[List[int]] = None,
        activation: str = "relu",
        solver: str = "l-bfgs",
        adamEpsilon: float = 1e-08,
        aggregationDepth: int = 2,
        batchSize: int = 256,
        beta1: float = 0.9,
        beta2: float = 0.999,
        blockSize: int = 256,
        checkpointDir: Optional[str] = None,
        checkpointInterval: int = 10,
        decayRate: float = 0.9,
        decaySteps: int = 0,
        earlyStoppingPatience: int = 5,
        elasticNetParam: float = 0.0,
        initialWeights: Optional[Vector] = None,
        learningRateSchedule: str = "constant",
        maxIter: int = 100,
        minLearningRate: float = 0.0,
        momentum: float = 0.0,
        nesterov: bool = False,
        precision: str = "double",
        regParam: float = 0.0,
        seed: Optional[int] = None,
        stepSize: Optional[float] = None,
        tol: float = 1e-06,
        validationTol: float = 0.001,
        warmupSteps: int = 0,
    ) -> "NeuralNetworkClassifier":
        """Sets the params given by keyword (the others keep their values)."""
        return self._set(**self._input_kwargs)

    def setInitialModel(
        self, model: "NeuralNetworkClassificationModel"
    ) -> "NeuralNetworkClassifier":
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

    def _create_model(self, java_model: Any) -> "NeuralNetworkClassificationModel":
        return NeuralNetworkClassificationModel(java_model)


@named_after_jvm_class
class NeuralNetworkClassificationModel(
    _JavaProbabilisticClassificationModel[Vector],
    _NeuralNetworkClassifierParams,
    GeneralJavaMLWritable,
    JavaMLReadable["NeuralNetworkClassificationModel"],
    HasTrainingSummary[NeuralNetworkTrainingSummary],
):
    """A trained neural-network classifier, made by :class:`NeuralNetworkClassifier` or
    loaded with :meth:`load`.

    ``transform`` adds ``rawPrediction`` (the output layer before softmax), ``probability``
    (its softmax) and ``prediction`` (the most probable class, or the one maximising
    ``probability / threshold`` when ``thresholds`` is set), scoring ``blockSize`` rows at a time
    in the JVM: no Python runs per row.
    """

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkClassificationModel"

    def setBlockSize(self: P, value: int) -> P:
        """Sets the value of :py:attr:`blockSize` (rows per GEMM when scoring)."""
        return self._set(blockSize=value)

    def setPrecision(self: P, value: str) -> P:
        """Sets the value of :py:attr:`precision` (arithmetic when scoring)."""
        return self._set(precision=value)

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
        """Layer sizes from the input (number of features) to the output (number of classes)."""
        if is_remote():
            # layers() is not on Spark Connect's allow-list; its three parts are.
            return [self.numFeatures] + list(self.getHiddenLayers()) + [self.numClasses]
        return list(self._call_java("layers"))

    @property
    def summary(self) -> NeuralNetworkTrainingSummary:  # type: ignore[override]
        """The training summary (only on a model fresh from ``fit``: see ``hasSummary``).
        Over Spark Connect only ``objectiveHistory`` and ``totalIterations`` are readable."""
        if self.hasSummary:
            return NeuralNetworkTrainingSummary(super().summary)
        raise RuntimeError(
            f"No training summary available for this {type(self).__name__} (summaries exist "
            "only on models fresh from fit, not on loaded ones)"
        )
