"""A classic (py4j) SparkSession on local[2] with the bundled library jar, for the module."""

import pytest
from pyspark.sql import SparkSession

import sparkbackprop


@pytest.fixture(scope="session")
def spark():
    session = (
        sparkbackprop.with_jar(SparkSession.builder.master("local[2]"))
        .appName("sparkbackprop-python-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
