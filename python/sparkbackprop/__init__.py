"""spark-backprop for Python: backpropagation-trained neural networks as Spark ML stages.

The stages run in the JVM; this package wraps them for PySpark (:mod:`sparkbackprop.ml`) and
carries the library jar they need (:func:`jar_path`, :func:`with_jar`).

>>> from pyspark.sql import SparkSession
>>> import sparkbackprop
>>> spark = sparkbackprop.with_jar(SparkSession.builder.master("local[2]")).getOrCreate()
... # doctest: +SKIP
"""

from pathlib import Path
from typing import TypeVar

__version__ = "0.1.0.dev0"

#: The Spark line and Scala version the bundled jar was built and tested for.
SPARK_LINE = "4.0"
SCALA_BINARY_VERSION = "2.13"

B = TypeVar("B")


def jar_path() -> str:
    """The absolute path of the library jar bundled with this package.

    Give it to Spark as ``spark.jars`` (before the session starts), to ``spark-submit --jars``,
    or install it as a cluster library.
    """
    jars = sorted(
        p
        for p in (Path(__file__).parent / "jars").glob("spark-backprop_*.jar")
        if not p.name.endswith(("-examples.jar", "-sources.jar", "-javadoc.jar", "-tests.jar"))
    )
    if not jars:
        raise FileNotFoundError(
            "spark-backprop: no library jar is bundled with this installation of sparkbackprop "
            f"(looked in {Path(__file__).parent / 'jars'}). Reinstall it from the repository "
            "with `pip install ./python`, which builds the jar with Maven, or pass the jar to "
            "Spark yourself."
        )
    return str(jars[-1])


def with_jar(builder: B) -> B:
    """Adds the library jar to a ``SparkSession.builder``'s ``spark.jars`` and returns it.

    Jars already listed in the builder's ``spark.jars`` are kept. Works for classic sessions
    (``.master(...)``) and for the local Spark Connect server that ``.remote("local[...]")``
    starts; a remote Connect server needs the jar on its own class path instead.
    """
    options = getattr(builder, "_options", {})
    existing = [j for j in str(options.get("spark.jars", "")).split(",") if j]
    jar = jar_path()
    if jar not in existing:
        existing.append(jar)
    return builder.config("spark.jars", ",".join(existing))  # type: ignore[attr-defined]
