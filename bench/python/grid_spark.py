"""spark-backprop on the benchmark's grid part, through PySpark: ``CrossValidator`` over
``NeuralNetworkClassifier(solver="adam")`` and the grid of ``grid_task.py``, timed whole (the
search and the refit of the best model; scoring on the test rows excluded), once per
``--parallelism`` (default 1 and 2), in one session on ``local[2]``. Each search has the rows in
as many partitions as the session has task slots divided by its parallelism (2 partitions at
parallelism 1, 1 at parallelism 2): a fit's barrier stage takes a task slot per partition for its
whole span, so two fits at once each get half the slots, as scikit-learn's ``n_jobs=2`` gives
each fit one core.

Runs in the project's venv (PySpark and this project's package with the jar just built).
Expects ``OPENBLAS_NUM_THREADS=1`` in its environment, which the JVM PySpark starts inherits: one
BLAS thread per Spark task. Prints JSON lines (see ``grid_task.py``).

Usage: python grid_spark.py [DATA_DIR] [--quick] [--master local[2]] [--parallelism 1,2]
       [--partitions auto|N[,N...]]
"""

import os
import sys
import time

import pyspark
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.linalg import Vectors, VectorUDT
from pyspark.ml.tuning import CrossValidator, ParamGridBuilder
from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, StructField, StructType

import sparkbackprop
from sparkbackprop.ml import NeuralNetworkClassifier

from fashion_mnist_data import libblas_target
from grid_task import HIDDEN_LAYERS, REG_PARAMS, SEED, emit, grid_record, load_task_data, \
    argument_parser, task_of

CONTENDER = "spark-backprop CrossValidator"


def parse_args(argv):
    """The common command line and this contender's options."""
    parser = argument_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--parallelism", default="1,2",
                        help="CrossValidator parallelism values, one timed search each (1,2)")
    parser.add_argument("--partitions", default="auto",
                        help="partitions of the training rows, one value for every search or one"
                        " per --parallelism value; auto: the session's task slots divided by the"
                        " search's parallelism, at least 1 (auto)")
    parser.add_argument("--driver-memory", default=os.environ.get("BENCH_GRID_HEAP", "4g"),
                        help="the JVM's heap, where local mode's tasks run too (4g)")
    return parser.parse_args(argv)


