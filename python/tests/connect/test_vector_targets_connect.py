"""Vector targets over Spark Connect: a regressor of a ``Vector`` label and the multi-label
classifier fit, transform, predict, save, load and tune through a Connect server, whose
allow-list lets clients call none of the new methods (``numOutputs``, ``numLabels``, ...):
the wrappers read the layers from the model's description and score one-row DataFrames."""

import numpy as np
import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import PipelineModel
from pyspark.ml.evaluation import MultilabelClassificationEvaluator
from pyspark.ml.functions import vector_to_array
from pyspark.ml.linalg import DenseVector, Vectors
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder

from sparkbackprop.ml import (
    NeuralNetworkClassifier,
    NeuralNetworkMultiLabelClassificationModel,
    NeuralNetworkMultiLabelClassifier,
    NeuralNetworkRegressionModel,
    NeuralNetworkRegressor,
)
from support import SEED, label_set_frame, two_target_frame


def test_a_vector_label_through_connect(spark, tmp_path):
    frame = two_target_frame(spark, 200)
    model = NeuralNetworkRegressor(hiddenLayers=[8], activation="tanh", maxIter=40,
                                   seed=SEED).fit(frame)
    assert isinstance(model._java_obj, str)  # a reference to the server's object
    assert model.predictsVector and model.numOutputs == 2
    assert model.layers == [2, 8, 2]
    row = model.transform(frame).first()
    assert isinstance(row["prediction"], DenseVector) and len(row["prediction"]) == 2
    assert np.allclose(model.predict(row["features"]).toArray(), row["prediction"].toArray())
    scored = model.transform(frame).withColumn("p", vector_to_array("prediction"))
    assert len(scored.first()["p"]) == 2
    history = model.summary.objectiveHistory
    assert history[-1] < history[0]

    model.write().overwrite().save(str(tmp_path / "model"))
    loaded = NeuralNetworkRegressionModel.load(str(tmp_path / "model"))
    assert loaded.predictsVector and loaded.layers == [2, 8, 2]
    assert (loaded.transform(frame).select("prediction").collect()
            == model.transform(frame).select("prediction").collect())
    # a numeric label keeps a float prediction over Connect too
    single = NeuralNetworkRegressor(hiddenLayers=[3], maxIter=3, labelCol="y1",
                                    seed=SEED).fit(frame)
    assert not single.predictsVector and single.layers == [2, 3, 1]
    assert isinstance(single.predict(Vectors.dense([0.1, 0.2])), float)


def test_multi_label_through_connect(spark, tmp_path):
    train = label_set_frame(spark, 300)
    nn = NeuralNetworkMultiLabelClassifier(labelCol="labels", hiddenLayers=[12],
                                           activation="tanh", maxIter=40, seed=SEED)
    model = nn.fit(train)
    assert type(model) is NeuralNetworkMultiLabelClassificationModel
    assert model.layers == [3, 12, 3] and model.numLabels == 3 and model.numFeatures == 3
    scored = model.transform(label_set_frame(spark, 150, seed=SEED + 1))
    micro_f1 = MultilabelClassificationEvaluator(
        labelCol="labels", metricName="microF1Measure").evaluate(scored)
    assert micro_f1 > 0.8
    row = scored.first()
    assert model.predict(row["features"]) == row["prediction"]
    assert np.allclose(model.predictProbability(row["features"]).toArray(),
                       row["probability"].toArray())
    assert model.hasSummary and model.summary.totalIterations >= 1

    model.write().overwrite().save(str(tmp_path / "model"))
    loaded = NeuralNetworkMultiLabelClassificationModel.load(str(tmp_path / "model"))
    assert loaded.layers == [3, 12, 3] and not loaded.hasSummary
    assert (loaded.transform(train).select("prediction").collect()
            == model.transform(train).select("prediction").collect())
    nn.write().overwrite().save(str(tmp_path / "estimator"))
    assert NeuralNetworkMultiLabelClassifier.load(str(tmp_path / "estimator")).getMaxIter() == 40


def test_multi_label_cross_validation_through_connect(spark, tmp_path):
    nn = NeuralNetworkMultiLabelClassifier(labelCol="labels", activation="tanh", maxIter=20,
                                           seed=SEED)
    grid = ParamGridBuilder().addGrid(nn.hiddenLayers, [[2], [12]]).build()
    cv = CrossValidator(estimator=nn, estimatorParamMaps=grid, numFolds=2, seed=3,
                        evaluator=MultilabelClassificationEvaluator(
                            labelCol="labels", metricName="microF1Measure"))
    fitted = cv.fit(label_set_frame(spark, 300))
    assert len(fitted.avgMetrics) == 2 and fitted.avgMetrics[1] > fitted.avgMetrics[0]
    assert fitted.bestModel.getHiddenLayers() == [12]


def test_bad_vector_input_carries_the_jvm_message_over_connect(spark):
    frame = two_target_frame(spark, 20)
    with pytest.raises(IllegalArgumentException, match="NeuralNetworkMultiLabelClassifier"):
        NeuralNetworkClassifier(maxIter=2).fit(frame)
    with pytest.raises(IllegalArgumentException, match="array<double> of label indices"):
        NeuralNetworkMultiLabelClassifier(maxIter=2).fit(frame)
    bad = label_set_frame(spark, 20).selectExpr("features", "array(-1.0D) AS labels")
    with pytest.raises(IllegalArgumentException, match="'labels'.*label index -1.0"):
        NeuralNetworkMultiLabelClassifier(labelCol="labels", maxIter=2).fit(bad)
