"""A Spark Connect session: ``remote("local[2]")`` starts a local Connect server in this
process's JVM with the bundled library jar on its class path, and the client talks to it over
gRPC, as a Databricks notebook on serverless or standard-access compute does."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyspark.sql import SparkSession

import sparkbackprop


@pytest.fixture(scope="session")
def spark():
    session = sparkbackprop.with_jar(SparkSession.builder.remote("local[2]")).getOrCreate()
    assert type(session).__module__ == "pyspark.sql.connect.session"
    yield session
    session.stop()


def run_classic(*args: str):
    """Runs ``classic_reference.py`` with ``args`` and returns the weights it printed."""
    script = Path(__file__).with_name("classic_reference.py")
    # The Connect session marks this process's environment as Connect; the child is classic.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE", "SPARK_LOCAL_REMOTE")
    }
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=600, env=env
    )
    for line in done.stdout.splitlines():
        if line.startswith("WEIGHTS "):
            return json.loads(line[len("WEIGHTS "):])
    raise AssertionError(f"classic run failed ({done.returncode}):\n{done.stderr[-3000:]}")
