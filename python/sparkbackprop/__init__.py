"""spark-backprop for Python: backpropagation-trained neural networks as Spark ML stages.

The stages run in the JVM; this package wraps them for PySpark (:mod:`sparkbackprop.ml`) and
carries the library jar they need (:func:`jar_path`, :func:`with_jar`).

>>> from pyspark.sql import SparkSession
>>> import sparkbackprop
>>> spark = sparkbackprop.with_jar(SparkSession.builder.master("local[2]")).getOrCreate()
... # doctest: +SKIP
"""

import os
import zipfile
from pathlib import Path
from typing import Dict, List, TypeVar

__version__ = "0.1.0.dev0"

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


def jar_manifest() -> Dict[str, str]:
    """The main attributes of the bundled jar's manifest.

    Among them ``Spark-Lines`` (the Spark lines the jar was built and tested for, e.g.
    ``"4.0 4.1 4.2"`` or ``"3.5"``), ``Scala-Binary-Version`` and ``Spark-Version-Built-Against``.
    """
    with zipfile.ZipFile(jar_path()) as jar:
        text = jar.read("META-INF/MANIFEST.MF").decode("utf-8")
    attributes: Dict[str, str] = {}
    name = None
    for line in text.splitlines():
        if not line:
            break  # the main section ends at the first empty line
        if line.startswith(" ") and name is not None:
            attributes[name] += line[1:]  # a continuation line
        elif ":" in line:
            name, value = line.split(":", 1)
            attributes[name] = value.strip()
    return attributes


def spark_lines() -> List[str]:
    """The Spark lines (``"3.5"``, ``"4.0"``, ...) the bundled jar was built and tested for."""
    return jar_manifest().get("Spark-Lines", "").split()


def check_spark_version(spark_version: str) -> None:
    """Raises ``RuntimeError`` if the bundled jar does not serve Spark ``spark_version``.

    The jar of the 4.x lines (Scala 2.13) does not load on Spark 3.5 (Scala 2.12) and the other
    way round; the failure would otherwise show only later, deep in the JVM.
    """
    line = ".".join(spark_version.split(".")[:2])
    lines = spark_lines()
    if line not in lines:
        raise RuntimeError(
            f"spark-backprop: this installation bundles the jar for Spark {' '.join(lines)} "
            f"({Path(jar_path()).name}), but Spark is {spark_version}. Install the package with "
            f"the jar of Spark {line}: build it with `mvn -B -Pspark-{line} package -DskipTests` "
            "and run `SPARKBACKPROP_JAR=<that jar> pip install ./python` (see "
            "docs/spark-lines.md)."
        )


#: The Spark conf naming the allow-list MLflow's PySpark autologging reads.
MLFLOW_ALLOWLIST_CONF = "spark.mlflow.pysparkml.autolog.logModelAllowlistFile"

#: One BLAS thread per Spark task: OpenBLAS otherwise starts one thread per core in every task,
#: and two tasks on two cores then train about twice as slowly (docs/deployment.md).
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def mlflow_allowlist_path() -> str:
    """The path of the allow-list file for MLflow's PySpark autologging that this package
    ships: Spark ML's models, as MLflow's own list names them, and this library's.

    MLflow logs the model of an autologged fit only if the model's class is on its list; set
    the Spark conf ``spark.mlflow.pysparkml.autolog.logModelAllowlistFile`` to this path (or to
    a copy of the file the cluster can read) before the session starts; :func:`with_jar` does.
    """
    return str(Path(__file__).parent / "mlflow_log_model_allowlist.txt")


def with_jar(builder: B) -> B:
    """Adds the library jar to a ``SparkSession.builder``'s ``spark.jars``, arranges one BLAS
    thread per Spark task, and points MLflow's autologging at this package's allow-list; returns
    the builder.

    Jars already listed in the builder's ``spark.jars`` are kept. Works for classic sessions
    (``.master(...)``) and for the local Spark Connect server that ``.remote("local[...]")``
    starts; a remote Connect server needs the jar on its own class path instead. Raises
    ``RuntimeError`` if the jar is not the one for the installed PySpark's Spark line (see
    :func:`check_spark_version`).

    BLAS threads: unless set already, ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` and
    ``MKL_NUM_THREADS`` become 1 in this process's environment, which the JVM that PySpark
    starts (the driver, and the executors of ``local[N]``) inherits, and
    ``spark.executorEnv.*`` carries them to a cluster's executors. A JVM already running keeps
    its threads.

    MLflow: unless set already, ``spark.mlflow.pysparkml.autolog.logModelAllowlistFile`` names
    :func:`mlflow_allowlist_path`, so that ``mlflow.pyspark.ml.autolog()`` logs this library's
    models as it logs Spark's.
    """
    import pyspark

    check_spark_version(pyspark.__version__)
    options = getattr(builder, "_options", {})
    existing = [j for j in str(options.get("spark.jars", "")).split(",") if j]
    jar = jar_path()
    if jar not in existing:
        existing.append(jar)
    builder = builder.config("spark.jars", ",".join(existing))  # type: ignore[attr-defined]
    for name, value in BLAS_THREADS.items():
        os.environ.setdefault(name, value)
        conf = "spark.executorEnv." + name
        if conf not in options:
            builder = builder.config(conf, os.environ[name])  # type: ignore[attr-defined]
    if MLFLOW_ALLOWLIST_CONF not in options:
        builder = builder.config(  # type: ignore[attr-defined]
            MLFLOW_ALLOWLIST_CONF, mlflow_allowlist_path()
        )
    return builder
