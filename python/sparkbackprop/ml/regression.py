"""The neural-network regressor and its model."""

from typing import Any, Dict, List, Optional

from pyspark import keyword_only
from pyspark.ml.linalg import Vector
from pyspark.ml.regression import _JavaRegressionModel, _JavaRegressor
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
    _NeuralNetworkEstimatorSetters,
    _NeuralNetworkRegressorParams,
    _RegressionLossSetters,
)
from sparkbackprop.ml._summary import NeuralNetworkTrainingSummary
from sparkbackprop.ml.classification import ONNX_OVER_CONNECT, WEIGHTS_OVER_CONNECT


@named_after_jvm_class
class NeuralNetworkRegressor(
    _JavaRegressor["NeuralNetworkRegressionModel"],
    _NeuralNetworkRegressorParams,
    _NeuralNetworkEstimatorSetters,
    _RegressionLossSetters,
    JavaMLWritable,
    JavaMLReadable["NeuralNetworkRegressor"],
):
    """A feed-forward neural network (multilayer perceptron) regressor trained by
    backpropagation, run in the JVM: ``io.github.sparkbackprop.ml.NeuralNetworkRegressor``.

    Layers: the features, the ``hiddenLayers`` with the chosen ``activation``, and one linear
    output unit; training minimises the weighted mean ``loss`` (``squaredError`` or ``huber``)
    plus the elastic-net term. Every param has the name, default and meaning of the Java param;
    values are checked by the JVM when ``fit`` runs.

    >>> from sparkbackprop.ml import NeuralNetworkRegressor
    >>> nn = NeuralNetworkRegressor(hiddenLayers=[32], loss="huber", seed=7)
    >>> model = nn.fit(train)  # doctest: +SKIP
    """

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkRegressor"
    _input_kwargs: Dict[str, Any]

    @keyword_only
    def __init__(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        weightCol: Optional[str] = None,
        validationIndicatorCol: Optional[str] = None,
        hiddenLayers: Optional[List[int]] = None,
        activation: str = "relu",
        solver: str = "l-bfgs",
        loss: str = "squaredError",
        epsilon: float = 1.35,
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
        self._java_obj = self._new_java_obj(jvm_class_name(NeuralNetworkRegressor), self.uid)
        self.setParams(**self._input_kwargs)

    @keyword_only
    def setParams(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        weightCol: Optional[str] = None,
        validationIndicatorCol: Optional[str] = None,
        hiddenLayers: Optional[List[int]] = None,
        activation: str = "relu",
        solver: str = "l-bfgs",
        loss: str = "squaredError",
        epsilon: float = 1.35,
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
    ) -> "NeuralNetworkRegressor":
        """Sets the params given by keyword (the others keep their values)."""
        return self._set(**self._input_kwargs)

    def setInitialModel(self, model: "NeuralNetworkRegressionModel") -> "NeuralNetworkRegressor":
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

    def _create_model(self, java_model: Any) -> "NeuralNetworkRegressionModel":
        return NeuralNetworkRegressionModel(java_model)


@named_after_jvm_class
class NeuralNetworkRegressionModel(
    _JavaRegressionModel[Vector],
    _NeuralNetworkRegressorParams,
    GeneralJavaMLWritable,
    JavaMLReadable["NeuralNetworkRegressionModel"],
    HasTrainingSummary[NeuralNetworkTrainingSummary],
):
    """A trained neural-network regressor, made by :class:`NeuralNetworkRegressor` or loaded
    with :meth:`load`. ``transform`` adds ``prediction``, scoring ``blockSize`` rows at a time
    in the JVM: no Python runs per row."""

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkRegressionModel"

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
        """Layer sizes from the input (number of features) to the output (1)."""
        if is_remote():
            # layers() is not on Spark Connect's allow-list; its parts are.
            return [self.numFeatures] + list(self.getHiddenLayers()) + [1]
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
