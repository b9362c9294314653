"""Attributions over Spark Connect: the column is a param of the model, so transform computes
it on the server; featureImportances averages it with DataFrame functions."""

from attribution_checks import check_classifier, check_regressor_and_multi_label


def test_the_classifier_column_adds_up_and_feature_importances_average_it(spark):
    check_classifier(spark)


def test_regressor_and_multi_label_models_have_the_column(spark):
    check_regressor_and_multi_label(spark)
