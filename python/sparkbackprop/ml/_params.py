"""The params of the Python wrappers: what cannot be generated from the JVM's declarations.

Every param the library declares is written once, in Java (``NeuralNetworkParamDefinitions``
and its siblings); ``scripts/generate-params`` derives from those declarations the Python
params, with their docs, types, defaults, getters and setters (``_generated_params``), and the
keyword arguments of the wrappers' ``__init__`` and ``setParams`` (between ``# params:begin``
and ``# params:end``). Spark's own params (``featuresCol``, ``thresholds``...) come from the
wrappers' PySpark base classes. ``tests/classic/test_param_parity.py`` compares the result with
the JVM's params. The Java classes validate values when a stage is fitted or applied, so a bad
value fails with the JVM's message, naming the param, the value and the valid range.

This module holds what the generated code uses.
"""

from typing import TypeVar

from pyspark.ml.param import Params

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
