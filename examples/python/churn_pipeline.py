"""Customer churn from PySpark: the churn-pipeline example, written in Python.

StringIndexer + OneHotEncoder for the string columns, VectorAssembler + StandardScaler, a label
StringIndexer and a NeuralNetworkClassifier, tuned by CrossValidator (hidden layers x regParam,
by area under ROC) on examples/data/customer-churn.csv, then scored on held-out rows. It ends
by timing the same PipelineModel's transform called from Python and from the JVM API: both run
the same plan in the JVM, so they should take the same time (no Python runs per row).

    scripts/run-example python-churn [--folds 3] [--max-iter 100] [--output DIR] [--master M]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import DataFrame, SparkSession

import sparkbackprop
from sparkbackprop.ml import NeuralNetworkClassifier

REPO = Path(__file__).resolve().parents[2]
NUMERIC = ["tenure_months", "monthly_charges", "support_calls"]
CATEGORICAL = ["region", "contract"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", default=str(REPO / "examples/data/customer-churn.csv"))
    parser.add_argument("--output", help="folder to save the best PipelineModel to")
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds (3)")
    parser.add_argument("--max-iter", type=int, default=100, help="l-bfgs iterations (100)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--timing-rows", type=int, default=200_000,
                        help="rows scored by the transform timing (200000; 0 skips it)")
    return parser.parse_args(argv)


def build_pipeline(network: NeuralNetworkClassifier) -> Pipeline:
    indexed = [c + "_index" for c in CATEGORICAL]
    encoded = [c + "_vector" for c in CATEGORICAL]
    return Pipeline(stages=[
        StringIndexer(inputCols=CATEGORICAL, outputCols=indexed, handleInvalid="keep"),
        OneHotEncoder(inputCols=indexed, outputCols=encoded),
        VectorAssembler(inputCols=NUMERIC + encoded, outputCol="raw"),
        StandardScaler(inputCol="raw", outputCol="features", withMean=True, withStd=True),
        StringIndexer(inputCol="churned", outputCol="label", stringOrderType="alphabetAsc"),
        network,
    ])


def time_transform(model: PipelineModel, rows: DataFrame, repeats: int = 3):
    """Seconds to score ``rows`` into a no-op sink, from Python and from the JVM API, run
    alternately; medians."""
    java_model = model._to_java()
    python_times, java_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        model.transform(rows).write.format("noop").mode("overwrite").save()
        python_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        java_model.transform(rows._jdf).write().format("noop").mode("overwrite").save()
        java_times.append(time.perf_counter() - start)
    return statistics.median(python_times), statistics.median(java_times)


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    spark = (
        sparkbackprop.with_jar(SparkSession.builder.master(args.master))
        .appName("spark-backprop python-churn")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    data = spark.read.csv(args.input, header=True, inferSchema=True)
    train, test = data.randomSplit([0.8, 0.2], seed=args.seed)
    train, test = train.cache(), test.cache()

    network = NeuralNetworkClassifier(activation="relu", solver="l-bfgs", maxIter=args.max_iter,
                                      seed=args.seed)
    grid = (ParamGridBuilder()
            .addGrid(network.hiddenLayers, [[8], [32, 16]])
            .addGrid(network.regParam, [0.0, 0.01])
            .build())
    # probability[1] = P(yes): a score in the right order for the ROC curve
    auc = BinaryClassificationEvaluator(rawPredictionCol="probability", metricName="areaUnderROC")
    cv = CrossValidator(estimator=build_pipeline(network), estimatorParamMaps=grid,
                        evaluator=auc, numFolds=args.folds, seed=args.seed)
    print(f"Cross-validating {len(grid)} candidates x {args.folds} folds on {train.count()} rows"
          f" of {args.input}")
    started = time.perf_counter()
    cv_model = cv.fit(train)
    print(f"tuned in {time.perf_counter() - started:.1f} s")
    for params, metric in zip(grid, cv_model.avgMetrics):
        described = ", ".join(f"{p.name}={v}" for p, v in params.items())
        print(f"  {described}: mean AUC {metric:.4f}")

    best = cv_model.bestModel
    best_network = best.stages[-1]
    scored = best.transform(test)
    test_auc = auc.evaluate(scored)
    test_accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(scored)
    print(f"best: hiddenLayers={best_network.getHiddenLayers()} "
          f"regParam={best_network.getRegParam()} layers={best_network.layers}")
    print(f"test AUC {test_auc:.4f}, test accuracy {test_accuracy:.4f} on {test.count()} rows")

    if args.output:
        best.write().overwrite().save(args.output)
        print(f"saved the best PipelineModel to {args.output}")

    if args.timing_rows > 0:
        copies = max(1, args.timing_rows // max(1, data.count()))
        rows = data.crossJoin(spark.range(copies).withColumnRenamed("id", "copy")).cache()
        n = rows.count()
        python_s, java_s = time_transform(best, rows)
        print(f"transform of {n} rows (median of 3, into a no-op sink): from Python "
              f"{python_s:.3f} s ({n / python_s:,.0f} rows/s), from the JVM API {java_s:.3f} s "
              f"({n / java_s:,.0f} rows/s); Python/JVM time ratio {python_s / java_s:.2f}")
        rows.unpersist()
    spark.stop()
    return test_auc, test_accuracy


if __name__ == "__main__":
    main()
