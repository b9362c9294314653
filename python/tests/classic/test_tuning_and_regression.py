"""Tuning with PySpark's CrossValidator and TrainValidationSplit, the regressor, the model
attributes and the training summary, from classic PySpark."""

import pytest
from pyspark.ml import Pipeline
from pyspark.ml.evaluation import BinaryClassificationEvaluator, RegressionEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.tuning import (
    CrossValidator,
    CrossValidatorModel,
    ParamGridBuilder,
    TrainValidationSplit,
)

from sparkbackprop.ml import (
    NeuralNetworkClassificationModel,
    NeuralNetworkRegressionModel,
    NeuralNetworkTrainingSummary,
)
from support import FEATURES, classifier, python_pipeline, regressor, ring_frame, smooth_rows


@pytest.fixture(scope="module")
def rings(spark):
    return ring_frame(spark, 400, seed=21).cache()


def grid(network):
    return (
        ParamGridBuilder()
        .addGrid(network.hiddenLayers, [[2], [16, 8]])
        .addGrid(network.regParam, [0.0, 0.001])
        .build()
    )


def test_cross_validator_tunes_hidden_layers_and_regularisation(rings, tmp_path):
    pipeline = python_pipeline(maxIter=25)
    network = pipeline.getStages()[-1]
    cv = CrossValidator(
        estimator=pipeline,
        estimatorParamMaps=grid(network),
        evaluator=BinaryClassificationEvaluator(),
        numFolds=2,
        seed=3,
    )
    model = cv.fit(rings)
    assert len(model.avgMetrics) == 4
    best = model.bestModel.stages[-1]
    assert isinstance(best, NeuralNetworkClassificationModel)
    # two hidden units cannot draw a ring; 16 and 8 can: every [16, 8] candidate scores above
    # every [2] one, and the chosen model is the candidate with the best average AUC
    by_layers = {}
    for params, metric in zip(cv.getEstimatorParamMaps(), model.avgMetrics, strict=True):
        by_layers.setdefault(tuple(params[network.hiddenLayers]), []).append(metric)
    assert min(by_layers[(16, 8)]) > max(by_layers[(2,)])
    assert best.getHiddenLayers() == [16, 8]
    best_params = cv.getEstimatorParamMaps()[model.avgMetrics.index(max(model.avgMetrics))]
    assert best.getRegParam() == best_params[network.regParam]
    model.write().overwrite().save(str(tmp_path / "cv"))
    reloaded = CrossValidatorModel.load(str(tmp_path / "cv"))
    assert type(reloaded.bestModel.stages[-1]) is NeuralNetworkClassificationModel
    assert list(reloaded.bestModel.stages[-1].weights) == list(best.weights)


def test_train_validation_split_tunes_the_step_size(rings):
    # a full batch per step keeps this to a few Spark jobs per epoch
    network = classifier(solver="adam", maxIter=15, batchSize=1000)
    pipeline = Pipeline(stages=python_pipeline().getStages()[:-1] + [network])
    tvs = TrainValidationSplit(
        estimator=pipeline,
        estimatorParamMaps=ParamGridBuilder().addGrid(network.stepSize, [1e-6, 0.05]).build(),
        evaluator=BinaryClassificationEvaluator(),
        trainRatio=0.7,
        seed=5,
    )
    model = tvs.fit(rings)
    assert model.bestModel.stages[-1].getStepSize() == 0.05
    assert max(model.validationMetrics) == model.validationMetrics[1]


def test_regressor_fits_a_smooth_function(spark):
    frame = spark.createDataFrame(smooth_rows(500), ["x1", "x2", "label"])
    features = VectorAssembler(inputCols=["x1", "x2"], outputCol="features").transform(frame)
    model = regressor().fit(features)
    assert isinstance(model, NeuralNetworkRegressionModel)
    assert model.layers == [2, 24, 1] and model.numFeatures == 2
    r2 = RegressionEvaluator(metricName="r2").evaluate(model.transform(features))
    assert r2 > 0.98
    huber = regressor(loss="huber", epsilon=0.1).fit(features)
    assert huber.getLoss() == "huber" and huber.getEpsilon() == 0.1
    assert list(huber.weights) != list(model.weights)


