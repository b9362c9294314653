"""The Python example and the Databricks notebook (source format) run as scripts, each in a
process of its own, as a user runs them."""

import os
import re
import shutil
import subprocess
import sys

from support import REPO


def run(args, env_extra=None):
    return run_command([sys.executable, *args], env_extra)


def run_command(command, env_extra=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE", "SPARK_LOCAL_REMOTE")
    }
    env.update(env_extra or {})
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=900, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


def test_python_churn_example(tmp_path):
    out = run([
        str(REPO / "examples/python/churn_pipeline.py"),
        "--folds", "2", "--max-iter", "15", "--timing-rows", "3000",
        "--output", str(tmp_path / "model"),
    ])
    auc = float(re.search(r"test AUC ([0-9.]+)", out).group(1))
    assert auc > 0.8, out
    assert "Python/JVM time ratio" in out
    assert (tmp_path / "model" / "stages").is_dir()


def test_databricks_notebook_runs_as_a_script(tmp_path):
    notebook = REPO / "examples/notebooks/churn_notebook.py"
    text = notebook.read_text()
    assert text.startswith("# Databricks notebook source")
    assert text.count("# COMMAND ----------") >= 5
    out = run([str(notebook)], {
        "CHURN_CSV": str(REPO / "examples/data/customer-churn.csv"),
        "CHURN_MODEL_OUT": str(tmp_path / "model"),
    })
    assert float(re.search(r"test AUC ([0-9.]+)", out).group(1)) > 0.8, out
    assert (tmp_path / "model" / "metadata").is_dir()


JOB = '''
import sparkbackprop
from pyspark.ml.linalg import Vectors
from pyspark.sql import SparkSession
from sparkbackprop.ml import NeuralNetworkClassifier

# --py-files put the wheel first on the path: the package comes from it, the jar from --jars
assert ".whl" in sparkbackprop.__file__, sparkbackprop.__file__
spark = SparkSession.builder.getOrCreate()
rows = [(Vectors.dense([i / 40.0, (i % 7) / 7.0]), float(i % 2 == 0)) for i in range(40)]
model = NeuralNetworkClassifier(hiddenLayers=[4], maxIter=20, seed=1).fit(
    spark.createDataFrame(rows, ["features", "label"]))
print("SUBMITTED FIT layers", model.layers)
spark.stop()
'''


def test_spark_submit_with_jars_and_the_wheel_in_py_files(tmp_path):
    import sparkbackprop

    wheel_dir = tmp_path / "dist"
    # built from a copy: pip builds in the source folder (python/build), and the suites of two
    # Spark lines run side by side in CI
    source = tmp_path / "python"
    shutil.copytree(REPO / "python", source,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "tests", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheel_dir),
         str(source)],
        check=True, env={**os.environ, "SPARKBACKPROP_JAR": sparkbackprop.jar_path()},
    )
    (wheel,) = wheel_dir.glob("spark_backprop-*.whl")
    job = tmp_path / "job.py"
    job.write_text(JOB)
    submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    out = run_command([
        submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--jars", sparkbackprop.jar_path(), "--py-files", str(wheel), str(job),
    ])
    assert "SUBMITTED FIT layers [2, 4, 2]" in out
