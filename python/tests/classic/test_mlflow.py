"""MLflow keeps a fitted PipelineModel with a network: log, load, and predict from pandas."""

import mlflow
import mlflow.pyfunc
import mlflow.spark
import pandas as pd

from sparkbackprop.ml import NeuralNetworkClassificationModel
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