def test_summary_and_attributes(spark):
    rows = ring_frame(spark, 300, seed=4).withColumn("isVal", __import__(
        "pyspark.sql.functions", fromlist=["rand"]).rand(seed=1) < 0.25)
    features = VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="features").transform(rows)
    model = classifier(
        solver="adam", maxIter=6, batchSize=128, validationIndicatorCol="isVal",
        learningRateSchedule="cosine", warmupSteps=3,
    ).fit(features)
    assert model.hasSummary
    summary = model.summary
    assert isinstance(summary, NeuralNetworkTrainingSummary)
    assert summary.solver == "adam"
    assert len(summary.objectiveHistory) == summary.totalIterations + 1
    assert len(summary.validationHistory) == summary.totalIterations + 1
    assert len(summary.iterationSeconds) == summary.totalIterations
    assert summary.learningRateHistory[0] < summary.learningRateHistory[3]  # warm-up
    assert 0 <= summary.bestIteration <= summary.totalIterations
    assert summary.stopReason
    assert summary.numRows + summary.numValidationRows == 300
    assert summary.trainingSeconds > 0
    assert len(model.weights) == 3 * 16 + 16 + 16 * 8 + 8 + 8 * 2 + 2
    assert model.predictRaw(features.first()["features"]).size == 2
    # the batch, warm-up and schedule were set; the unset rate and its floor were chosen
    assert summary.batchSize == 128
    assert summary.stepSize == 0.001  # adam's base rate: batches of 128 are not scaled up
    assert summary.chosenParams == "stepSize=0.001, minLearningRate=1.0E-5"


def test_unset_batch_and_rate_are_chosen_and_reported(spark):
    rows = ring_frame(spark, 300, seed=4)
    features = VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="features").transform(rows)
    estimator = classifier(solver="adam", maxIter=2)
    assert not estimator.isSet(estimator.batchSize)
    assert not estimator.hasDefault(estimator.batchSize)  # unset means chosen, as in Java
    summary = estimator.fit(features).summary
    # 300 rows: a 16th of them, rounded down to a power of two; adam's base rate at that size
    assert summary.batchSize == 16
    assert summary.stepSize == pytest.approx(0.001)
    assert summary.chosenParams.startswith("batchSize=16, stepSize=0.001, warmupSteps=19,")
    assert "maxIter" not in summary.chosenParams  # set above
    assert summary.learningRateHistory[0] < summary.learningRateHistory[18]  # warm-up
    assert len(summary.learningRateHistory) == 2 * 19
    # whatever the user sets wins
    chosen_by_user = classifier(solver="adam", maxIter=1, batchSize=100, stepSize=0.01)
    summary = chosen_by_user.fit(features).summary
    assert (summary.batchSize, summary.stepSize, summary.chosenParams) == (100, 0.01, "")
    assert set(summary.learningRateHistory) == {0.01}  # constant, as before: no course chosen


def test_local_steps_average_rounds_of_local_steps(spark):
    rows = ring_frame(spark, 400, seed=5)
    features = (
        VectorAssembler(inputCols=["x1", "x2", "x3"], outputCol="features")
        .transform(rows).repartition(2).cache()
    )
    estimator = classifier(solver="adam", maxIter=3, batchSize=40, stepSize=0.01)
    assert estimator.getLocalSteps() == 1  # the exact mode unless asked
    exact = estimator.fit(features)
    local = estimator.copy().setLocalSteps(5).fit(features)
    # the same steps, schedule and epochs; other weights, as each step saw one partition's rows
    assert local.summary.learningRateHistory == exact.summary.learningRateHistory
    assert len(local.summary.objectiveHistory) == 4
    assert max(abs(a - b) for a, b in zip(local.weights, exact.weights, strict=True)) > 1e-6
    features.unpersist()


def test_the_summary_says_which_execution_mode_ran_and_both_train_the_same_model(spark):
    # two partitions: a task slot for each on local[2], so auto takes barrier stages
    assembler = VectorAssembler(inputCols=FEATURES, outputCol="features")
    rows = assembler.transform(ring_frame(spark, 300, seed=5)).repartition(2).cache()
    network = classifier(solver="adam", batchSize=32, stepSize=0.01, maxIter=3, seed=9)
    auto = network.fit(rows)
    per_step = network.copy().setExecutionMode("perStep").fit(rows)
    barrier = network.copy().setExecutionMode("barrier").fit(rows)
    assert auto.summary.executionMode == "barrier"
    assert auto.summary.blas.split(":")[0] in ("JNIBLAS", "VectorBLAS", "Java11BLAS", "Java8BLAS")
    assert per_step.summary.executionMode == "perStep"
    assert barrier.summary.executionMode == "barrier"
    assert network.getExecutionMode() == "auto"
    assert len(barrier.weights) == len(per_step.weights) > 0
    assert list(barrier.weights) == list(per_step.weights)
    lbfgs = classifier(maxIter=2).fit(rows)
    assert lbfgs.summary.executionMode == "perStep"
    rows.unpersist()


