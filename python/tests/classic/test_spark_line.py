"""The bundled jar names the Spark lines it serves, and a jar of another line is refused early."""

import pyspark
import pytest

import sparkbackprop

# fast, and they exercise the main paths: part of scripts/test quick
pytestmark = pytest.mark.smoke


def test_the_bundled_jar_serves_this_pyspark_and_its_scala(spark):
    line = ".".join(pyspark.__version__.split(".")[:2])
    assert line in sparkbackprop.spark_lines()
    scala = spark.sparkContext._jvm.scala.util.Properties.versionNumberString()
    assert sparkbackprop.jar_manifest()["Scala-Binary-Version"] == ".".join(scala.split(".")[:2])
    sparkbackprop.check_spark_version(spark.version)  # the JVM's own Spark: no error


def test_a_jar_for_another_line_is_refused_with_the_versions_and_the_fix():
    other = "4.0.1" if "3.5" in sparkbackprop.spark_lines() else "3.5.9"
    with pytest.raises(RuntimeError) as error:
        sparkbackprop.check_spark_version(other)
    message = str(error.value)
    assert f"Spark is {other}" in message
    assert " ".join(sparkbackprop.spark_lines()) in message
    assert f"-Pspark-{other[:3]}" in message
