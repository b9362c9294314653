"""The params of the networks, declared once for the Python wrappers.

Each param mirrors the Java param of the same name: same name, doc and default
(``tests/classic/test_param_parity.py`` compares them with the JVM's). The Java
classes validate values when a stage is fitted or applied, so a bad value fails
with the JVM's message, naming the param, the value and the valid range.
"""

from typing import List, Optional, TypeVar

from pyspark.ml.base import _PredictorParams
from pyspark.ml.classification import _ProbabilisticClassifierParams
from pyspark.ml.linalg import Vector
from pyspark.ml.param import Param, Params, TypeConverters

#: The stage a setter returns (itself), so that calls chain with the caller's type.
P = TypeVar("P", bound=Params)


def java_string_hash(text: str) -> int:
    """Java's ``String.hashCode()`` of ``text``: 32-bit, signed.

    Spark's default ``seed`` is the hash of the stage's JVM class name, so the
    Python wrappers compute the same value to show the same default.
    """
    utf16 = text.encode("utf-16-be")  # Java hashes UTF-16 code units
    h = 0
    for i in range(0, len(utf16), 2):
        h = (31 * h + int.from_bytes(utf16[i : i + 2], "big")) & 0xFFFFFFFF
    return h - (1 << 32) if h >= (1 << 31) else h


