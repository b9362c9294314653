"""MLflow keeps a fitted PipelineModel with a network: log, load, and predict from pandas."""

import os

import mlflow
import mlflow.pyfunc
import mlflow.pyspark.ml
import mlflow.spark
import pandas as pd
from pyspark.ml.feature import VectorAssembler
from pyspark.sql import SparkSession

import sparkbackprop
import sparkbackprop.ml
from sparkbackprop.ml import NeuralNetworkClassificationModel, NeuralNetworkClassifier
from support import FEATURES, python_pipeline, ring_frame, ring_rows


def test_log_load_and_pyfunc_predict_agree(spark, tmp_path):
    mlflow.set_tracking_uri((tmp_path / "mlruns").as_uri())
    model = python_pipeline(maxIter=30).fit(ring_frame(spark, 300, seed=31))
    rows = pd.DataFrame(ring_rows(40, seed=32), columns=FEATURES + ["label"])
    with mlflow.start_run():
        # explicit requirements: inferring them would load the model again in a new process
        info = mlflow.spark.log_model(
            model, artifact_path="model", pip_requirements=["pyspark==4.0.1", "spark-backprop"]
        )

    expected = [
        r["prediction"]
        for r in model.transform(spark.createDataFrame(rows)).select("prediction").collect()
    ]
    as_spark = mlflow.spark.load_model(info.model_uri)
    assert type(as_spark.stages[-1]) is NeuralNetworkClassificationModel
    reloaded = [
        r["prediction"]
        for r in as_spark.transform(spark.createDataFrame(rows)).select("prediction").collect()
    ]
    as_pyfunc = mlflow.pyfunc.load_model(info.model_uri)
    predicted = list(as_pyfunc.predict(rows[FEATURES]))
    assert reloaded == expected
    assert predicted == expected


def test_autologging_logs_the_network_and_the_logged_model_loads_and_predicts(spark, tmp_path):
    # Databricks turns autologging on in notebooks; without the allow-list that with_jar sets,
    # MLflow logs the params of such a fit but not its model
    allowlist = spark.conf.get(sparkbackprop.MLFLOW_ALLOWLIST_CONF)
    assert allowlist == sparkbackprop.mlflow_allowlist_path()
    mlflow.set_tracking_uri((tmp_path / "mlruns").as_uri())
    assembler = VectorAssembler(inputCols=FEATURES, outputCol="features")
    train = assembler.transform(ring_frame(spark, 200, seed=41))
    rows = spark.createDataFrame(ring_rows(30, seed=42), FEATURES + ["label"])
    test = assembler.transform(rows)
    mlflow.pyspark.ml.autolog(
        log_models=True, log_input_examples=False, log_model_signatures=False
    )
    try:
        with mlflow.start_run() as run:
            model = NeuralNetworkClassifier(hiddenLayers=[8], maxIter=20, seed=3).fit(train)
    finally:
        mlflow.pyspark.ml.autolog(disable=True)
    logged = mlflow.MlflowClient().list_artifacts(run.info.run_id)
    assert "model" in [a.path for a in logged], [a.path for a in logged]
    params = mlflow.MlflowClient().get_run(run.info.run_id).data.params
    assert params["hiddenLayers"] == "[8]" and params["maxIter"] == "20"
    reloaded = mlflow.spark.load_model(f"runs:/{run.info.run_id}/model")
    assert type(reloaded) is type(model) or type(reloaded.stages[-1]) is type(model)
    expected = [r["prediction"] for r in model.transform(test).select("prediction").collect()]
    got = [r["prediction"] for r in reloaded.transform(test).select("prediction").collect()]
    assert len(expected) == 30 and got == expected


def test_with_jar_arranges_one_blas_thread_per_task_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("MKL_NUM_THREADS", "4")
    # a builder of its own: SparkSession.builder is shared by the whole process
    user = SparkSession.Builder().config("spark.executorEnv.OMP_NUM_THREADS", "2")
    options = sparkbackprop.with_jar(user)._options
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert os.environ["MKL_NUM_THREADS"] == "4", "what the user set stays"
    assert options["spark.executorEnv.OPENBLAS_NUM_THREADS"] == "1"
    assert options["spark.executorEnv.MKL_NUM_THREADS"] == "4"
    assert options["spark.executorEnv.OMP_NUM_THREADS"] == "2", "what the user set stays"
    assert options[sparkbackprop.MLFLOW_ALLOWLIST_CONF] == sparkbackprop.mlflow_allowlist_path()
    with open(sparkbackprop.mlflow_allowlist_path()) as f:
        listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    for model in ("NeuralNetworkClassificationModel", "NeuralNetworkRegressionModel",
                  "NeuralNetworkMultiLabelClassificationModel"):
        wrapper = getattr(sparkbackprop.ml, model)
        assert wrapper.__module__ + "." + wrapper.__name__ in listed
    assert "pyspark.ml.classification.LogisticRegressionModel" in listed