def test_balanced_class_weights_are_n_over_k_n_c_in_the_summary(spark):
    from pyspark.sql import functions as F

    from sparkbackprop.ml import NeuralNetworkMultiLabelClassifier

    assembler = VectorAssembler(inputCols=FEATURES, outputCol="features")
    rows = (
        assembler.transform(ring_frame(spark, 200, seed=6))
        .withColumn("w", 0.5 + F.col("x1") * F.col("x1"))
        .cache()
    )
    network = classifier(maxIter=2, classWeighting="Balanced")  # any case, as in Java
    model = network.fit(rows)
    assert model.getClassWeighting().lower() == "balanced"
    counts = {r["label"]: r["count"] for r in rows.groupBy("label").count().collect()}
    n, k = sum(counts.values()), 2
    expected = [n / (k * counts[c]) for c in (0.0, 1.0)]
    assert model.summary.classWeights == pytest.approx(expected, rel=1e-12)
    assert model.summary.labelPositiveWeights is None
    # with weightCol, n and n_c are sums of the weights
    weighted = network.copy().setWeightCol("w").fit(rows)
    sums = {r["label"]: r["s"] for r in rows.groupBy("label").agg(F.sum("w").alias("s")).collect()}
    total = sum(sums.values())
    assert weighted.summary.classWeights == pytest.approx(
        [total / (k * sums[c]) for c in (0.0, 1.0)], rel=1e-12
    )
    assert classifier(maxIter=1).fit(rows).summary.classWeights is None

    # multi-label: each label's positives against its negatives, n / (2 n_pos), n / (2 n_neg)
    tagged = rows.withColumn(
        "tags",
        F.filter(
            F.array(
                F.when(F.col("label") == 1.0, F.lit(0.0)),
                F.when(F.col("x1") > 0.8, F.lit(1.0)),
            ),
            lambda t: t.isNotNull(),
        ),
    )
    multi = NeuralNetworkMultiLabelClassifier(
        labelCol="tags", hiddenLayers=[4], maxIter=2, classWeighting="balanced", seed=3
    )
    assert multi.getClassWeighting() == "balanced"
    summary = multi.fit(tagged).summary
    assert summary.classWeights is None
    for j in (0, 1):
        positives = tagged.where(F.array_contains("tags", float(j))).count()
        assert summary.labelPositiveWeights[j] == pytest.approx(n / (2 * positives), rel=1e-12)
        assert summary.labelNegativeWeights[j] == pytest.approx(
            n / (2 * (n - positives)), rel=1e-12
        )
    rows.unpersist()


def test_dropout_repeats_changes_the_training_and_is_refused_by_lbfgs(spark):
    from pyspark.errors import IllegalArgumentException

    assembler = VectorAssembler(inputCols=FEATURES, outputCol="features")
    rows = assembler.transform(ring_frame(spark, 300, seed=8)).repartition(2).cache()
    network = classifier(solver="adam", batchSize=32, stepSize=0.01, maxIter=3, seed=4)
    dropped = network.copy().setDropout(0.3)
    assert dropped.getDropout() == 0.3 and network.getDropout() == 0.0
    first, again = dropped.fit(rows), dropped.fit(rows)
    plain = network.fit(rows)
    # a seeded fit repeats bit for bit; the masks changed what it trained
    assert list(first.weights) == list(again.weights)
    assert len(first.weights) == len(plain.weights)
    assert max(abs(a - b) for a, b in zip(first.weights, plain.weights, strict=True)) > 1e-4
    # scoring uses every unit: the model predicts what its own raw scores say
    scored = first.transform(rows).select("rawPrediction", "prediction").collect()
    assert all(float(r.rawPrediction.argmax()) == r.prediction for r in scored)
    with pytest.raises(IllegalArgumentException) as refused:
        classifier(solver="l-bfgs", dropout=0.2, maxIter=2).fit(rows)
    message = str(refused.value)
    assert "dropout" in message and "l-bfgs" in message and "adam" in message
    rows.unpersist()