class _NeuralNetworkParams(Params):
    """Params shared by both estimators and both models."""

    #: The JVM class of the stage, whose name hashes to the default ``seed``.
    _java_class: str

    activation: "Param[str]" = Param(
        Params._dummy(),
        "activation",
        "activation of the hidden layers: sigmoid, tanh, relu, leakyRelu, elu, softplus, "
        "identity (case-insensitive)",
        typeConverter=TypeConverters.toString,
    )

    adamEpsilon: "Param[float]" = Param(
        Params._dummy(),
        "adamEpsilon",
        "adam/adamw term added to the root of the second moment for numerical stability (> 0)",
        typeConverter=TypeConverters.toFloat,
    )

    aggregationDepth: "Param[int]" = Param(
        Params._dummy(),
        "aggregationDepth",
        "depth of the treeAggregate that sums gradients (>= 2)",
        typeConverter=TypeConverters.toInt,
    )

    attributionBaseline: "Param[Vector]" = Param(
        Params._dummy(),
        "attributionBaseline",
        "where the attribution paths start, one value per feature; unset: the means of the "
        "training features, recorded in the model at fit",
        typeConverter=TypeConverters.toVector,
    )

    attributionCol: "Param[str]" = Param(
        Params._dummy(),
        "attributionCol",
        "column of per-row feature attributions, a Vector of one value per feature: the "
        "integrated gradients of the explained output (classifier: the raw score of the "
        "predicted class; multi-label: the sum of the raw scores of the predicted labels; "
        "regressor: the prediction, the sum of the outputs for a vector label) along the "
        "straight path from attributionBaseline to the row; unset or empty: no column",
        typeConverter=TypeConverters.toString,
    )

    attributionSteps: "Param[int]" = Param(
        Params._dummy(),
        "attributionSteps",
        "points along each row's attribution path (>= 1; midpoint rule); cost grows with it, "
        "about steps x 3 times a transform",
        typeConverter=TypeConverters.toInt,
    )

    batchSize: "Param[int]" = Param(
        Params._dummy(),
        "batchSize",
        "rows per step of gd, adam and adamw (>= 1); one epoch is ceil(rows / batchSize) "
        "steps; a batch covering all rows is full-batch training; unset: chosen from the rows "
        "and the network's size; ignored by l-bfgs",
        typeConverter=TypeConverters.toInt,
    )

    beta1: "Param[float]" = Param(
        Params._dummy(),
        "beta1",
        "adam/adamw decay rate of the first-moment estimates, in [0, 1)",
        typeConverter=TypeConverters.toFloat,
    )

    beta2: "Param[float]" = Param(
        Params._dummy(),
        "beta2",
        "adam/adamw decay rate of the second-moment estimates, in [0, 1)",
        typeConverter=TypeConverters.toFloat,
    )

    checkpointDir: "Param[str]" = Param(
        Params._dummy(),
        "checkpointDir",
        "folder (a path of any Hadoop file system: local, HDFS, S3A, DBFS, Volumes) where "
        "training saves checkpoints and from whose newest complete checkpoint a fit with the "
        "same params and data resumes; one training per folder; its checkpoints are removed "
        "when training succeeds; unset: no checkpoints",
        typeConverter=TypeConverters.toString,
    )

    checkpointInterval: "Param[int]" = Param(
        Params._dummy(),
        "checkpointInterval",
        "set checkpoint interval (>= 1) or disable checkpoint (-1): a checkpoint every that "
        "many iterations (l-bfgs) or epochs (gd, adam, adamw); ignored while checkpointDir is"
        " unset",
        typeConverter=TypeConverters.toInt,
    )

    blockSize: "Param[int]" = Param(
        Params._dummy(),
        "blockSize",
        "rows stacked into one matrix for each GEMM (>= 1); larger blocks use the BLAS better",
        typeConverter=TypeConverters.toInt,
    )

    decayRate: "Param[float]" = Param(
        Params._dummy(),
        "decayRate",
        "decay factor of the step, exponential and inverseTime schedules (>= 0; in (0, 1] for"
        " step and exponential)",
        typeConverter=TypeConverters.toFloat,
    )

    decaySteps: "Param[int]" = Param(
        Params._dummy(),
        "decaySteps",
        "steps over which the schedule decays once by decayRate (cosine: to the minimum); 0 "
        "means one epoch, or the whole run for cosine (>= 0)",
        typeConverter=TypeConverters.toInt,
    )

    dropout: "Param[float]" = Param(
        Params._dummy(),
        "dropout",
        "rate at which hidden units are dropped while gd, adam and adamw train, in [0, 1) "
        "(inverted dropout: kept units scaled by 1 / (1 - dropout) in training, none dropped in "
        "scoring; masks drawn from the seed, the step and each row's place in the data, so a "
        "seeded fit repeats and does not depend on the partitioning); 0 trains without dropout; "
        "l-bfgs refuses a rate above 0",
        typeConverter=TypeConverters.toFloat,
    )

    earlyStoppingPatience: "Param[int]" = Param(
        Params._dummy(),
        "earlyStoppingPatience",
        "epochs (l-bfgs: iterations) without improvement before training stops early (>= 1)",
        typeConverter=TypeConverters.toInt,
    )

    elasticNetParam: "Param[float]" = Param(
        Params._dummy(),
        "elasticNetParam",
        "mix of L1 and L2 regularisation in [0, 1]: 0 is L2, 1 is L1",
        typeConverter=TypeConverters.toFloat,
    )

    executionMode: "Param[str]" = Param(
        Params._dummy(),
        "executionMode",
        "how the epochs of gd, adam and adamw run on Spark: barrier (each epoch one barrier "
        "stage whose tasks add up their gradients among themselves), perStep (one Spark job per "
        "step), or auto (barrier where Spark can run it: a task slot for every partition, no "
        "dynamic allocation, no network encryption; else perStep); both train the same model; "
        "ignored by l-bfgs",
        typeConverter=TypeConverters.toString,
    )

    hiddenLayers: "Param[List[int]]" = Param(
        Params._dummy(),
        "hiddenLayers",
        "sizes of the hidden layers, input to output, e.g. [256, 128]; the input width comes "
        "from the features and the output width from the labels; may be empty (no hidden "
        "layer)",
        typeConverter=TypeConverters.toListInt,
    )

    initialWeights: "Param[Vector]" = Param(
        Params._dummy(),
        "initialWeights",
        "initial flat weight vector (length must match the network); unset means random "
        "initialisation from seed",
        typeConverter=TypeConverters.toVector,
    )

    learningRateSchedule: "Param[str]" = Param(
        Params._dummy(),
        "learningRateSchedule",
        "how the learning rate of gd, adam and adamw decays: constant, step, exponential, "
        "inverseTime, cosine",
        typeConverter=TypeConverters.toString,
    )

    localSteps: "Param[int]" = Param(
        Params._dummy(),
        "localSteps",
        "steps of gd, adam and adamw that each partition takes on its own rows of each batch "
        "between two averagings of the weights (>= 1); 1 is exact mini-batch training, "
        "independent of the partitioning; above 1 (parameter averaging) an epoch runs "
        "steps / localSteps Spark jobs instead of one per step, but each step sees only its "
        "partition's share of the batch, so the model depends on how the rows are "
        "partitioned; ignored by l-bfgs",
        typeConverter=TypeConverters.toInt,
    )

    maxIter: "Param[int]" = Param(
        Params._dummy(),
        "maxIter",
        "maximum number of iterations (l-bfgs) or epochs (gd, adam, adamw) (>= 0); unset: 100 "
        "for l-bfgs, chosen from the rows for gd, adam and adamw",
        typeConverter=TypeConverters.toInt,
    )

    minLearningRate: "Param[float]" = Param(
        Params._dummy(),
        "minLearningRate",
        "floor of the learning rate under any schedule (>= 0)",
        typeConverter=TypeConverters.toFloat,
    )

    momentum: "Param[float]" = Param(
        Params._dummy(),
        "momentum",
        "momentum of gd in [0, 1); 0 is plain gradient descent",
        typeConverter=TypeConverters.toFloat,
    )

    nesterov: "Param[bool]" = Param(
        Params._dummy(),
        "nesterov",
        "whether gd uses Nesterov's momentum (needs momentum > 0)",
        typeConverter=TypeConverters.toBoolean,
    )

    precision: "Param[str]" = Param(
        Params._dummy(),
        "precision",
        "arithmetic of the cached features, GEMMs and activations: double, or float (half the"
        " memory, about twice the speed; sums and the optimiser stay double)",
        typeConverter=TypeConverters.toString,
    )

    regParam: "Param[float]" = Param(
        Params._dummy(),
        "regParam",
        "regularisation strength (>= 0); biases are never regularised",
        typeConverter=TypeConverters.toFloat,
    )

    seed: "Param[int]" = Param(
        Params._dummy(),
        "seed",
        "random seed for weight initialisation and mini-batch sampling",
        typeConverter=TypeConverters.toInt,
    )

    solver: "Param[str]" = Param(
        Params._dummy(),
        "solver",
        "optimisation algorithm: l-bfgs (full batch; OWL-QN with an L1 part), gd (mini-batch,"
        " optional momentum), adam or adamw (mini-batch)",
        typeConverter=TypeConverters.toString,
    )

    stepSize: "Param[float]" = Param(
        Params._dummy(),
        "stepSize",
        "learning rate of gd, adam and adamw (> 0); unset: chosen with a warm-up and a cosine "
        "decay (0.03 for gd, 0.001 x batchSize / 256 within 1x-8x for adam/adamw)",
        typeConverter=TypeConverters.toFloat,
    )

    tol: "Param[float]" = Param(
        Params._dummy(),
        "tol",
        "convergence tolerance (>= 0): l-bfgs stops when an iteration improves the objective "
        "by less than tol relative to its size; mini-batch solvers when earlyStoppingPatience"
        " epochs in a row do",
        typeConverter=TypeConverters.toFloat,
    )

    validationIndicatorCol: "Param[str]" = Param(
        Params._dummy(),
        "validationIndicatorCol",
        "boolean column flagging rows held out for validation (true) and early stopping; "
        "unset: no validation",
        typeConverter=TypeConverters.toString,
    )

    validationTol: "Param[float]" = Param(
        Params._dummy(),
        "validationTol",
        "minimum relative improvement of the validation loss that resets the patience (>= 0)",
        typeConverter=TypeConverters.toFloat,
    )

    warmupSteps: "Param[int]" = Param(
        Params._dummy(),
        "warmupSteps",
        "steps of linear learning-rate warm-up before the schedule starts (>= 0)",
        typeConverter=TypeConverters.toInt,
    )

    weightCol: "Param[str]" = Param(
        Params._dummy(),
        "weightCol",
        "column of non-negative row weights; unset or empty means every row has weight 1",
        typeConverter=TypeConverters.toString,
    )

    def getActivation(self) -> str:
        """Gets the value of :py:attr:`activation` or its default."""
        return self.getOrDefault(self.activation)

    def getAdamEpsilon(self) -> float:
        """Gets the value of :py:attr:`adamEpsilon` or its default."""
        return self.getOrDefault(self.adamEpsilon)

    def getAggregationDepth(self) -> int:
        """Gets the value of :py:attr:`aggregationDepth` or its default."""
        return self.getOrDefault(self.aggregationDepth)

    def getAttributionBaseline(self) -> Optional[Vector]:
        """Gets the value of :py:attr:`attributionBaseline` or its default."""
        return self.getOrDefault(self.attributionBaseline)

    def getAttributionCol(self) -> Optional[str]:
        """Gets the value of :py:attr:`attributionCol` or its default."""
        return self.getOrDefault(self.attributionCol)

    def getAttributionSteps(self) -> int:
        """Gets the value of :py:attr:`attributionSteps` or its default."""
        return self.getOrDefault(self.attributionSteps)

    def getBatchSize(self) -> int:
        """Gets the value of :py:attr:`batchSize` or its default."""
        return self.getOrDefault(self.batchSize)

    def getBeta1(self) -> float:
        """Gets the value of :py:attr:`beta1` or its default."""
        return self.getOrDefault(self.beta1)

    def getBeta2(self) -> float:
        """Gets the value of :py:attr:`beta2` or its default."""
        return self.getOrDefault(self.beta2)

    def getCheckpointDir(self) -> Optional[str]:
        """Gets the value of :py:attr:`checkpointDir` or its default."""
        return self.getOrDefault(self.checkpointDir)

    def getCheckpointInterval(self) -> int:
        """Gets the value of :py:attr:`checkpointInterval` or its default."""
        return self.getOrDefault(self.checkpointInterval)

    def getBlockSize(self) -> int:
        """Gets the value of :py:attr:`blockSize` or its default."""
        return self.getOrDefault(self.blockSize)

    def getDecayRate(self) -> float:
        """Gets the value of :py:attr:`decayRate` or its default."""
        return self.getOrDefault(self.decayRate)

    def getDecaySteps(self) -> int:
        """Gets the value of :py:attr:`decaySteps` or its default."""
        return self.getOrDefault(self.decaySteps)

    def getDropout(self) -> float:
        """Gets the value of :py:attr:`dropout` or its default."""
        return self.getOrDefault(self.dropout)

    def getEarlyStoppingPatience(self) -> int:
        """Gets the value of :py:attr:`earlyStoppingPatience` or its default."""
        return self.getOrDefault(self.earlyStoppingPatience)

    def getElasticNetParam(self) -> float:
        """Gets the value of :py:attr:`elasticNetParam` or its default."""
        return self.getOrDefault(self.elasticNetParam)

    def getExecutionMode(self) -> str:
        """Gets the value of :py:attr:`executionMode` or its default."""
        return self.getOrDefault(self.executionMode)

    def getHiddenLayers(self) -> List[int]:
        """Gets the value of :py:attr:`hiddenLayers` or its default."""
        return self.getOrDefault(self.hiddenLayers)

    def getInitialWeights(self) -> Optional[Vector]:
        """Gets the value of :py:attr:`initialWeights` or its default."""
        return self.getOrDefault(self.initialWeights)

    def getLearningRateSchedule(self) -> str:
        """Gets the value of :py:attr:`learningRateSchedule` or its default."""
        return self.getOrDefault(self.learningRateSchedule)

    def getLocalSteps(self) -> int:
        """Gets the value of :py:attr:`localSteps` or its default."""
        return self.getOrDefault(self.localSteps)

    def getMaxIter(self) -> int:
        """Gets the value of :py:attr:`maxIter` or its default."""
        return self.getOrDefault(self.maxIter)

    def getMinLearningRate(self) -> float:
        """Gets the value of :py:attr:`minLearningRate` or its default."""
        return self.getOrDefault(self.minLearningRate)

    def getMomentum(self) -> float:
        """Gets the value of :py:attr:`momentum` or its default."""
        return self.getOrDefault(self.momentum)

    def getNesterov(self) -> bool:
        """Gets the value of :py:attr:`nesterov` or its default."""
        return self.getOrDefault(self.nesterov)

    def getPrecision(self) -> str:
        """Gets the value of :py:attr:`precision` or its default."""
        return self.getOrDefault(self.precision)

    def getRegParam(self) -> float:
        """Gets the value of :py:attr:`regParam` or its default."""
        return self.getOrDefault(self.regParam)

    def getSeed(self) -> int:
        """Gets the value of :py:attr:`seed` or its default."""
        return self.getOrDefault(self.seed)

    def getSolver(self) -> str:
        """Gets the value of :py:attr:`solver` or its default."""
        return self.getOrDefault(self.solver)

    def getStepSize(self) -> Optional[float]:
        """Gets the value of :py:attr:`stepSize` or its default."""
        return self.getOrDefault(self.stepSize)

    def getTol(self) -> float:
        """Gets the value of :py:attr:`tol` or its default."""
        return self.getOrDefault(self.tol)

    def getValidationIndicatorCol(self) -> Optional[str]:
        """Gets the value of :py:attr:`validationIndicatorCol` or its default."""
        return self.getOrDefault(self.validationIndicatorCol)

    def getValidationTol(self) -> float:
        """Gets the value of :py:attr:`validationTol` or its default."""
        return self.getOrDefault(self.validationTol)

    def getWarmupSteps(self) -> int:
        """Gets the value of :py:attr:`warmupSteps` or its default."""
        return self.getOrDefault(self.warmupSteps)

    def getWeightCol(self) -> Optional[str]:
        """Gets the value of :py:attr:`weightCol` or its default."""
        return self.getOrDefault(self.weightCol)

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._setDefault(
            activation="relu",
            adamEpsilon=1e-8,
            aggregationDepth=2,
            attributionSteps=50,
            beta1=0.9,
            beta2=0.999,
            blockSize=256,
            checkpointInterval=10,
            decayRate=0.9,
            decaySteps=0,
            dropout=0.0,
            earlyStoppingPatience=5,
            elasticNetParam=0.0,
            executionMode="auto",
            hiddenLayers=[100],
            learningRateSchedule="constant",
            localSteps=1,
            maxIter=100,
            minLearningRate=0.0,
            momentum=0.0,
            nesterov=False,
            precision="double",
            regParam=0.0,
            seed=java_string_hash(self._java_class),
            solver="l-bfgs",
            tol=1e-6,
            validationTol=0.001,
            warmupSteps=0,
        )


