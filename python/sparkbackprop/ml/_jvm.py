"""Where the Python wrappers meet PySpark's mapping between Python and JVM class names.

PySpark finds the JVM class of a wrapper, and the wrapper of a JVM class, from names:
``JavaMLReader`` and Spark Connect's ``RemoteMLReader`` turn the wrapper's ``__module__`` into
a JVM package by replacing ``pyspark`` with ``org.apache.spark``, and ``JavaParams._from_java``
and ``DefaultParamsReader`` import the JVM class name as a Python module path. Those rules fit
Spark's own classes only. So each wrapper class declares the JVM package as its ``__module__``,
and that package name is registered in ``sys.modules`` as an alias of :mod:`sparkbackprop.ml`:
a saved model or ``PipelineModel`` then loads as the wrapper class, classic or over Connect.
"""

import sys
from types import ModuleType
from typing import Type, TypeVar

#: The JVM package of the library's stages.
JVM_PACKAGE = "io.github.sparkbackprop.ml"

C = TypeVar("C", bound=type)


def jvm_class_name(python_class: Type) -> str:
    """The JVM class a wrapper class stands for."""
    return JVM_PACKAGE + "." + python_class.__name__


def named_after_jvm_class(cls: C) -> C:
    """Class decorator: gives the wrapper the ``__module__`` PySpark derives JVM names from."""
    cls.__module__ = JVM_PACKAGE
    return cls


def register_jvm_package_alias(module: ModuleType) -> None:
    """Lets ``__import__("io.github.sparkbackprop.ml")`` return ``module``."""
    sys.modules.setdefault(JVM_PACKAGE, module)
