"""The neural-network regressor and its model."""

from typing import Any, Dict, List, Optional, Union

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

from sparkbackprop.ml._jvm import jvm_class_name, named_after_jvm_class
from sparkbackprop.ml._params import (
    _NeuralNetworkEstimatorSetters,
    _NeuralNetworkRegressorParams,
    _RegressionLossSetters,
)
from sparkbackprop.ml._model import (
    _NeuralNetworkModel,
    _WarmStart,
    layers_from_description,
    score_one_row,
)
from sparkbackprop.ml._summary import NeuralNetworkTrainingSummary


@named_after_jvm_class
class NeuralNetworkRegressor(
    _JavaRegressor["NeuralNetworkRegressionModel"],
    _NeuralNetworkRegressorParams,
    _NeuralNetworkEstimatorSetters,
    _RegressionLossSetters,
    _WarmStart,
    JavaMLWritable,
    JavaMLReadable["NeuralNetworkRegressor"],
):
    """A feed-forward neural network (multilayer perceptron) regressor trained by
    backpropagation, run in the JVM: ``io.github.sparkbackprop.ml.NeuralNetworkRegressor``.

    Layers: the features, the ``hiddenLayers`` with the chosen ``activation``, and one linear
    output unit per target; training minimises the weighted mean ``loss`` (``squaredError`` or
    ``huber``, summed over the targets) plus the elastic-net term. The label column holds
    numbers (the prediction is a double) or ``Vector``s of ``k`` targets, the same ``k`` on
    every row (multi-output regression: the prediction is a ``Vector`` of ``k`` values;
    assemble target columns with ``VectorAssembler``). Every param has the name, default and
    meaning of the Java param; values are checked by the JVM when ``fit`` runs.

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
        attributionBaseline: Optional[Vector] = None,
        attributionCol: Optional[str] = None,
        attributionSteps: int = 50,
        batchSize: Optional[int] = None,
        beta1: float = 0.9,
        beta2: float = 0.999,
        blockSize: int = 256,
        checkpointDir: Optional[str] = None,
        checkpointInterval: int = 10,
        decayRate: float = 0.9,
        decaySteps: int = 0,
        dropout: float = 0.0,
        earlyStoppingPatience: int = 5,
        elasticNetParam: float = 0.0,
        executionMode: str = "auto",
        initialWeights: Optional[Vector] = None,
        learningRateSchedule: str = "constant",
        localSteps: int = 1,
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
        attributionBaseline: Optional[Vector] = None,
        attributionCol: Optional[str] = None,
        attributionSteps: int = 50,
        batchSize: Optional[int] = None,
        beta1: float = 0.9,
        beta2: float = 0.999,
        blockSize: int = 256,
        checkpointDir: Optional[str] = None,
        checkpointInterval: int = 10,
        decayRate: float = 0.9,
        decaySteps: int = 0,
        dropout: float = 0.0,
        earlyStoppingPatience: int = 5,
        elasticNetParam: float = 0.0,
        executionMode: str = "auto",
        initialWeights: Optional[Vector] = None,
        learningRateSchedule: str = "constant",
        localSteps: int = 1,
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

    def _create_model(self, java_model: Any) -> "NeuralNetworkRegressionModel":
        return NeuralNetworkRegressionModel(java_model)


@named_after_jvm_class
class NeuralNetworkRegressionModel(
    _NeuralNetworkModel,
    _JavaRegressionModel[Vector],
    _NeuralNetworkRegressorParams,
    GeneralJavaMLWritable,
    JavaMLReadable["NeuralNetworkRegressionModel"],
    HasTrainingSummary[NeuralNetworkTrainingSummary],
):
    """A trained neural-network regressor, made by :class:`NeuralNetworkRegressor` or loaded
    with :meth:`load`. ``transform`` adds ``prediction``, scoring ``blockSize`` rows at a time
    in the JVM: no Python runs per row. Fitted on a ``Vector`` label, its prediction is a
    ``Vector`` of :attr:`numOutputs` values (:attr:`predictsVector`)."""

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkRegressionModel"

    def _num_outputs(self) -> int:
        return self.numOutputs

    @property
    def numOutputs(self) -> int:
        """Number of targets predicted: 1 for a numeric label, else the label vectors' size."""
        if is_remote():
            return layers_from_description(self)[-1]
        return self._call_java("numOutputs")

    @property
    def predictsVector(self) -> bool:
        """Whether the model was fitted on a ``Vector`` label, so that its prediction is a
        ``Vector`` (even of one value) rather than a float."""
        if is_remote():
            return self._call_java("toString").endswith(", prediction=vector")
        return self._call_java("predictsVector")

    def predict(self, value: Vector) -> Union[float, Vector]:
        """The prediction for one row of features: a float, or for a model of a ``Vector``
        label a ``DenseVector`` of :attr:`numOutputs` values."""
        if not self.predictsVector:
            return super().predict(value)
        if is_remote():
            # predictVector is not on the Connect server's allow-list
            return score_one_row(self, value, self.getPredictionCol())
        return self._call_java("predictVector", value)