class _NeuralNetworkClassifierParams(_ProbabilisticClassifierParams, _NeuralNetworkParams):
    """Params of the classifier and its model: the network's, and Spark's probabilistic
    classifier columns (``rawPredictionCol``, ``probabilityCol``, ``thresholds``)."""


class _NeuralNetworkRegressorParams(_PredictorParams, _NeuralNetworkParams):
    """Params of the regressor and its model: the network's, ``loss`` and ``epsilon``."""

    epsilon: "Param[float]" = Param(
        Params._dummy(),
        "epsilon",
        "Huber threshold: residuals up to epsilon (in label units) are squared, larger ones "
        "count linearly (> 0); used only when loss is huber",
        typeConverter=TypeConverters.toFloat,
    )

    loss: "Param[str]" = Param(
        Params._dummy(),
        "loss",
        "loss to minimise: squaredError or huber (case-insensitive)",
        typeConverter=TypeConverters.toString,
    )

    def getEpsilon(self) -> float:
        """Gets the value of :py:attr:`epsilon` or its default."""
        return self.getOrDefault(self.epsilon)

    def getLoss(self) -> str:
        """Gets the value of :py:attr:`loss` or its default."""
        return self.getOrDefault(self.loss)

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._setDefault(loss="squaredError", epsilon=1.35)


