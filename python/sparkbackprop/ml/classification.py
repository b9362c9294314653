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

from sparkbackprop.ml._jvm import jvm_class_name, named_after_jvm_class
from sparkbackprop.ml._params import (
    _NeuralNetworkClassifierParams,
    _NeuralNetworkEstimatorSetters,
)
from sparkbackprop.ml._model import _NeuralNetworkModel, _WarmStart
from sparkbackprop.ml._summary import NeuralNetworkTrainingSummary

@named_after_jvm_class
class NeuralNetworkClassifier(
    _JavaProbabilisticClassifier["NeuralNetworkClassificationModel"],
    _NeuralNetworkClassifierParams,
    _NeuralNetworkEstimatorSetters,
    _WarmStart,
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
        batchSize: Optional[int] = None,
        beta1: float = 0.9,
        beta2: float = 0.999,
        blockSize: int = 256,
        checkpointDir: Optional[str] = None,
        checkpointInterval: int = 10,
        decayRate: float = 0.9,
        decaySteps: int = 0,
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
        batchSize: Optional[int] = None,
        beta1: float = 0.9,
        beta2: float = 0.999,
        blockSize: int = 256,
        checkpointDir: Optional[str] = None,
        checkpointInterval: int = 10,
        decayRate: float = 0.9,
        decaySteps: int = 0,
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
    ) -> "NeuralNetworkClassifier":
        """Sets the params given by keyword (the others keep their values)."""
        return self._set(**self._input_kwargs)

    def _create_model(self, java_model: Any) -> "NeuralNetworkClassificationModel":
        return NeuralNetworkClassificationModel(java_model)


@named_after_jvm_class
class NeuralNetworkClassificationModel(
    _NeuralNetworkModel,
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

    def _num_outputs(self) -> int:
        return self.numClasses
