"""The training summary of a fitted network, as Python sees it."""

from typing import List, Optional

from pyspark.ml.wrapper import JavaWrapper

from sparkbackprop.ml._connect import call_java

_CLASSIC_ONLY = (
    "Over Spark Connect only objectiveHistory and totalIterations are readable; use a classic "
    "SparkSession (or the JVM API) for the rest of the summary."
)


class NeuralNetworkTrainingSummary(JavaWrapper):
    """How a model was trained; the JVM's ``NeuralNetworkTrainingSummary``.

    Available on a model fresh from ``fit`` (``model.hasSummary``), not on a loaded one. For
    ``l-bfgs`` an iteration is an L-BFGS iteration, for the mini-batch solvers an epoch;
    ``objectiveHistory[0]`` is the objective at the starting weights.
    """

    @property
    def objectiveHistory(self) -> List[float]:
        """The objective at the start (``[0]``) and after each iteration or epoch."""
        return list(self._call_java("objectiveHistory"))

    @property
    def totalIterations(self) -> int:
        """Number of iterations (``l-bfgs``) or epochs (mini-batch solvers) run."""
        return self._call_java("totalIterations")

    @property
    def validationHistory(self) -> List[float]:
        """The mean validation loss at the start and after each iteration or epoch; empty
        without ``validationIndicatorCol``."""
        return list(call_java(self, "validationHistory", _CLASSIC_ONLY))

    @property
    def learningRateHistory(self) -> List[float]:
        """The learning rate of every step of a mini-batch solver; empty for ``l-bfgs``."""
        return list(call_java(self, "learningRateHistory", _CLASSIC_ONLY))

    @property
    def iterationSeconds(self) -> List[float]:
        """Wall-clock seconds of each iteration or epoch, in order."""
        return list(call_java(self, "iterationSeconds", _CLASSIC_ONLY))

    @property
    def bestIteration(self) -> int:
        """The iteration whose weights validation chose (0: the start), or -1 without
        validation."""
        return call_java(self, "bestIteration", _CLASSIC_ONLY)

    @property
    def stopReason(self) -> str:
        """Why training stopped, in words (converged, iteration limit, early stopping...)."""
        return call_java(self, "stopReason", _CLASSIC_ONLY)

    @property
    def solver(self) -> str:
        """The solver that trained the model."""
        return call_java(self, "solver", _CLASSIC_ONLY)

    @property
    def numRows(self) -> int:
        """Number of training rows (validation rows excluded)."""
        return call_java(self, "numRows", _CLASSIC_ONLY)

    @property
    def numValidationRows(self) -> int:
        """Number of validation rows."""
        return call_java(self, "numValidationRows", _CLASSIC_ONLY)

    @property
    def resumed(self) -> bool:
        """Whether training resumed from a checkpoint in ``checkpointDir``."""
        return call_java(self, "resumed", _CLASSIC_ONLY)

    @property
    def resumedFrom(self) -> int:
        """The iteration or epoch of the checkpoint training resumed from, or -1."""
        return call_java(self, "resumedFrom", _CLASSIC_ONLY)

    @property
    def trainingSeconds(self) -> float:
        """Wall-clock seconds spent training, data preparation included."""
        return call_java(self, "trainingSeconds", _CLASSIC_ONLY)

    @property
    def batchSize(self) -> int:
        """Rows per step of a mini-batch solver, set or chosen (see ``chosenParams``); 0 for
        ``l-bfgs``."""
        return call_java(self, "batchSize", _CLASSIC_ONLY)

    @property
    def stepSize(self) -> float:
        """The base learning rate of a mini-batch solver, set or chosen; NaN for ``l-bfgs``."""
        return call_java(self, "stepSize", _CLASSIC_ONLY)

    @property
    def blas(self) -> str:
        """The BLAS the executors trained with, as they reported it: the implementation
        (``JNIBLAS`` is native, ``VectorBLAS`` and ``Java*BLAS`` are Java), the native library and
        its threads per call where known; several joined by ``"; "`` when executors differ."""
        return call_java(self, "blas", _CLASSIC_ONLY)

    @property
    def executionMode(self) -> str:
        """How the steps ran on Spark: ``"barrier"`` (barrier stages, each a span of epochs,
        the tasks adding up their gradients among themselves) or ``"perStep"`` (one Spark job
        per step; always for ``l-bfgs``). See the ``executionMode`` param."""
        return call_java(self, "executionMode", _CLASSIC_ONLY)

    @property
    def chosenParams(self) -> str:
        """The params a mini-batch solver chose because they were unset, with their values
        (``"batchSize=2048, stepSize=0.008, ..."``); empty when all were set, and for
        ``l-bfgs``."""
        return call_java(self, "chosenParams", _CLASSIC_ONLY)

    @property
    def classWeights(self) -> Optional[List[float]]:
        """The weight of each class in the loss with ``classWeighting="balanced"``: class
        ``c``'s ``n / (k * n_c)`` (0 for a class without training rows), multiplying the row
        weight of its rows; None with ``"none"``, and for the multi-label classifier (see
        :attr:`labelPositiveWeights`)."""
        return _doubles(call_java(self, "classWeights", _CLASSIC_ONLY))

    @property
    def labelPositiveWeights(self) -> Optional[List[float]]:
        """Multi-label classifier with ``classWeighting="balanced"``: the weight of label
        ``j``'s loss term on the rows that have it, ``n / (2 * n_pos_j)`` (0 if no training row
        has it); None otherwise."""
        return _doubles(call_java(self, "labelPositiveWeights", _CLASSIC_ONLY))

    @property
    def labelNegativeWeights(self) -> Optional[List[float]]:
        """Multi-label classifier with ``classWeighting="balanced"``: the weight of label
        ``j``'s loss term on the rows that have it not, ``n / (2 * n_neg_j)`` (0 if every
        training row has it); None otherwise."""
        return _doubles(call_java(self, "labelNegativeWeights", _CLASSIC_ONLY))


def _doubles(values: Optional[List[float]]) -> Optional[List[float]]:
    """A JVM ``double[]`` as a list, or None for a JVM null."""
    return None if values is None else [float(v) for v in values]
