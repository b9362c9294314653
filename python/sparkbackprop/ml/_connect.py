"""Clear errors for what a Spark Connect server does not let a client read.

Spark 4.0's Connect server calls a model's methods for a client only if they are on its
allow-list (``MLUtils`` in Spark's Connect server): for these models ``numFeatures``,
``numClasses``, ``predict``, ``predictRaw``, ``predictProbability``, ``hasSummary``,
``summary`` and, on the summary, ``objectiveHistory`` and ``totalIterations``. Everything else
fails on the server with ``CONNECT_ML.ATTRIBUTE_NOT_ALLOWED``; this module turns that failure
into an error that says what to do instead.
"""

from typing import Any

from pyspark.sql.utils import is_remote


class SparkConnectAttributeNotAllowed(NotImplementedError):
    """A model or summary attribute that Spark Connect does not let clients read.

    The message names the attribute and the way to get the value anyway.
    """


def _is_not_allowed(error: Exception) -> bool:
    text = str(error)
    # getCondition is PySpark 4's name for what 3.x called getErrorClass
    condition = getattr(error, "getCondition", None) or getattr(error, "getErrorClass", None)
    error_class = condition() if condition else None
    return (error_class or "").endswith("ATTRIBUTE_NOT_ALLOWED") or (
        "ATTRIBUTE_NOT_ALLOWED" in text or "MLAttributeNotAllowedException" in text
    )


def not_allowed(wrapper: Any, name: str, workaround: str) -> SparkConnectAttributeNotAllowed:
    """The error for ``wrapper.name``, which the Connect server does not let clients call."""
    return SparkConnectAttributeNotAllowed(
        f"{type(wrapper).__name__}.{name} is not available over Spark Connect: the Connect "
        f"server of Spark 4.0 lets clients read only the model attributes on its allow-list, "
        f"and {name} is not on it. {workaround}"
    )


def call_java(wrapper: Any, name: str, workaround: str) -> Any:
    """``wrapper._call_java(name)``, with a clear error when Spark Connect forbids it.

    ``workaround`` tells the user how to get the value over Connect.
    """
    try:
        return wrapper._call_java(name)
    except Exception as error:
        if is_remote() and _is_not_allowed(error):
            raise not_allowed(wrapper, name, workaround) from error
        raise


def onnx_bytes(model: Any, scaler: Any, workaround: str) -> bytes:
    """``model``'s JVM ``toOnnx()`` (or ``toOnnx(scaler)``) as bytes.

    Called on the JVM object itself: PySpark's ``_call_java`` would take the returned bytes for
    a pickled Python object. Spark Connect has no way to return them (not on its allow-list).
    """
    if is_remote():
        raise not_allowed(model, "toOnnx", workaround)
    model._transfer_params_to_java()  # output column names and precision set from Python
    java = model._java_obj
    if scaler is None:
        return bytes(java.toOnnx())
    return bytes(java.toOnnx(getattr(scaler, "_java_obj", scaler)))