def start_session(master, driver_memory):
    """A classic PySpark session with this project's jar; Spark's own log at WARN."""
    spark = (
        sparkbackprop.with_jar(SparkSession.builder.master(master))
        .appName("spark-backprop bench grid")
        .config("spark.driver.memory", driver_memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    return spark


def partitions_per_search(spec, parallelisms, slots):
    """The training rows' partitions for each search: ``auto`` gives each of a search's
    ``parallelism`` fits at once an equal share of the ``slots`` task slots (a fit's barrier
    stage takes one slot per partition, and waits until it has them all); else the numbers
    given, one for all searches or one per search."""
    if spec == "auto":
        return [max(1, slots // parallelism) for parallelism in parallelisms]
    counts = [int(n) for n in spec.split(",")]
    if len(counts) == 1:
        return counts * len(parallelisms)
    if len(counts) != len(parallelisms):
        raise SystemExit(f"--partitions {spec}: give one value, or one per --parallelism value"
                         f" ({len(parallelisms)})")
    return counts


def frame(spark, x, y, partitions=0):
    """A DataFrame (features, label) of the rows, in memory before any timing starts (as
    scikit-learn's arrays are), in ``partitions`` partitions (0: the session's default, one per
    task slot)."""
    schema = StructType([StructField("features", VectorUDT(), False),
                         StructField("label", DoubleType(), False)])
    rows = [(Vectors.dense(features), float(label)) for features, label in zip(x, y)]
    # A DataFrame made from Python's rows keeps them inside its partitions, so every task of
    # every job over it (cached or not) would ship its partition's rows, megabytes per task, as
    # a file-backed DataFrame does not. localCheckpoint stores the rows in the block manager and
    # drops that lineage.
    df = spark.createDataFrame(rows, schema)
    if partitions and partitions != df.rdd.getNumPartitions():
        df = df.repartition(partitions)
    return df.localCheckpoint(eager=True)


def jvm_blas(spark):
    """The JVM's BLAS as the Java benchmark reports it (the library's Blas, i.e. netlib's
    BLAS.getInstance()), and for the native one, where libblas.so.3 points."""
    blas = spark.sparkContext._jvm.io.github.sparkbackprop.nn.Blas
    name = blas.implementationName()
    target = libblas_target()
    if blas.isNative() and target:
        return f"{name} (libblas.so.3 -> {target})"
    return name


def cross_validator(task, parallelism):
    """The search: 4 points, ``task.folds`` folds by accuracy, ``parallelism`` fits at once."""
    network = NeuralNetworkClassifier(solver="adam", maxIter=task.epochs, seed=SEED)
    grid = (ParamGridBuilder()
            .addGrid(network.hiddenLayers, [list(h) for h in HIDDEN_LAYERS])
            .addGrid(network.regParam, REG_PARAMS)
            .build())
    return CrossValidator(estimator=network, estimatorParamMaps=grid,
                          evaluator=MulticlassClassificationEvaluator(metricName="accuracy"),
                          numFolds=task.folds, parallelism=parallelism, seed=SEED)


def warm_up(train):
    """One untimed epoch on the rows, so that the JVM's class loading and JIT compilation are
    not charged to whichever search runs first; returns its seconds."""
    start = time.perf_counter()
    NeuralNetworkClassifier(solver="adam", maxIter=1, seed=SEED,
                            hiddenLayers=list(HIDDEN_LAYERS[0])).fit(train)
    return time.perf_counter() - start


def run_search(task, parallelism, train, test):
    """Times one whole search (fit of every fold and point, and the refit of the best on all
    rows, on ``train`` as it is partitioned) and scores its best model on the test rows; returns
    the ``grid`` line."""
    cv = cross_validator(task, parallelism)
    start = time.perf_counter()
    model = cv.fit(train)
    seconds = time.perf_counter() - start
    best = model.bestModel
    accuracy = MulticlassClassificationEvaluator(metricName="accuracy").evaluate(
        best.transform(test))
    # the refit of the best params is one fit of them: its summary says how its epochs ran
    summary = best.summary
    hidden, reg = best.getHiddenLayers(), best.getRegParam()
    return grid_record(
        CONTENDER, task, parallelism=parallelism, partitions=train.rdd.getNumPartitions(),
        seconds=seconds,
        bestHiddenLayers=list(hidden), bestRegParam=float(reg),
        bestParams={"hiddenLayers": list(hidden), "regParam": reg},
        bestCvAccuracy=float(max(model.avgMetrics)), bestTestAccuracy=float(accuracy),
        epochsRun=int(summary.totalIterations), executionMode=summary.executionMode,
        batchSize=int(summary.batchSize), stepSize=float(summary.stepSize),
        chosenParams=summary.chosenParams)


def main(argv):
    args = parse_args(argv)
    task = task_of(args)
    x, y, x_test, y_test = load_task_data(args.data_dir, task)
    spark = start_session(args.master, args.driver_memory)
    try:
        parallelisms = [int(p) for p in args.parallelism.split(",")]
        slots = spark.sparkContext.defaultParallelism
        partitions = partitions_per_search(args.partitions, parallelisms, slots)
        # every partitioning's rows in memory before the first clock starts
        trains = {n: frame(spark, x, y, n) for n in sorted(set(partitions))}
        test = frame(spark, x_test, y_test)
        jvm = spark.sparkContext._jvm
        emit({"section": "environment", "contender": CONTENDER, "spark": spark.version,
              "pyspark": pyspark.__version__, "java": jvm.System.getProperty("java.version"),
              "master": spark.sparkContext.master, "taskSlots": slots,
              "blas": jvm_blas(spark),
              "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
              "warmUpSeconds": warm_up(trains[partitions[0]])})
        for parallelism, n in zip(parallelisms, partitions):
            emit(run_search(task, parallelism, trains[n], test))
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