class _NeuralNetworkMultiLabelClassifierParams(_NeuralNetworkParams):
    """Params of the multi-label classifier and its model: the network's, the columns (Spark's
    names, with the multi-label meaning) and the decision thresholds."""

    featuresCol: "Param[str]" = Param(
        Params._dummy(),
        "featuresCol",
        "features column name (ml Vector)",
        typeConverter=TypeConverters.toString,
    )

    labelCol: "Param[str]" = Param(
        Params._dummy(),
        "labelCol",
        "label column name: an array<double> of label indices 0..numLabels-1 per row",
        typeConverter=TypeConverters.toString,
    )

    predictionCol: "Param[str]" = Param(
        Params._dummy(),
        "predictionCol",
        "prediction column name: the array<double> of the labels whose probability exceeds "
        "their threshold",
        typeConverter=TypeConverters.toString,
    )

    probabilityCol: "Param[str]" = Param(
        Params._dummy(),
        "probabilityCol",
        "probability column name: one sigmoid per label, the probability that the row has "
        "that label",
        typeConverter=TypeConverters.toString,
    )

    rawPredictionCol: "Param[str]" = Param(
        Params._dummy(),
        "rawPredictionCol",
        "raw prediction column name: the output layer before the sigmoids, one score per label",
        typeConverter=TypeConverters.toString,
    )

    threshold: "Param[float]" = Param(
        Params._dummy(),
        "threshold",
        "a label is predicted when its probability exceeds threshold, in [0, 1]; thresholds, "
        "when set, overrides it label by label",
        typeConverter=TypeConverters.toFloat,
    )

    thresholds: "Param[List[float]]" = Param(
        Params._dummy(),
        "thresholds",
        "one threshold per label, each in [0, 1]: label j is predicted when its probability "
        "exceeds thresholds[j]; unset: threshold for every label",
        typeConverter=TypeConverters.toListFloat,
    )

    def getFeaturesCol(self) -> str:
        """Gets the value of :py:attr:`featuresCol` or its default."""
        return self.getOrDefault(self.featuresCol)

    def getLabelCol(self) -> str:
        """Gets the value of :py:attr:`labelCol` or its default."""
        return self.getOrDefault(self.labelCol)

    def getPredictionCol(self) -> str:
        """Gets the value of :py:attr:`predictionCol` or its default."""
        return self.getOrDefault(self.predictionCol)

    def getProbabilityCol(self) -> str:
        """Gets the value of :py:attr:`probabilityCol` or its default."""
        return self.getOrDefault(self.probabilityCol)

    def getRawPredictionCol(self) -> str:
        """Gets the value of :py:attr:`rawPredictionCol` or its default."""
        return self.getOrDefault(self.rawPredictionCol)

    def getThreshold(self) -> float:
        """Gets the value of :py:attr:`threshold` or its default."""
        return self.getOrDefault(self.threshold)

    def getThresholds(self) -> List[float]:
        """Gets the value of :py:attr:`thresholds` (raises if unset: it has no default)."""
        return self.getOrDefault(self.thresholds)

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._setDefault(
            featuresCol="features",
            labelCol="label",
            predictionCol="prediction",
            probabilityCol="probability",
            rawPredictionCol="rawPrediction",
            threshold=0.5,
        )


