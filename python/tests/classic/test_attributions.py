"""Attributions from Python (classic): the params on estimators and models, the column,
completeness, featureImportances, and the JVM's errors."""

import pytest
from pyspark.ml.linalg import Vectors

from attribution_checks import check_classifier, check_regressor_and_multi_label, features_frame
from sparkbackprop.ml import NeuralNetworkClassifier


def test_the_classifier_column_adds_up_and_feature_importances_average_it(spark):
    check_classifier(spark)


def test_regressor_and_multi_label_models_have_the_column(spark):
    check_regressor_and_multi_label(spark)


def test_the_estimator_passes_the_params_on_and_bad_values_fail_clearly(spark):
    data = features_frame(spark, 60)
    estimator = NeuralNetworkClassifier(hiddenLayers=[3], maxIter=5, attributionCol="a",
                                        attributionSteps=4)
    model = estimator.fit(data)
    assert model.getAttributionCol() == "a" and model.getAttributionSteps() == 4
    assert "a" in model.transform(data).columns
    model.setAttributionBaseline(Vectors.dense([1.0, 2.0]))
    with pytest.raises(Exception, match="attributionBaseline has 2 values.*setAttributionBaseline"):
        model.transform(data).collect()
    with pytest.raises(Exception, match="attributionSteps"):
        model.setAttributionSteps(0).transform(data).collect()
