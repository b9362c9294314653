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


def call_java(wrapper: Any, name: str, workaround: str) -> Any:
    """``wrapper._call_java(name)``, with a clear error when Spark Connect forbids it.

    ``workaround`` tells the user how to get the value over Connect.
    """
    try:
        return wrapper._call_java(name)
    except Exception as error:
        if is_remote() and _is_not_allowed(error):
            raise SparkConnectAttributeNotAllowed(
                f"{type(wrapper).__name__}.{name} is not available over Spark Connect: the "
                f"Connect server of Spark 4.0 lets clients read only the model attributes on "
                f"its allow-list, and {name} is not on it. {workaround}"
            ) from error
        raise
