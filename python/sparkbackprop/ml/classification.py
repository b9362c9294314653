"""The neural-network classifiers and their models: single-label (softmax) and multi-label (one
sigmoid per label)."""

from typing import Any, Dict, List, Optional

from pyspark import keyword_only
from pyspark.ml.classification import (
    _JavaProbabilisticClassificationModel,
    _JavaProbabilisticClassifier,
)
from pyspark.ml.linalg import Vector
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import (
    GeneralJavaMLWritable,
    HasTrainingSummary,
    JavaMLReadable,
    JavaMLWritable,
)
from pyspark.ml.wrapper import JavaEstimator, JavaModel
from pyspark.sql.utils import is_remote

from sparkbackprop.ml._jvm import jvm_class_name, named_after_jvm_class
from sparkbackprop.ml._params import (
    P,
    _MultiLabelScoringSetters,
    _NeuralNetworkClassifierParams,
    _NeuralNetworkEstimatorSetters,
    _NeuralNetworkMultiLabelClassifierParams,
)
from sparkbackprop.ml._model import (
    _NeuralNetworkModel,
    _WarmStart,
    layers_from_description,
    score_one_row,
)
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


@named_after_jvm_class
class NeuralNetworkMultiLabelClassifier(
    JavaEstimator["NeuralNetworkMultiLabelClassificationModel"],
    _NeuralNetworkMultiLabelClassifierParams,
    _NeuralNetworkEstimatorSetters,
    _MultiLabelScoringSetters,
    _WarmStart,
    JavaMLWritable,
    JavaMLReadable["NeuralNetworkMultiLabelClassifier"],
):
    """A feed-forward neural network (multilayer perceptron) for multi-label classification,
    trained by backpropagation, run in the JVM:
    ``io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassifier``.

    Each row may have any number of the labels ``0..numLabels-1``. Layers: the features, the
    ``hiddenLayers`` with the chosen ``activation``, and one sigmoid output per label; training
    minimises the weighted mean binary cross-entropy, summed over the labels, plus the
    elastic-net term. It follows Spark's multi-label convention (that of
    ``MultilabelClassificationEvaluator``): the label column holds per row an ``array<double>``
    of label indices, and so does the model's ``prediction``. ``numLabels`` is the largest index
    + 1 unless set.

    >>> from sparkbackprop.ml import NeuralNetworkMultiLabelClassifier
    >>> nn = NeuralNetworkMultiLabelClassifier(hiddenLayers=[32], labelCol="tags", seed=7)
    >>> model = nn.fit(train)  # doctest: +SKIP
    >>> model.transform(test).select("prediction", "probability")  # doctest: +SKIP
    """

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassifier"
    _input_kwargs: Dict[str, Any]

    numLabels: "Param[int]" = Param(
        Params._dummy(),
        "numLabels",
        "number of labels (>= 1), the output units; label indices must be below it; unset: the "
        "largest label index in the data + 1",
        typeConverter=TypeConverters.toInt,
    )

    @keyword_only
    def __init__(
        self,
        *,
        featuresCol: str = "features",
        labelCol: str = "label",
        predictionCol: str = "prediction",
        rawPredictionCol: str = "rawPrediction",
        probabilityCol: str = "probability",
        threshold: float = 0.5,
        thresholds: Optional[List[float]] = None,
        numLabels: Optional[int] = None,
        weightCol: Optional[str] = None,
        validationIndicatorCol: Optional[str] = None,
        hiddenLayers: Optional[List[int]] = None,
        activation: str = "relu",
        solver: str = "l-bfgs",
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
        self._java_obj = self._new_java_obj(
            jvm_class_name(NeuralNetworkMultiLabelClassifier), self.uid
        )
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
        threshold: float = 0.5,
        thresholds: Optional[List[float]] = None,
        numLabels: Optional[int] = None,
        weightCol: Optional[str] = None,
        validationIndicatorCol: Optional[str] = None,
        hiddenLayers: Optional[List[int]] = None,
        activation: str = "relu",
        solver: str = "l-bfgs",
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
    ) -> "NeuralNetworkMultiLabelClassifier":
        """Sets the params given by keyword (the others keep their values)."""
        return self._set(**self._input_kwargs)

    def getNumLabels(self) -> int:
        """Gets the value of :py:attr:`numLabels` (raises if unset: it has no default)."""
        return self.getOrDefault(self.numLabels)

    def setNumLabels(self: P, value: int) -> P:
        """Sets the value of :py:attr:`numLabels`."""
        return self._set(numLabels=value)

    def setLabelCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`labelCol`."""
        return self._set(labelCol=value)

    def _create_model(self, java_model: Any) -> "NeuralNetworkMultiLabelClassificationModel":
        return NeuralNetworkMultiLabelClassificationModel(java_model)


@named_after_jvm_class
class NeuralNetworkMultiLabelClassificationModel(
    _NeuralNetworkModel,
    JavaModel,
    _NeuralNetworkMultiLabelClassifierParams,
    _MultiLabelScoringSetters,
    GeneralJavaMLWritable,
    JavaMLReadable["NeuralNetworkMultiLabelClassificationModel"],
    HasTrainingSummary[NeuralNetworkTrainingSummary],
):
    """A trained multi-label neural-network classifier, made by
    :class:`NeuralNetworkMultiLabelClassifier` or loaded with :meth:`load`.

    ``transform`` adds ``prediction`` (the ``array<double>`` of the labels whose probability
    exceeds ``threshold``, or their own ``thresholds``), ``rawPrediction`` (the output layer
    before the sigmoids) and ``probability`` (one sigmoid per label), scoring ``blockSize`` rows
    at a time in the JVM: no Python runs per row. Over Spark Connect, whose server lets clients
    call none of this model's own methods, :attr:`layers`, :attr:`numFeatures` and
    :attr:`numLabels` come from the model's description, and :meth:`predict`,
    :meth:`predictRaw` and :meth:`predictProbability` score a one-row DataFrame.
    """

    _java_class = "io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassificationModel"

    def _num_outputs(self) -> int:
        return self.numLabels

    @property
    def layers(self) -> List[int]:
        """Layer sizes from the input (number of features) to the output (number of labels)."""
        if is_remote():
            return layers_from_description(self)
        return list(self._call_java("layers"))

    @property
    def numLabels(self) -> int:
        """Number of labels: the output units, one per label."""
        return self.layers[-1]

    @property
    def numFeatures(self) -> int:
        """Number of features the model reads per row."""
        return self.layers[0]

    def predict(self, value: Vector) -> List[float]:
        """The predicted labels of one row of features: the indices, ascending, of the labels
        whose probability exceeds their threshold."""
        if is_remote():
            return list(score_one_row(self, value, self.getPredictionCol()))
        return [float(v) for v in self._call_java("predict", value)]

    def predictRaw(self, value: Vector) -> Vector:
        """The raw scores of one row of features: one per label, before the sigmoids."""
        if is_remote():
            return score_one_row(self, value, self.getRawPredictionCol())
        return self._call_java("predictRaw", value)

    def predictProbability(self, value: Vector) -> Vector:
        """The probability of each label for one row of features."""
        if is_remote():
            return score_one_row(self, value, self.getProbabilityCol())
        return self._call_java("predictProbability", value)