class _MultiLabelScoringSetters(Params):
    """Setters of the multi-label columns and thresholds, on the estimator and the model."""

    def setFeaturesCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`featuresCol`."""
        return self._set(featuresCol=value)

    def setPredictionCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`predictionCol`."""
        return self._set(predictionCol=value)

    def setProbabilityCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`probabilityCol`."""
        return self._set(probabilityCol=value)

    def setRawPredictionCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`rawPredictionCol`."""
        return self._set(rawPredictionCol=value)

    def setThreshold(self: P, value: float) -> P:
        """Sets the value of :py:attr:`threshold`."""
        return self._set(threshold=value)

    def setThresholds(self: P, value: List[float]) -> P:
        """Sets the value of :py:attr:`thresholds`."""
        return self._set(thresholds=value)


class _AttributionSetters(Params):
    """Setters of the attribution params, on the estimators (whose models inherit the values)
    and on the models, which use them in ``transform`` (see docs/attributions.md)."""

    def setAttributionBaseline(self: P, value: Vector) -> P:
        """Sets the value of :py:attr:`attributionBaseline`."""
        return self._set(attributionBaseline=value)

    def setAttributionCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`attributionCol`."""
        return self._set(attributionCol=value)

    def setAttributionSteps(self: P, value: int) -> P:
        """Sets the value of :py:attr:`attributionSteps`."""
        return self._set(attributionSteps=value)


class _NeuralNetworkEstimatorSetters(_AttributionSetters):
    """Setters of the training params, shared by both estimators."""

    def setActivation(self: P, value: str) -> P:
        """Sets the value of :py:attr:`activation`."""
        return self._set(activation=value)

    def setAdamEpsilon(self: P, value: float) -> P:
        """Sets the value of :py:attr:`adamEpsilon`."""
        return self._set(adamEpsilon=value)

    def setAggregationDepth(self: P, value: int) -> P:
        """Sets the value of :py:attr:`aggregationDepth`."""
        return self._set(aggregationDepth=value)

    def setBatchSize(self: P, value: int) -> P:
        """Sets the value of :py:attr:`batchSize`."""
        return self._set(batchSize=value)

    def setBeta1(self: P, value: float) -> P:
        """Sets the value of :py:attr:`beta1`."""
        return self._set(beta1=value)

    def setBeta2(self: P, value: float) -> P:
        """Sets the value of :py:attr:`beta2`."""
        return self._set(beta2=value)

    def setCheckpointDir(self: P, value: str) -> P:
        """Sets the value of :py:attr:`checkpointDir`."""
        return self._set(checkpointDir=value)

    def setCheckpointInterval(self: P, value: int) -> P:
        """Sets the value of :py:attr:`checkpointInterval`."""
        return self._set(checkpointInterval=value)

    def setBlockSize(self: P, value: int) -> P:
        """Sets the value of :py:attr:`blockSize`."""
        return self._set(blockSize=value)

    def setDecayRate(self: P, value: float) -> P:
        """Sets the value of :py:attr:`decayRate`."""
        return self._set(decayRate=value)

    def setDecaySteps(self: P, value: int) -> P:
        """Sets the value of :py:attr:`decaySteps`."""
        return self._set(decaySteps=value)

    def setEarlyStoppingPatience(self: P, value: int) -> P:
        """Sets the value of :py:attr:`earlyStoppingPatience`."""
        return self._set(earlyStoppingPatience=value)

    def setElasticNetParam(self: P, value: float) -> P:
        """Sets the value of :py:attr:`elasticNetParam`."""
        return self._set(elasticNetParam=value)

    def setHiddenLayers(self: P, value: List[int]) -> P:
        """Sets the value of :py:attr:`hiddenLayers`."""
        return self._set(hiddenLayers=value)

    def setInitialWeights(self: P, value: Vector) -> P:
        """Sets the value of :py:attr:`initialWeights`."""
        return self._set(initialWeights=value)

    def setLearningRateSchedule(self: P, value: str) -> P:
        """Sets the value of :py:attr:`learningRateSchedule`."""
        return self._set(learningRateSchedule=value)

    def setDropout(self: P, value: float) -> P:
        """Sets the value of :py:attr:`dropout`."""
        return self._set(dropout=value)

    def setExecutionMode(self: P, value: str) -> P:
        """Sets the value of :py:attr:`executionMode`."""
        return self._set(executionMode=value)

    def setLocalSteps(self: P, value: int) -> P:
        """Sets the value of :py:attr:`localSteps`."""
        return self._set(localSteps=value)

    def setMaxIter(self: P, value: int) -> P:
        """Sets the value of :py:attr:`maxIter`."""
        return self._set(maxIter=value)

    def setMinLearningRate(self: P, value: float) -> P:
        """Sets the value of :py:attr:`minLearningRate`."""
        return self._set(minLearningRate=value)

    def setMomentum(self: P, value: float) -> P:
        """Sets the value of :py:attr:`momentum`."""
        return self._set(momentum=value)

    def setNesterov(self: P, value: bool) -> P:
        """Sets the value of :py:attr:`nesterov`."""
        return self._set(nesterov=value)

    def setPrecision(self: P, value: str) -> P:
        """Sets the value of :py:attr:`precision`."""
        return self._set(precision=value)

    def setRegParam(self: P, value: float) -> P:
        """Sets the value of :py:attr:`regParam`."""
        return self._set(regParam=value)

    def setSeed(self: P, value: int) -> P:
        """Sets the value of :py:attr:`seed`."""
        return self._set(seed=value)

    def setSolver(self: P, value: str) -> P:
        """Sets the value of :py:attr:`solver`."""
        return self._set(solver=value)

    def setStepSize(self: P, value: float) -> P:
        """Sets the value of :py:attr:`stepSize`."""
        return self._set(stepSize=value)

    def setTol(self: P, value: float) -> P:
        """Sets the value of :py:attr:`tol`."""
        return self._set(tol=value)

    def setValidationIndicatorCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`validationIndicatorCol`."""
        return self._set(validationIndicatorCol=value)

    def setValidationTol(self: P, value: float) -> P:
        """Sets the value of :py:attr:`validationTol`."""
        return self._set(validationTol=value)

    def setWarmupSteps(self: P, value: int) -> P:
        """Sets the value of :py:attr:`warmupSteps`."""
        return self._set(warmupSteps=value)

    def setWeightCol(self: P, value: str) -> P:
        """Sets the value of :py:attr:`weightCol`."""
        return self._set(weightCol=value)


class _RegressionLossSetters(Params):
    """Setters of the regressor's ``loss`` and ``epsilon``."""

    def setEpsilon(self: P, value: float) -> P:
        """Sets the value of :py:attr:`epsilon`."""
        return self._set(epsilon=value)

    def setLoss(self: P, value: str) -> P:
        """Sets the value of :py:attr:`loss`."""
        return self._set(loss=value)
