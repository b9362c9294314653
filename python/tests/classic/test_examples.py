"""The Python example and the Databricks notebook (source format) run as scripts, each in a
process of its own, as a user runs them."""

import os
import re
import subprocess
import sys

from support import REPO


def run(args, env_extra=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE", "SPARK_LOCAL_REMOTE")
    }
    env.update(env_extra or {})
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=900, env=env, cwd=REPO
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


def test_python_churn_example(tmp_path):
    out = run([
        str(REPO / "examples/python/churn_pipeline.py"),
        "--folds", "2", "--max-iter", "40", "--timing-rows", "30000",
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
